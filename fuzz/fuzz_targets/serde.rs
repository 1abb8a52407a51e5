//! tvix-serde: Nix source deserialised into types of every serde shape
//! (scalars, options, sequences, maps, tuples, unit, enums in all four
//! representations, flattening, borrowed-free owned data). Either the
//! value fits or an error says why; nothing panics.

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
});
