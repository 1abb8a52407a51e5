//! Types covering serde's whole data model and every enum
//! representation, with a sample value, for the tests of `to_string`.

use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;

/// Bytes through `serialize_bytes` / `deserialize_bytes`, as
/// `serde_bytes::ByteBuf` does.
#[derive(Debug, PartialEq, Clone)]
pub struct Bytes(pub Vec<u8>);

impl Serialize for Bytes {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(&self.0)
    }
}

impl<'de> Deserialize<'de> for Bytes {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct BytesVisitor;
        impl<'de> Visitor<'de> for BytesVisitor {
            type Value = Bytes;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("bytes")
            }
            fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Bytes, E> {
                Ok(Bytes(v.to_vec()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Bytes, A::Error> {
                let mut out = Vec::new();
                while let Some(byte) = seq.next_element()? {
                    out.push(byte);
                }
                Ok(Bytes(out))
            }
        }
        d.deserialize_bytes(BytesVisitor)
    }
}

#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
pub struct UnitStruct;

#[derive(Serialize, Deserialize, Debug, PartialEq, Eq, PartialOrd, Ord, Clone)]
pub struct Newtype(pub u16);

#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
pub struct TupleStruct(pub u8, pub f64);

#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
pub struct Empty {}

#[derive(Serialize, Deserialize, Debug, PartialEq, Eq, PartialOrd, Ord, Clone, Copy)]
pub enum Color {
    Red,
    Green,
}

#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
pub enum External {
    Off,
    Port(u16),
    Pair(String, i8),
    Tls { cert: PathBuf, key: Option<String> },
}

#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
#[serde(tag = "type")]
pub enum Internal {
    Tcp { port: u16 },
    Unix { path: String },
    Stdio,
    Wrapped(Listen),
}

#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
pub struct Listen {
    pub address: String,
}

#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
#[serde(tag = "kind", content = "spec")]
pub enum Adjacent {
    Replicas(u32),
    Autoscale { min: u32, max: u32 },
    Fixed,
    Pair(i64, bool),
}

#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
#[serde(untagged)]
pub enum Untagged {
    Count(i64),
    Ratio(f64),
    Named(String),
    Cores(Vec<u32>),
    Nothing(()),
}

#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
#[serde(rename_all = "kebab-case")]
pub struct Renamed {
    pub health_check: String,
    #[serde(rename = "if")]
    pub condition: bool,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub left_out: Option<u8>,
}

#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
pub struct Flattened {
    pub name: String,
    #[serde(flatten)]
    pub extra: BTreeMap<String, i32>,
}

/// Every type of serde's data model in one struct.
#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
pub struct Everything {
    pub boolean: bool,
    pub int8: i8,
    pub int16: i16,
    pub int32: i32,
    pub int64: i64,
    pub int128: i128,
    pub uint8: u8,
    pub uint16: u16,
    pub uint32: u32,
    pub uint64: u64,
    pub uint128: u128,
    pub size: usize,
    pub float32: f32,
    pub float64: f64,
    pub character: char,
    pub string: String,
    pub path: PathBuf,
    pub bytes: Bytes,
    pub none: Option<u32>,
    pub some: Option<String>,
    pub unit: (),
    pub unit_struct: UnitStruct,
    pub newtype: Newtype,
    pub tuple: (i32, String, bool),
    pub tuple_struct: TupleStruct,
    pub array: [i16; 3],
    pub nested: Vec<Vec<i64>>,
    pub string_set: BTreeSet<String>,
    pub string_map: BTreeMap<String, i32>,
    pub int_keys: BTreeMap<u16, String>,
    pub negative_keys: BTreeMap<i64, bool>,
    pub char_keys: BTreeMap<char, u8>,
    pub bool_keys: BTreeMap<bool, u8>,
    pub enum_keys: BTreeMap<Color, u8>,
    pub hash_map: HashMap<String, Vec<u8>>,
    pub external: Vec<External>,
    pub internal: Vec<Internal>,
    pub adjacent: Vec<Adjacent>,
    pub untagged: Vec<Untagged>,
    pub renamed: Renamed,
    pub flattened: Flattened,
    pub empty_struct: Empty,
    pub empty_list: Vec<String>,
    pub empty_map: BTreeMap<String, String>,
}

/// A value of [`Everything`] using every part of it, with the awkward
/// cases: extreme integers, floats that need care, strings and names
/// that must be quoted or escaped.
pub fn everything() -> Everything {
    Everything {
        boolean: true,
        int8: i8::MIN,
        int16: i16::MAX,
        int32: -7,
        int64: i64::MIN,
        int128: -(1i128 << 62),
        uint8: u8::MAX,
        uint16: 8080,
        uint32: u32::MAX,
        uint64: i64::MAX as u64,
        uint128: 42,
        size: 3,
        float32: 0.1,
        float64: -1.5e-300,
        character: '∑',
        string: "quote \" backslash \\ ${interp} $x\n\ttab\r end".into(),
        path: PathBuf::from("/etc/ssl/cert.pem"),
        bytes: Bytes(vec![0, 1, 254, 255]),
        none: None,
        some: Some("".into()),
        unit: (),
        unit_struct: UnitStruct,
        newtype: Newtype(443),
        tuple: (-1, "two".into(), false),
        tuple_struct: TupleStruct(9, 0.5),
        array: [-1, 0, 1],
        nested: vec![vec![], vec![1, -2], vec![i64::MAX]],
        string_set: ["b", "a", "if"].into_iter().map(String::from).collect(),
        string_map: [
            ("plain", 1),
            ("with space", 2),
            ("or", 3),
            ("", 4),
            ("${x}", 5),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect(),
        int_keys: BTreeMap::from([(80, "http".into()), (443, "https".into())]),
        negative_keys: BTreeMap::from([(-1, true), (i64::MIN, false)]),
        char_keys: BTreeMap::from([('a', 1), ('.', 2)]),
        bool_keys: BTreeMap::from([(true, 1), (false, 0)]),
        enum_keys: BTreeMap::from([(Color::Red, 1), (Color::Green, 2)]),
        hash_map: HashMap::from([("k".to_string(), vec![1, 2])]),
        external: vec![
            External::Off,
            External::Port(22),
            External::Pair("a".into(), -3),
            External::Tls {
                cert: "/c.pem".into(),
                key: None,
            },
        ],
        internal: vec![
            Internal::Tcp { port: 80 },
            Internal::Unix {
                path: "/run/s".into(),
            },
            Internal::Stdio,
            Internal::Wrapped(Listen {
                address: "::1".into(),
            }),
        ],
        adjacent: vec![
            Adjacent::Replicas(3),
            Adjacent::Autoscale { min: 1, max: 9 },
            Adjacent::Fixed,
            Adjacent::Pair(-5, true),
        ],
        untagged: vec![
            Untagged::Count(-4),
            Untagged::Ratio(2.0),
            Untagged::Named("n".into()),
            Untagged::Cores(vec![0, 1]),
            Untagged::Nothing(()),
        ],
        renamed: Renamed {
            health_check: "/healthz".into(),
            condition: true,
            left_out: None,
        },
        flattened: Flattened {
            name: "f".into(),
            extra: BTreeMap::from([("x".into(), 1), ("y-z".into(), -2)]),
        },
        empty_struct: Empty {},
        empty_list: vec![],
        empty_map: BTreeMap::new(),
    }
}
