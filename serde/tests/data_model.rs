//! Every part of serde's data model, deserialised from Nix values.

use serde::Deserialize;
use serde::de::{Deserializer as _, Visitor};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;
use tvix_serde::from_str;

fn load<T: serde::de::DeserializeOwned>(src: &str) -> T {
    from_str(src).unwrap_or_else(|e| panic!("{src}: {e}"))
}

#[test]
fn booleans() {
    assert!(load::<bool>("true"));
    assert!(!load::<bool>("1 == 2"));
}

#[test]
fn integers_of_every_width() {
    assert_eq!(load::<i8>("-128"), i8::MIN);
    assert_eq!(load::<i16>("-32768"), i16::MIN);
    assert_eq!(load::<i32>("2147483647"), i32::MAX);
    assert_eq!(load::<i64>("-9223372036854775807 - 1"), i64::MIN);
    assert_eq!(load::<i128>("-5"), -5i128);
    assert_eq!(load::<u8>("255"), u8::MAX);
    assert_eq!(load::<u16>("65535"), u16::MAX);
    assert_eq!(load::<u32>("4294967295"), u32::MAX);
    assert_eq!(load::<u64>("9223372036854775807"), i64::MAX as u64);
    assert_eq!(load::<u128>("42"), 42u128);
    assert_eq!(load::<usize>("7"), 7usize);
    assert_eq!(load::<isize>("-7"), -7isize);
    assert_eq!(
        load::<std::num::NonZeroU32>("3"),
        std::num::NonZeroU32::new(3).unwrap()
    );
}

#[test]
fn floats_from_floats_and_integers() {
    assert_eq!(load::<f64>("1.5"), 1.5);
    assert_eq!(load::<f64>("3"), 3.0);
    assert_eq!(load::<f32>("0.25"), 0.25f32);
    assert_eq!(load::<f32>("-2"), -2.0f32);
    assert_eq!(load::<f32>("3.4e38"), 3.4e38f32);
    assert_eq!(load::<f64>("1.0e300"), 1.0e300);
}

