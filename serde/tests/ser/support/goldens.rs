//! The values whose `to_string` text is recorded in
//! `tests/ser/goldens/NAME.nix`, each with the JSON of the Rust value
//! (for the check against C++ Nix).

use super::model::{External, everything};
use serde::Serialize;
use serde_json::Value as Json;
use std::collections::BTreeMap;

/// One recorded value: its name, its Nix text, its JSON.
pub struct Golden {
    pub name: &'static str,
    pub text: String,
    pub json: Json,
}

fn golden<T: Serialize>(name: &'static str, value: T) -> Golden {
    Golden {
        name,
        text: tvix_serde::to_string(&value).unwrap_or_else(|e| panic!("{name}: {e}")),
        json: serde_json::to_value(&value).unwrap_or_else(|e| panic!("{name}: {e}")),
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Service {
    name: String,
    listen: Listen,
    workers: u32,
    features: Vec<String>,
    upstreams: Vec<Upstream>,
    tls: External,
    headers: BTreeMap<String, String>,
    cache: Option<String>,
}

#[derive(Serialize)]
struct Listen {
    address: String,
    port: u16,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Upstream {
    name: String,
    url: String,
    weight: u8,
    health_check: Option<String>,
}

fn service() -> Service {
    Service {
        name: "shop-api".into(),
        listen: Listen {
            address: "0.0.0.0".into(),
            port: 8080,
        },
        workers: 8,
        features: vec!["checkout".into(), "recommendations".into()],
        upstreams: ["catalog", "payments"]
            .into_iter()
            .enumerate()
            .map(|(i, name)| Upstream {
                name: name.into(),
                url: format!("http://{name}.production.shop.internal"),
                weight: i as u8 + 1,
                health_check: (i == 0).then(|| "/healthz".into()),
            })
            .collect(),
        tls: External::Tls {
            cert: "/etc/ssl/shop.pem".into(),
            key: Some("/etc/ssl/shop.key".into()),
        },
        headers: BTreeMap::from([
            ("X-Frame-Options".into(), "DENY".into()),
            (
                "Strict-Transport-Security".into(),
                "max-age=63072000".into(),
            ),
        ]),
        cache: None,
    }
}

/// Every recorded value.
pub fn goldens() -> Vec<Golden> {
    vec![
        golden("everything", everything()),
        golden("service", service()),
        golden(
            "lists",
            BTreeMap::from([
                ("short", vec![1, -2, 3]),
                // `  long = [ 10000 ... 10011 ];` would take 81 columns.
                ("long", (10000..10012).collect::<Vec<i64>>()),
                // 79 columns.
                ("fits", (10000..10011).collect()),
                ("empty", vec![]),
            ]),
        ),
        golden(
            "nested_lists",
            vec![
                vec![],
                vec![vec![1.5, -0.0], vec![]],
                vec![vec![i64::MIN as f64]],
            ],
        ),
        golden(
            "floats",
            vec![
                0.0,
                -0.0,
                1.0,
                -1.0,
                0.1,
                1.0 / 3.0,
                1e16,
                1e300,
                f64::MAX,
                f64::MIN,
                f64::EPSILON,
                f64::MIN_POSITIVE,
                5e-324,
                -2.5e-310,
                123456789.125,
            ],
        ),
        golden(
            "integers",
            (
                i64::MIN,
                i64::MIN + 1,
                -1i8,
                0u8,
                u32::MAX,
                i64::MAX,
                i128::from(i64::MAX),
                u128::MAX >> 65,
            ),
        ),
        golden(
            "names",
            BTreeMap::from(
                [
                    "plain",
                    "with-dash",
                    "it's",
                    "_under",
                    "if",
                    "then",
                    "else",
                    "assert",
                    "with",
                    "let",
                    "in",
                    "rec",
                    "inherit",
                    "or",
                    "true",
                    "null",
                    "__functor2",
                    "8080",
                    "a.b",
                    "a b",
                    "",
                    "${x}",
                    "$",
                    "quote\"",
                    "back\\slash",
                    "new\nline",
                    "tab\t",
                    "é",
                    "-dash",
                    "'quote",
                ]
                .map(|k| (k, 1)),
            ),
        ),
        golden(
            "strings",
            vec![
                "",
                "plain",
                "\"quoted\"",
                "back\\slash",
                "${interpolation}",
                "$${double}",
                "dollar$",
                "$",
                "''",
                "line\nbreak\r\n",
                "\ttab",
                "\u{1}\u{7f}\u{b}\u{c}",
                "ünïcödé ∑ 🦀 \u{2028}",
            ],
        ),
        golden("top_level_string", "a \"string\""),
        golden("top_level_negative", -5),
        golden("top_level_unit_variant", External::Off),
        golden("top_level_empty_set", BTreeMap::<String, i32>::new()),
        golden("top_level_empty_list", Vec::<i32>::new()),
    ]
}
