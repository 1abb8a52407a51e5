//! Writing Rust values as Nix: [`to_string`], [`to_writer`] and the
//! [`Serializer`] behind them, the reverse of the deserialiser's mapping.
//!
//! | Rust | Nix |
//! |---|---|
//! | `bool` | `true`, `false` |
//! | integers | integers (beyond `i64` an error) |
//! | `f32`, `f64` | floats, always with a dot (`1.0`); NaN and infinities are an error |
//! | `char`, `String`, `&str`, `PathBuf` | strings |
//! | bytes (`serde_bytes`) | a list of integers, as serde_json writes them |
//! | `None`, `()`, unit structs | `null` |
//! | `Some(x)`, newtype structs | `x` |
//! | sequences, tuples, tuple structs | lists |
//! | structs, maps | attribute sets (map keys must be strings, chars, numbers, booleans or unit variants) |
//! | unit variants | `"Variant"` |
//! | other variants | `{ Variant = contents; }` |
//!
//! Other enum representations (`#[serde(tag = ...)]`, `untagged`) are
//! structs and maps to serde's derive, and come out as they read back.
//! The value is first built as a [`NixExpr`] tree, then laid out (see
//! `layout.rs` for the rules).

mod compound;
mod error;
mod key;
mod layout;
mod literal;

pub use compound::{SerializeList, SerializeSet, SerializeVariant};
pub use error::{SerializeError, SerializeErrorKind};
pub use layout::NixExpr;

use layout::Node;
use literal::Literal;
use serde::ser::{self, Serialize, SerializeSeq as _};

/// Writes `value` as a Nix expression that evaluates to the same value,
/// laid out as a person would write it:
///
/// - a non-empty attribute set has one `name = value;` per line,
///   indented by two spaces; names are bare where Nix allows it and
///   quoted otherwise (`"8080"`, `"if"`, `"a.b"`);
/// - a list stays on one line (`[ 80 443 ]`) when it holds only scalars
///   (and empty lists or sets) and the line, indentation and name
///   included, fits in 80 columns; otherwise it has one element per
///   line;
/// - empty sets and lists are `{ }` and `[ ]`; negative numbers in lists
///   are parenthesised (`[ (-1) ]`);
/// - attributes come in serialisation order (struct fields as declared);
///   there is no final newline.
///
/// Fails on what Nix cannot represent: integers beyond `i64`, NaN and
/// infinities, strings with a NUL character, map keys that are not
/// strings, chars, numbers, booleans or unit variants, and the same
/// attribute name twice in one set.
///
/// ```
/// use serde::Serialize;
///
/// #[derive(Serialize)]
/// #[serde(rename_all = "camelCase")]
/// struct Config { name: String, ports: Vec<u16>, log_level: Level, tls: Option<Tls> }
/// #[derive(Serialize)]
/// enum Level { Info }
/// #[derive(Serialize)]
/// struct Tls { cert: String }
///
/// let config = Config {
///     name: "web".into(),
///     ports: vec![80, 443],
///     log_level: Level::Info,
///     tls: Some(Tls { cert: "/etc/web.pem".into() }),
/// };
/// assert_eq!(tvix_serde::to_string(&config).unwrap(), r#"{
///   name = "web";
///   ports = [ 80 443 ];
///   logLevel = "Info";
///   tls = {
///     cert = "/etc/web.pem";
///   };
/// }"#);
/// ```
pub fn to_string<T: ?Sized + Serialize>(value: &T) -> Result<String, SerializeError> {
    let mut out = String::new();
    value.serialize(Serializer)?.write_to(&mut out);
    Ok(out)
}

/// Like [`to_string`], writing the text to `writer` (nothing is written
/// if the value cannot be serialised).
///
/// ```
/// let mut out = Vec::new();
/// tvix_serde::to_writer(&mut out, &("a", 1.5, None::<i32>)).unwrap();
/// assert_eq!(out, br#"[ "a" 1.5 null ]"#);
/// ```
pub fn to_writer<W: std::io::Write, T: ?Sized + Serialize>(
    mut writer: W,
    value: &T,
) -> Result<(), SerializeError> {
    let text = to_string(value)?;
    writer
        .write_all(text.as_bytes())
        .map_err(SerializeError::io)
}

/// A serde `Serializer` that builds a [`NixExpr`]; [`to_string`] is the
/// usual way to use it. The type is public to combine it with other serde
/// tools (`serde_path_to_error`, `Serialize` impls written by hand).
///
/// ```
/// use serde::Serialize;
///
/// let expr = std::collections::BTreeMap::from([("if", true)])
///     .serialize(tvix_serde::Serializer)
///     .unwrap();
/// assert_eq!(expr.to_string(), "{\n  \"if\" = true;\n}");
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct Serializer;

