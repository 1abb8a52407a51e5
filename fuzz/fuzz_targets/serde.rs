//! tvix-serde: Nix source deserialised into types of every serde shape
//! (scalars, options, sequences, maps, tuples, unit, enums in all four
//! representations, flattening, borrowed-free owned data). Either the
//! value fits or an error says why; nothing panics. Literal data, which
//! the loaders read straight from the syntax tree, must load as its
//! evaluated value does.

#![no_main]

use libfuzzer_sys::fuzz_target;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::time::Duration;
use tvix_eval::Limits;

#[derive(Deserialize, Debug)]
#[allow(dead_code)]
enum External {
    Unit,
    Newtype(i64),
    Tuple(u8, String),
    Struct { a: Option<f64>, b: Vec<bool> },
}

#[derive(Deserialize, Debug)]
#[serde(tag = "type")]
#[allow(dead_code)]
enum Internal {
    Tcp { port: u16 },
    Unix { path: std::path::PathBuf },
    Off,
}

#[derive(Deserialize, Debug)]
#[serde(tag = "kind", content = "spec")]
#[allow(dead_code)]
enum Adjacent {
    Replicas(u32),
    Auto,
}

#[derive(Deserialize, Debug)]
#[serde(untagged)]
#[allow(dead_code)]
enum Untagged {
    Number(i32),
    Text(String),
    List(Vec<Untagged>),
    Map(BTreeMap<String, Untagged>),
}

#[derive(Deserialize, Debug)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
struct Everything {
    flag: bool,
    small: i8,
    big: u64,
    ratio: f32,
    letter: char,
    name: String,
    bytes: Vec<u8>,
    maybe: Option<Box<Everything>>,
    list: Vec<External>,
    map: HashMap<String, i32>,
    pair: (i32, bool),
    unit: (),
    internal: Internal,
    adjacent: Adjacent,
    #[serde(default)]
    untagged: Option<Untagged>,
    #[serde(flatten)]
    rest: BTreeMap<String, serde::de::IgnoredAny>,
}

/// Any value, to compare the two roads by.
#[derive(Deserialize, Debug, PartialEq)]
#[serde(untagged)]
enum Any {
    Null(()),
    Bool(bool),
    Int(i64),
    Float(f64),
    Text(String),
    List(Vec<Any>),
    Map(BTreeMap<String, Any>),
}

/// A source of literal data (read from its syntax tree, without limits:
/// reading is linear in its size) loads as its evaluated value does.
fn literal_data_loads_as_evaluated(source: &str) {
    let evaluation = tvix_eval::Evaluation::builder().build();
    if evaluation.read_literal_data(source, |_| ()).is_none() {
        return;
    }
    let read = tvix_serde::from_str::<Any>(source).ok();
    let result = evaluation.evaluate(source);
    let evaluated = result
        .value
        .as_ref()
        .and_then(|value| tvix_serde::from_value::<Any>(value).ok());
    assert_eq!(read, evaluated, "{source:?}");
    let _ = tvix_serde::from_str::<Everything>(source);
    let _ = tvix_serde::from_str::<(Internal, Adjacent, Option<String>)>(source);
}

fn load<T: for<'de> Deserialize<'de>>(source: &str) {
    let limits = Limits::default()
        .with_max_steps(200_000)
        .with_max_memory(32 << 20)
        .with_deadline(Duration::from_secs(2));
    let result = tvix_serde::from_str_with_config::<T, _>(source, |builder| {
        builder.limits(limits).max_call_depth(20_000)
    });
    if let Err(error) = result {
        let _ = error.to_string();
        let _ = (error.category(), error.path(), error.location());
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    load::<Everything>(source);
    load::<Vec<External>>(source);
    load::<HashMap<String, Untagged>>(source);
    load::<(Internal, Adjacent, Option<String>)>(source);
    literal_data_loads_as_evaluated(source);
});
