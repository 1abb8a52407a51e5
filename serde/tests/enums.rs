//! Every enum representation serde derives: externally tagged (the
//! native one), internally tagged, adjacently tagged, untagged; and
//! `#[serde(flatten)]`, which goes through `deserialize_any` as well.

use serde::Deserialize;
use std::collections::BTreeMap;
use tvix_serde::from_str;

fn load<T: serde::de::DeserializeOwned>(src: &str) -> T {
    from_str(src).unwrap_or_else(|e| panic!("{src}: {e}"))
}

#[derive(Deserialize, Debug, PartialEq)]
enum External {
    Off,
    Port(u16),
    Pair(String, u8),
    Tls { cert: String, key: String },
}

#[test]
fn externally_tagged_unit_variants_as_strings_or_sets() {
    assert_eq!(load::<External>(r#""Off""#), External::Off);
    assert_eq!(load::<External>("{ Off = null; }"), External::Off);
}

#[test]
fn externally_tagged_variants_with_contents() {
    assert_eq!(load::<External>("{ Port = 443; }"), External::Port(443));
    assert_eq!(
        load::<External>(r#"{ Pair = [ "a" 1 ]; }"#),
        External::Pair("a".into(), 1)
    );
    assert_eq!(
        load::<External>(r#"{ Tls = { cert = "c.pem"; key = "k.pem"; }; }"#),
        External::Tls {
            cert: "c.pem".into(),
            key: "k.pem".into()
        }
    );
    assert_eq!(
        load::<Vec<External>>(r#"[ "Off" { Port = 1; } ]"#),
        [External::Off, External::Port(1)]
    );
}

#[test]
fn variant_names_follow_serde_renames() {
    #[derive(Deserialize, Debug, PartialEq)]
    #[serde(rename_all = "kebab-case")]
    enum Level {
        Debug,
        VeryLoud,
        #[serde(rename = "warn")]
        Warning,
        #[serde(other)]
        Unknown,
    }
    assert_eq!(load::<Level>(r#""debug""#), Level::Debug);
    assert_eq!(load::<Level>(r#""very-loud""#), Level::VeryLoud);
    assert_eq!(load::<Level>(r#""warn""#), Level::Warning);
    assert_eq!(load::<Level>(r#""trace""#), Level::Unknown);
}

#[test]
fn enum_keys_of_maps() {
    #[derive(Deserialize, Debug, PartialEq, Eq, PartialOrd, Ord)]
    #[serde(rename_all = "lowercase")]
    enum Env {
        Dev,
        Prod,
    }
    assert_eq!(
        load::<BTreeMap<Env, u8>>("{ dev = 1; prod = 3; }"),
        BTreeMap::from([(Env::Dev, 1), (Env::Prod, 3)])
    );
}

#[derive(Deserialize, Debug, PartialEq)]
#[serde(tag = "type", rename_all = "lowercase")]
enum Internal {
    Tcp { port: u16 },
    Unix { path: std::path::PathBuf },
    Stdio,
}

#[test]
fn internally_tagged() {
    assert_eq!(
        load::<Internal>(r#"{ type = "tcp"; port = 80; }"#),
        Internal::Tcp { port: 80 }
    );
    assert_eq!(
        load::<Internal>(r#"{ type = "unix"; path = /run/app.sock; }"#),
        Internal::Unix {
            path: "/run/app.sock".into()
        }
    );
    assert_eq!(load::<Internal>(r#"{ type = "stdio"; }"#), Internal::Stdio);
}

#[derive(Deserialize, Debug, PartialEq)]
#[serde(tag = "kind", content = "spec")]
enum Adjacent {
    Replicas(u32),
    Autoscale { min: u32, max: u32 },
    Manual,
}

#[test]
fn adjacently_tagged() {
    assert_eq!(
        load::<Adjacent>(r#"{ kind = "Replicas"; spec = 3; }"#),
        Adjacent::Replicas(3)
    );
    assert_eq!(
        load::<Adjacent>(r#"{ kind = "Autoscale"; spec = { min = 1; max = 5; }; }"#),
        Adjacent::Autoscale { min: 1, max: 5 }
    );
    assert_eq!(
        load::<Adjacent>(r#"{ kind = "Manual"; }"#),
        Adjacent::Manual
    );
}

#[derive(Deserialize, Debug, PartialEq)]
#[serde(untagged)]
enum Untagged {
    Flag(bool),
    Count(i64),
    Ratio(f64),
    Name(String),
    Many(Vec<Untagged>),
    Full { host: String, port: u16 },
    Nothing(()),
}

#[test]
fn untagged() {
    assert_eq!(load::<Untagged>("true"), Untagged::Flag(true));
    assert_eq!(load::<Untagged>("7"), Untagged::Count(7));
    assert_eq!(load::<Untagged>("0.5"), Untagged::Ratio(0.5));
    assert_eq!(load::<Untagged>(r#""db""#), Untagged::Name("db".into()));
    assert_eq!(load::<Untagged>("null"), Untagged::Nothing(()));
    assert_eq!(
        load::<Untagged>(r#"[ 1 "x" { host = "h"; port = 2; } ]"#),
        Untagged::Many(vec![
            Untagged::Count(1),
            Untagged::Name("x".into()),
            Untagged::Full {
                host: "h".into(),
                port: 2
            },
        ])
    );
}

#[test]
fn flatten_collects_and_splits_attributes() {
    #[derive(Deserialize, Debug, PartialEq)]
    struct Common {
        name: String,
    }
    #[derive(Deserialize, Debug, PartialEq)]
    struct Service {
        #[serde(flatten)]
        common: Common,
        #[serde(flatten)]
        transport: Internal,
        #[serde(flatten)]
        rest: BTreeMap<String, serde_json::Value>,
    }
    assert_eq!(
        load::<Service>(r#"{ name = "api"; type = "tcp"; port = 8080; extra = [ 1 ]; }"#),
        Service {
            common: Common { name: "api".into() },
            transport: Internal::Tcp { port: 8080 },
            // serde hands the attributes an enum took to later flattened
            // fields too.
            rest: BTreeMap::from([
                ("extra".into(), serde_json::json!([1])),
                ("port".into(), serde_json::json!(8080)),
                ("type".into(), serde_json::json!("tcp")),
            ]),
        }
    );
}