fn scalar(literal: Literal) -> Result<NixExpr, SerializeError> {
    Ok(NixExpr::new(Node::Scalar(literal)))
}

impl ser::Serializer for Serializer {
    type Ok = NixExpr;
    type Error = SerializeError;
    type SerializeSeq = SerializeList;
    type SerializeTuple = SerializeList;
    type SerializeTupleStruct = SerializeList;
    type SerializeTupleVariant = SerializeVariant<SerializeList>;
    type SerializeMap = SerializeSet;
    type SerializeStruct = SerializeSet;
    type SerializeStructVariant = SerializeVariant<SerializeSet>;

    fn serialize_bool(self, v: bool) -> Result<NixExpr, SerializeError> {
        scalar(Literal::bool(v))
    }

    fn serialize_i8(self, v: i8) -> Result<NixExpr, SerializeError> {
        scalar(Literal::int(v.into()))
    }

    fn serialize_i16(self, v: i16) -> Result<NixExpr, SerializeError> {
        scalar(Literal::int(v.into()))
    }

    fn serialize_i32(self, v: i32) -> Result<NixExpr, SerializeError> {
        scalar(Literal::int(v.into()))
    }

    fn serialize_i64(self, v: i64) -> Result<NixExpr, SerializeError> {
        scalar(Literal::int(v))
    }

    fn serialize_i128(self, v: i128) -> Result<NixExpr, SerializeError> {
        scalar(Literal::wide_int(v)?)
    }

    fn serialize_u8(self, v: u8) -> Result<NixExpr, SerializeError> {
        scalar(Literal::int(v.into()))
    }

    fn serialize_u16(self, v: u16) -> Result<NixExpr, SerializeError> {
        scalar(Literal::int(v.into()))
    }

    fn serialize_u32(self, v: u32) -> Result<NixExpr, SerializeError> {
        scalar(Literal::int(v.into()))
    }

    fn serialize_u64(self, v: u64) -> Result<NixExpr, SerializeError> {
        scalar(Literal::wide_int(v)?)
    }

    fn serialize_u128(self, v: u128) -> Result<NixExpr, SerializeError> {
        scalar(Literal::u128(v)?)
    }

    fn serialize_f32(self, v: f32) -> Result<NixExpr, SerializeError> {
        scalar(Literal::f32(v)?)
    }

    fn serialize_f64(self, v: f64) -> Result<NixExpr, SerializeError> {
        scalar(Literal::f64(v)?)
    }

    fn serialize_char(self, v: char) -> Result<NixExpr, SerializeError> {
        scalar(Literal::string(v.encode_utf8(&mut [0; 4]))?)
    }

    fn serialize_str(self, v: &str) -> Result<NixExpr, SerializeError> {
        scalar(Literal::string(v)?)
    }

    /// Bytes are a list of integers (Nix strings cannot hold every byte
    /// string, and source text must be UTF-8).
    fn serialize_bytes(self, v: &[u8]) -> Result<NixExpr, SerializeError> {
        let mut list = self.serialize_seq(Some(v.len()))?;
        for byte in v {
            list.serialize_element(byte)?;
        }
        list.end()
    }

    fn serialize_none(self) -> Result<NixExpr, SerializeError> {
        scalar(Literal::null())
    }

    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<NixExpr, SerializeError> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<NixExpr, SerializeError> {
        scalar(Literal::null())
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<NixExpr, SerializeError> {
        scalar(Literal::null())
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<NixExpr, SerializeError> {
        scalar(Literal::string(variant)?)
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<NixExpr, SerializeError> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<NixExpr, SerializeError> {
        let contents = value.serialize(self).map_err(|e| e.in_attr(variant))?;
        let name = key::attr_name(variant)?;
        Ok(NixExpr::new(Node::Set(vec![(name, contents.node)])))
    }

    fn serialize_seq(self, len: Option<usize>) -> Result<SerializeList, SerializeError> {
        Ok(SerializeList::new(len))
    }

    fn serialize_tuple(self, len: usize) -> Result<SerializeList, SerializeError> {
        Ok(SerializeList::new(Some(len)))
    }

    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<SerializeList, SerializeError> {
        Ok(SerializeList::new(Some(len)))
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<SerializeVariant<SerializeList>, SerializeError> {
        Ok(SerializeVariant::new(
            variant,
            SerializeList::new(Some(len)),
        ))
    }

    fn serialize_map(self, len: Option<usize>) -> Result<SerializeSet, SerializeError> {
        Ok(SerializeSet::new(len))
    }

    fn serialize_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<SerializeSet, SerializeError> {
        Ok(SerializeSet::new(Some(len)))
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<SerializeVariant<SerializeSet>, SerializeError> {
        Ok(SerializeVariant::new(variant, SerializeSet::new(Some(len))))
    }
}