#[test]
fn chars_from_one_character_strings() {
    assert_eq!(load::<char>(r#""x""#), 'x');
    assert_eq!(load::<char>(r#""é""#), 'é');
    assert_eq!(load::<Vec<char>>(r#"[ "a" "∑" ]"#), ['a', '∑']);
}

#[test]
fn strings_are_their_contents() {
    assert_eq!(load::<String>(r#""plain""#), "plain");
    assert_eq!(
        load::<String>(r#""quote \" and ${"interp"}olation""#),
        "quote \" and interpolation"
    );
    assert_eq!(
        load::<String>("''\n  indented\n    text\n''"),
        "indented\n  text\n"
    );
    assert_eq!(load::<Box<str>>(r#""boxed""#).as_ref(), "boxed");
    assert_eq!(load::<std::borrow::Cow<'static, str>>(r#""cow""#), "cow");
}

/// A byte buffer deserialised through `deserialize_byte_buf`.
#[derive(Debug, PartialEq)]
struct Bytes(Vec<u8>);

impl<'de> Deserialize<'de> for Bytes {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct BytesVisitor;
        impl<'de> Visitor<'de> for BytesVisitor {
            type Value = Bytes;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("bytes")
            }
            fn visit_bytes<E>(self, v: &[u8]) -> Result<Bytes, E> {
                Ok(Bytes(v.to_vec()))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Bytes, A::Error> {
                let mut out = Vec::new();
                while let Some(b) = seq.next_element()? {
                    out.push(b);
                }
                Ok(Bytes(out))
            }
        }
        d.deserialize_byte_buf(BytesVisitor)
    }
}

/// Bytes borrowed for the call only, through `deserialize_bytes`.
#[derive(Debug, PartialEq)]
struct ByteLen(usize);

impl<'de> Deserialize<'de> for ByteLen {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct LenVisitor;
        impl<'de> Visitor<'de> for LenVisitor {
            type Value = ByteLen;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("bytes")
            }
            fn visit_bytes<E>(self, v: &[u8]) -> Result<ByteLen, E> {
                Ok(ByteLen(v.len()))
            }
        }
        d.deserialize_bytes(LenVisitor)
    }
}

#[test]
fn bytes_from_strings_paths_and_lists() {
    assert_eq!(load::<Bytes>(r#""abc""#), Bytes(b"abc".to_vec()));
    assert_eq!(load::<Bytes>("/etc/hosts"), Bytes(b"/etc/hosts".to_vec()));
    assert_eq!(load::<Bytes>("[ 1 2 255 ]"), Bytes(vec![1, 2, 255]));
    assert_eq!(load::<ByteLen>(r#""héllo""#), ByteLen(6));
    // Not UTF-8 (the first byte of "é"): fine as bytes.
    assert_eq!(
        load::<Bytes>(r#"builtins.substring 0 1 "é""#),
        Bytes(vec![0xC3])
    );
}

#[test]
fn options_from_null_values_and_missing_attributes() {
    #[derive(Deserialize, Debug, PartialEq)]
    struct Opts {
        given: Option<u8>,
        null: Option<u8>,
        missing: Option<u8>,
        nested: Option<Option<bool>>,
    }
    assert_eq!(
        load::<Opts>("{ given = 1; null = null; nested = true; }"),
        Opts {
            given: Some(1),
            null: None,
            missing: None,
            nested: Some(Some(true))
        }
    );
    assert_eq!(load::<Option<String>>("null"), None);
    assert_eq!(load::<Option<String>>(r#""x""#), Some("x".into()));
}

#[test]
fn unit_and_unit_structs_from_null() {
    #[derive(Deserialize, Debug, PartialEq)]
    struct Marker;
    load::<()>("null");
    assert_eq!(load::<Marker>("null"), Marker);
    assert_eq!(load::<Vec<()>>("[ null null ]").len(), 2);
}

#[test]
fn newtype_structs_wrap_their_contents() {
    #[derive(Deserialize, Debug, PartialEq)]
    struct Port(u16);
    #[derive(Deserialize, Debug, PartialEq)]
    struct Name(String);
    assert_eq!(load::<Port>("80"), Port(80));
    assert_eq!(load::<Name>(r#""db""#), Name("db".into()));
    assert_eq!(load::<Vec<Port>>("[ 1 2 ]"), [Port(1), Port(2)]);
}

#[test]
fn sequences_tuples_and_tuple_structs_from_lists() {
    #[derive(Deserialize, Debug, PartialEq)]
    struct Pair(String, i32);
    assert_eq!(load::<Vec<i32>>("[ 1 2 3 ]"), [1, 2, 3]);
    assert_eq!(load::<Vec<i32>>("[ ]"), Vec::<i32>::new());
    assert_eq!(
        load::<(u8, String, bool)>(r#"[ 1 "two" true ]"#),
        (1, "two".into(), true)
    );
    assert_eq!(load::<[u8; 3]>("[ 7 8 9 ]"), [7, 8, 9]);
    assert_eq!(load::<Pair>(r#"[ "x" (-1) ]"#), Pair("x".into(), -1));
    assert_eq!(
        load::<BTreeSet<u8>>("[ 3 1 2 1 ]"),
        BTreeSet::from([1, 2, 3])
    );
    assert_eq!(
        load::<Vec<Vec<u8>>>("[ [ 1 ] [ ] [ 2 3 ] ]"),
        vec![vec![1], vec![], vec![2, 3]]
    );
    // Long lists use another representation inside the evaluator.
    assert_eq!(
        load::<Vec<i64>>("builtins.genList (i: i * i) 1000")[999],
        998_001
    );
}

#[test]
fn maps_from_attribute_sets_with_parsed_keys() {
    assert_eq!(
        load::<BTreeMap<String, u8>>("{ b = 2; a = 1; }"),
        BTreeMap::from([("a".into(), 1), ("b".into(), 2)])
    );
    assert_eq!(
        load::<HashMap<u16, String>>(r#"{ "80" = "http"; "443" = "https"; }"#),
        HashMap::from([(80, "http".into()), (443, "https".into())])
    );
    assert_eq!(
        load::<BTreeMap<i64, bool>>(r#"{ "-1" = true; }"#),
        BTreeMap::from([(-1, true)])
    );
    assert_eq!(
        load::<BTreeMap<bool, u8>>(r#"{ "true" = 1; }"#),
        BTreeMap::from([(true, 1)])
    );
    assert_eq!(
        load::<BTreeMap<char, u8>>(r#"{ x = 1; }"#),
        BTreeMap::from([('x', 1)])
    );
    assert_eq!(load::<BTreeMap<String, u8>>("{ }"), BTreeMap::new());
    let big = load::<BTreeMap<String, usize>>(
        "builtins.listToAttrs (builtins.genList (i: { name = \"k${toString i}\"; value = i; }) 100)",
    );
    assert_eq!(big.len(), 100);
    assert_eq!(big["k42"], 42);
}

#[test]
fn structs_with_renames_defaults_and_ignored_attributes() {
    fn default_workers() -> u32 {
        4
    }
    #[derive(Deserialize, Debug, PartialEq)]
    #[serde(rename_all = "camelCase")]
    struct Server {
        listen_address: String,
        #[serde(default = "default_workers")]
        workers: u32,
        #[serde(default)]
        debug: bool,
        #[serde(rename = "type")]
        kind: String,
    }
    assert_eq!(
        load::<Server>(r#"{ listenAddress = "::"; type = "http"; unrelated = x: x; }"#),
        Server {
            listen_address: "::".into(),
            workers: 4,
            debug: false,
            kind: "http".into()
        }
    );
    #[derive(Deserialize, Debug, PartialEq)]
    struct Point {
        x: i32,
        y: i32,
    }
    assert_eq!(
        load::<Point>("rec { x = 1; y = x + 1; }"),
        Point { x: 1, y: 2 }
    );
}

#[test]
fn paths_into_pathbuf_and_strings() {
    assert_eq!(load::<PathBuf>("/etc/nixos"), PathBuf::from("/etc/nixos"));
    assert_eq!(load::<String>("/var/lib/db"), "/var/lib/db");
    assert_eq!(
        load::<PathBuf>(r#""/from/string""#),
        PathBuf::from("/from/string")
    );
    let relative: PathBuf =
        tvix_serde::from_str_with_config("./data", |b| b.expression_dir("/srv")).unwrap();
    assert_eq!(relative, PathBuf::from("/srv/data"));
}

#[test]
fn functions_are_fine_in_ignored_fields() {
    #[derive(Deserialize, Debug, PartialEq)]
    struct Only {
        keep: u8,
    }
    assert_eq!(
        load::<Only>("{ keep = 1; f = x: x; g = builtins.map; }"),
        Only { keep: 1 }
    );
    #[derive(Deserialize, Debug, PartialEq)]
    struct Skips {
        #[serde(skip_deserializing)]
        skipped: Option<u8>,
        keep: u8,
    }
    assert_eq!(
        load::<Skips>("{ keep = 2; skipped = x: x; }"),
        Skips {
            skipped: None,
            keep: 2
        }
    );
    assert_eq!(load::<serde::de::IgnoredAny>("x: x"), serde::de::IgnoredAny);
}

#[test]
fn values_shared_or_computed_lazily_deserialise_fully() {
    #[derive(Deserialize, Debug, PartialEq)]
    struct Node {
        name: String,
        children: Vec<Node>,
    }
    let tree = load::<Node>(
        r#"let leaf = n: { name = n; children = [ ]; };
           shared = leaf "s";
           in { name = "root"; children = [ shared shared (leaf "t") ]; }"#,
    );
    assert_eq!(tree.children.len(), 3);
    assert_eq!(tree.children[1].name, "s");
    assert_eq!(tree.children[2].name, "t");
}

#[test]
fn deserialize_any_sees_every_kind_of_value() {
    let json: serde_json::Value = load(
        r#"{ n = null; b = true; i = -3; f = 0.5; s = "x"; p = /tmp; l = [ 1 "a" ]; a = { }; }"#,
    );
    assert_eq!(
        json,
        serde_json::json!({
            "n": null, "b": true, "i": -3, "f": 0.5, "s": "x", "p": "/tmp",
            "l": [1, "a"], "a": {}
        })
    );
}

#[test]
fn deserializer_is_usable_directly() {
    let result = tvix_eval::Evaluation::builder().build().evaluate("[ 1 2 ]");
    let value = result.value.unwrap();
    let de = tvix_serde::Deserializer::new(&value);
    let sum = de
        .deserialize_seq(SumVisitor)
        .expect("a list of integers sums");
    assert_eq!(sum, 3);
}

struct SumVisitor;

impl<'de> Visitor<'de> for SumVisitor {
    type Value = i64;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("integers")
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<i64, A::Error> {
        let mut sum = 0;
        while let Some(n) = seq.next_element::<i64>()? {
            sum += n;
        }
        Ok(sum)
    }
}
