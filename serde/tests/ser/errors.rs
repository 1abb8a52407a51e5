//! What Nix cannot represent is an error of a named kind, with the path
//! to the value; nothing panics.

use serde::{Serialize, Serializer};
use std::collections::BTreeMap;
use tvix_serde::{SerializeError, SerializeErrorKind as Kind, to_string};

fn error<T: Serialize + ?Sized>(value: &T) -> SerializeError {
    match to_string(value) {
        Ok(text) => panic!("written as {text}"),
        Err(e) => e,
    }
}

#[test]
fn integers_beyond_i64() {
    let e = error(&u64::MAX);
    assert_eq!(e.kind(), Kind::IntegerOutOfRange);
    assert_eq!(e.path(), None);
    assert_eq!(
        e.to_string(),
        "integer `18446744073709551615` is out of range for Nix integers (signed 64-bit)"
    );
    assert_eq!(
        error(&(i64::MAX as u64 + 1)).kind(),
        Kind::IntegerOutOfRange
    );
    assert_eq!(
        error(&(i128::from(i64::MIN) - 1)).kind(),
        Kind::IntegerOutOfRange
    );
    assert_eq!(error(&u128::MAX).kind(), Kind::IntegerOutOfRange);
}

#[test]
fn nan_and_infinities_with_their_path() {
    #[derive(Serialize)]
    struct Upstream {
        weight: f64,
    }
    #[derive(Serialize)]
    struct Config {
        upstreams: Vec<Upstream>,
    }
    let config = Config {
        upstreams: vec![Upstream { weight: 1.0 }, Upstream { weight: f64::NAN }],
    };
    let e = error(&config);
    assert_eq!(e.kind(), Kind::NonFiniteFloat);
    assert_eq!(e.path(), Some("upstreams[1].weight"));
    assert_eq!(e.message(), "float `NaN` cannot be written in Nix");
    assert_eq!(
        e.to_string(),
        "upstreams[1].weight: float `NaN` cannot be written in Nix"
    );
    assert_eq!(
        error(&f32::NEG_INFINITY).message(),
        "float `-inf` cannot be written in Nix"
    );
    assert_eq!(error(&vec![vec![f64::INFINITY]]).path(), Some("[0][0]"));
}

#[test]
fn paths_quote_names_and_go_through_variants() {
    #[derive(Serialize)]
    enum Shape {
        Circle(f64),
        Poly(Vec<f64>),
        Rect { width: f64 },
    }
    let map = BTreeMap::from([("a b", Shape::Circle(f64::NAN))]);
    assert_eq!(error(&map).path(), Some("\"a b\".Circle"));
    assert_eq!(
        error(&Shape::Poly(vec![0.0, f64::NAN])).path(),
        Some("Poly[1]")
    );
    assert_eq!(
        error(&Shape::Rect { width: f64::NAN }).path(),
        Some("Rect.width")
    );
    assert_eq!(
        error(&BTreeMap::from([("if", u64::MAX)])).path(),
        Some("\"if\"")
    );
}

#[test]
fn keys_that_are_not_names() {
    let e = error(&BTreeMap::from([((1, 2), "pair")]));
    assert_eq!(e.kind(), Kind::UnsupportedKey);
    assert_eq!(
        e.message(),
        "a tuple cannot be an attribute name (map keys must be strings, chars, integers, \
         floats, booleans or unit variants)"
    );
    assert_eq!(
        error(&BTreeMap::from([(vec![1], 1)])).kind(),
        Kind::UnsupportedKey
    );
    assert_eq!(
        error(&BTreeMap::from([((), 1)])).kind(),
        Kind::UnsupportedKey
    );
    assert_eq!(
        error(&BTreeMap::from([(None::<u8>, 1)])).kind(),
        Kind::UnsupportedKey
    );
    let nested = BTreeMap::from([("outer", BTreeMap::from([((), 1)]))]);
    assert_eq!(error(&nested).path(), Some("outer"));
    assert_eq!(error(&FloatKey(f64::NAN)).kind(), Kind::NonFiniteFloat);
}

struct FloatKey(f64);

impl Serialize for FloatKey {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map([(self.0, 1)])
    }
}

#[test]
fn a_name_written_twice() {
    #[derive(Serialize)]
    struct Flat {
        a: i32,
        #[serde(flatten)]
        rest: BTreeMap<String, i32>,
    }
    let e = error(&Flat {
        a: 1,
        rest: BTreeMap::from([("a".into(), 2)]),
    });
    assert_eq!(e.kind(), Kind::DuplicateKey);
    assert_eq!(e.to_string(), "attribute a is written twice");
    // `1` and `"1"` are the same name.
    struct Mixed;
    impl Serialize for Mixed {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            use serde::ser::SerializeMap;
            let mut map = s.serialize_map(None)?;
            map.serialize_entry(&1, &1)?;
            map.serialize_entry("1", &2)?;
            map.end()
        }
    }
    assert_eq!(error(&Mixed).message(), "attribute \"1\" is written twice");
}

#[test]
fn nul_characters() {
    assert_eq!(error("a\0b").kind(), Kind::NulInString);
    assert_eq!(error(&'\0').kind(), Kind::NulInString);
    assert_eq!(
        error(&BTreeMap::from([("k\0", 1)])).kind(),
        Kind::NulInString
    );
    assert_eq!(error(&vec!["ok", "\0"]).path(), Some("[1]"));
}

#[test]
fn errors_of_serialize_impls() {
    struct Refuses;
    impl Serialize for Refuses {
        fn serialize<S: Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
            Err(serde::ser::Error::custom("not today"))
        }
    }
    let e = error(&BTreeMap::from([("x", Refuses)]));
    assert_eq!(e.kind(), Kind::Custom);
    assert_eq!(e.to_string(), "x: not today");
}

#[test]
fn writer_failures() {
    struct Full;
    impl std::io::Write for Full {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::Error::other("disk full"))
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let e = tvix_serde::to_writer(Full, &1).unwrap_err();
    assert_eq!(e.kind(), Kind::Io);
    assert_eq!(e.to_string(), "disk full");
    assert!(std::error::Error::source(&e).is_some());
    // Nothing is written when the value fails.
    let mut out = Vec::new();
    assert!(tvix_serde::to_writer(&mut out, &[1.0, f64::NAN]).is_err());
    assert!(out.is_empty());
}

#[test]
fn the_error_is_send_sync_and_small() {
    fn assert_send_sync<T: Send + Sync + 'static>() {}
    assert_send_sync::<SerializeError>();
    assert_eq!(
        std::mem::size_of::<SerializeError>(),
        std::mem::size_of::<usize>()
    );
}
