//! `from_str(to_string(x)) == x` over serde's whole data model, every
//! enum representation, and generated values (proptest): nested
//! JSON-like trees, typed records, every float bit for bit.

use crate::support::model::*;
use crate::support::strategies;
use proptest::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::collections::BTreeMap;
use std::fmt::Debug;

fn round_trip<T: Serialize + DeserializeOwned + PartialEq + Debug>(value: &T) -> T {
    let text = tvix_serde::to_string(value).unwrap_or_else(|e| panic!("{value:?}: {e}"));
    let back: T = tvix_serde::from_str(&text).unwrap_or_else(|e| panic!("{text}\n{e}"));
    assert_eq!(&back, value, "read back from:\n{text}");
    back
}

#[test]
fn the_whole_data_model() {
    round_trip(&everything());
}

#[test]
fn integers_at_their_limits() {
    round_trip(&vec![i64::MIN, i64::MIN + 1, -1, 0, 1, i64::MAX]);
    round_trip(&(i8::MIN, i8::MAX, i16::MIN, i16::MAX, i32::MIN, i32::MAX));
    round_trip(&(u8::MAX, u16::MAX, u32::MAX, i64::MAX as u64));
    round_trip(&(
        i128::from(i64::MIN),
        i128::from(i64::MAX),
        u128::from(i64::MAX as u64),
    ));
    round_trip(&(isize::MIN, usize::MAX >> 1));
    round_trip(&std::num::NonZeroU8::new(7));
}

#[test]
fn floats_bit_for_bit() {
    let floats = [
        0.0,
        -0.0,
        1.0,
        -1.0,
        0.1,
        f64::MAX,
        f64::MIN,
        f64::MIN_POSITIVE,
        f64::EPSILON,
        5e-324,
        -5e-324,
        2.225073858507201e-308,
        1e16,
        1e-7,
        9007199254740993.0,
    ];
    for x in floats {
        let text = tvix_serde::to_string(&x).unwrap();
        let back: f64 = tvix_serde::from_str(&text).unwrap();
        assert_eq!(back.to_bits(), x.to_bits(), "{x:?} written {text}");
    }
    let singles = [
        0.1f32,
        -0.0,
        f32::MAX,
        f32::MIN_POSITIVE,
        1e-45,
        16777217.0,
        3.4e38,
    ];
    for x in singles {
        let text = tvix_serde::to_string(&x).unwrap();
        let back: f32 = tvix_serde::from_str(&text).unwrap();
        assert_eq!(back.to_bits(), x.to_bits(), "{x:?} written {text}");
    }
}

#[test]
fn strings_and_chars_with_everything_nix_escapes() {
    round_trip(&vec![
        "".to_string(),
        "\" \\ ${a} $${b} $ ${ '' ''${ \n \r \t \r\n".into(),
        "\u{1}\u{7f}\u{b}\u{c}\u{85}\u{2028}\u{feff}".into(),
        "ünïcödé ∑ 🦀".into(),
    ]);
    round_trip(&vec!['$', '"', '\\', '\n', '\r', '\t', '🦀', '{']);
}

#[test]
fn paths_are_strings() {
    round_trip(&std::path::PathBuf::from("/etc/a b/${x}.pem"));
}

#[test]
fn options_units_and_newtypes() {
    round_trip(&(None::<u8>, Some(3u8), (), UnitStruct, Newtype(9)));
    round_trip(&Some(vec![Some(1), None]));
}

#[test]
fn every_enum_representation() {
    let e = everything();
    round_trip(&e.external);
    round_trip(&e.internal);
    round_trip(&e.adjacent);
    round_trip(&e.untagged);
    round_trip(&External::Off);
    round_trip(&BTreeMap::from([("x".to_string(), External::Port(1))]));
}

#[test]
fn map_keys_the_deserialiser_parses() {
    round_trip(&BTreeMap::from([(i64::MIN, 1), (-1, 2), (i64::MAX, 3)]));
    round_trip(&BTreeMap::from([(u64::MAX, 1)]));
    round_trip(&BTreeMap::from([(i128::MIN, 'a'), (i128::MAX, 'b')]));
    round_trip(&BTreeMap::from([('.', 1), ('"', 2), ('$', 3)]));
    round_trip(&BTreeMap::from([(true, 1), (false, 2)]));
    round_trip(&BTreeMap::from([(Color::Red, 1), (Color::Green, 2)]));
    round_trip(&BTreeMap::from([(Newtype(80), "http".to_string())]));
    round_trip(&BTreeMap::from([(Some(1u8), 1)]));
    let floats: Vec<(f64, u8)> = vec![(0.1, 1), (-2.5e-300, 2), (1e300, 3)];
    let text = tvix_serde::to_string(&FloatKeys(floats.clone())).unwrap();
    let back: BTreeMap<String, u8> = tvix_serde::from_str(&text).unwrap();
    for (key, value) in floats {
        let name = back
            .iter()
            .find(|(_, v)| **v == value)
            .map(|(k, _)| k)
            .unwrap();
        assert_eq!(
            name.parse::<f64>().unwrap().to_bits(),
            key.to_bits(),
            "{text}"
        );
    }
}

/// A map with float keys (no std map has them).
struct FloatKeys(Vec<(f64, u8)>);

impl Serialize for FloatKeys {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

#[test]
fn deep_nesting() {
    let mut value = serde_json::json!(1);
    for depth in 0..100 {
        value = if depth % 2 == 0 {
            serde_json::json!([value])
        } else {
            serde_json::json!({ "a": value })
        };
    }
    round_trip(&value);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn nested_values(value in strategies::json()) {
        let text = tvix_serde::to_string(&value).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let back: serde_json::Value = tvix_serde::from_str(&text)
            .map_err(|e| TestCaseError::fail(format!("{text}\n{e}")))?;
        prop_assert_eq!(back, value, "read back from:\n{}", text);
    }

    #[test]
    fn typed_records(records in prop::collection::vec(strategies::record(), 0..4)) {
        let text = tvix_serde::to_string(&records).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let back: Vec<strategies::Record> = tvix_serde::from_str(&text)
            .map_err(|e| TestCaseError::fail(format!("{text}\n{e}")))?;
        prop_assert_eq!(back, records, "read back from:\n{}", text);
    }

    #[test]
    fn every_f64(x in strategies::finite_f64()) {
        let text = tvix_serde::to_string(&[x]).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let back: [f64; 1] = tvix_serde::from_str(&text).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(back[0].to_bits(), x.to_bits(), "{:?} written {}", x, text);
    }

    #[test]
    fn every_f32(x in strategies::finite_f32()) {
        let text = tvix_serde::to_string(&[x]).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let back: [f32; 1] = tvix_serde::from_str(&text).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(back[0].to_bits(), x.to_bits(), "{:?} written {}", x, text);
    }

    #[test]
    fn every_char(c in strategies::nasty_char()) {
        let text = tvix_serde::to_string(&c).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let back: char = tvix_serde::from_str(&text).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(back, c);
    }

    #[test]
    fn every_i64(n in any::<i64>()) {
        let text = tvix_serde::to_string(&[n]).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let back: [i64; 1] = tvix_serde::from_str(&text).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(back[0], n);
    }
}
