//! proptest strategies for values to write as Nix: nested JSON-like
//! values and typed records, with strings and names full of what Nix
//! must quote or escape (arbitrary Unicode, `${`, `\`, `"`, newlines,
//! keywords).

use super::model::External;
use proptest::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::Value as Json;
use std::collections::BTreeMap;

/// Any character but NUL (which Nix strings cannot hold), often one
/// that Nix source treats specially.
pub fn nasty_char() -> impl Strategy<Value = char> {
    prop_oneof![
        3 => any::<char>().prop_filter("Nix strings hold no NUL", |c| *c != '\0'),
        2 => prop::sample::select(vec![
            '$', '{', '}', '\\', '"', '\n', '\r', '\t', '\'', '.', ' ', '-', '#', '/', '*',
            '=', ';', '\u{1}', '\u{7f}', '\u{a0}', '\u{2028}', '\u{feff}', 'é', '🦀',
        ]),
    ]
}

/// Strings (and attribute names) of such characters, or words that are
/// Nix keywords or otherwise special.
pub fn nasty_string() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::collection::vec(nasty_char(), 0..12).prop_map(|chars| chars.into_iter().collect()),
        1 => prop::sample::select(vec![
            "", "if", "then", "else", "assert", "with", "let", "in", "rec", "inherit", "or",
            "true", "false", "null", "${", "${x}", "$${x}", "''", "''${", "a.b", "a-b", "a'",
            "_", "1", "-1", "1.5", "__functor", "__curPos", "\\${", "$",
        ])
        .prop_map(String::from),
    ]
}

/// Finite floats of every kind: normal, subnormal, zeros of both signs,
/// the extremes.
pub fn finite_f64() -> impl Strategy<Value = f64> {
    prop_oneof![
        any::<f64>().prop_filter("finite", |x| x.is_finite()),
        prop::sample::select(vec![
            0.0,
            -0.0,
            f64::MAX,
            f64::MIN,
            f64::MIN_POSITIVE,
            -f64::MIN_POSITIVE,
            5e-324,
            -5e-324,
            1.0,
            0.1,
            1e16,
            9007199254740993.0,
        ]),
    ]
}

/// Finite `f32`s of every kind.
pub fn finite_f32() -> impl Strategy<Value = f32> {
    prop_oneof![
        any::<f32>().prop_filter("finite", |x| x.is_finite()),
        prop::sample::select(vec![
            0.0f32,
            -0.0,
            f32::MAX,
            f32::MIN,
            f32::MIN_POSITIVE,
            1e-45,
            0.1,
            16777217.0,
        ]),
    ]
}

/// Nested JSON-like values: what `serde_json::Value` holds, with `i64`
/// integers (Nix's range) and finite floats.
pub fn json() -> impl Strategy<Value = Json> {
    let leaf = prop_oneof![
        Just(Json::Null),
        any::<bool>().prop_map(Json::Bool),
        any::<i64>().prop_map(Json::from),
        prop::sample::select(vec![i64::MIN, i64::MAX, -1, 0]).prop_map(Json::from),
        finite_f64().prop_map(Json::from),
        nasty_string().prop_map(Json::String),
    ];
    leaf.prop_recursive(5, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Json::Array),
            prop::collection::btree_map(nasty_string(), inner, 0..8)
                .prop_map(|map| Json::Object(map.into_iter().collect())),
        ]
    })
}

/// A typed record with a field of most kinds of serde's data model.
#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
pub struct Record {
    pub flag: bool,
    pub signed: (i8, i16, i32, i64),
    pub unsigned: (u8, u16, u32, u64),
    pub wide: i128,
    pub single: f32,
    pub double: f64,
    pub letter: char,
    pub text: String,
    pub maybe: Option<String>,
    pub shape: External,
    pub lists: BTreeMap<String, Vec<i64>>,
    pub numbered: BTreeMap<i32, Option<bool>>,
}

pub fn external() -> impl Strategy<Value = External> {
    prop_oneof![
        Just(External::Off),
        any::<u16>().prop_map(External::Port),
        (nasty_string(), any::<i8>()).prop_map(|(s, n)| External::Pair(s, n)),
        (nasty_string(), proptest::option::of(nasty_string())).prop_map(|(cert, key)| {
            External::Tls {
                cert: cert.into(),
                key,
            }
        }),
    ]
}

pub fn record() -> impl Strategy<Value = Record> {
    (
        any::<bool>(),
        any::<(i8, i16, i32, i64)>(),
        (any::<u8>(), any::<u16>(), any::<u32>(), 0..=i64::MAX as u64),
        (i64::MIN as i128)..=(i64::MAX as i128),
        (finite_f32(), finite_f64()),
        nasty_char(),
        (nasty_string(), proptest::option::of(nasty_string())),
        external(),
        prop::collection::btree_map(
            nasty_string(),
            prop::collection::vec(any::<i64>(), 0..6),
            0..4,
        ),
        prop::collection::btree_map(any::<i32>(), proptest::option::of(any::<bool>()), 0..4),
    )
        .prop_map(
            |(
                flag,
                signed,
                unsigned,
                wide,
                (single, double),
                letter,
                (text, maybe),
                shape,
                lists,
                numbered,
            )| {
                Record {
                    flag,
                    signed,
                    unsigned,
                    wide,
                    single,
                    double,
                    letter,
                    text,
                    maybe,
                    shape,
                    lists,
                    numbered,
                }
            },
        )
}
