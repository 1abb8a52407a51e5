//! Map keys as attribute names: the names the deserialiser reads back
//! (see `crate::key`), so strings, chars, integers, finite floats,
//! booleans and unit variants (by name). Other keys are an error.

use super::error::{SerializeError, SerializeErrorKind};
use super::literal::string_literal;
use serde::ser::{self, Impossible, Serialize};
use tvix_eval::value::is_bare_identifier;

/// An attribute name as written in a set: bare where Nix allows it
/// (`[a-zA-Z_][a-zA-Z0-9_'-]*` but for the keywords `if`, `then`, `else`,
/// `assert`, `with`, `let`, `in`, `rec` and `inherit`; the keyword `or`
/// is allowed as a name, and `nix-instantiate` prints it bare), quoted
/// otherwise.
pub(crate) fn attr_name(name: &str) -> Result<String, SerializeError> {
    if name == "or" || is_bare_identifier(name.as_bytes()) {
        Ok(name.to_string())
    } else {
        string_literal(name)
    }
}

/// Serialises a map key to the text of its attribute name.
pub(crate) struct KeySerializer;

fn unsupported(what: &str) -> SerializeError {
    SerializeError::new(
        SerializeErrorKind::UnsupportedKey,
        format!(
            "{what} cannot be an attribute name (map keys must be strings, chars, \
             integers, floats, booleans or unit variants)"
        ),
    )
}

fn float_key(x: f64, text: String) -> Result<String, SerializeError> {
    if x.is_finite() {
        Ok(text)
    } else {
        Err(SerializeError::new(
            SerializeErrorKind::NonFiniteFloat,
            format!("float `{x}` cannot be an attribute name"),
        ))
    }
}

macro_rules! integer_keys {
    ($($method:ident: $ty:ty;)*) => {$(
        fn $method(self, v: $ty) -> Result<String, SerializeError> {
            Ok(v.to_string())
        }
    )*};
}

impl ser::Serializer for KeySerializer {
    type Ok = String;
    type Error = SerializeError;
    type SerializeSeq = Impossible<String, SerializeError>;
    type SerializeTuple = Impossible<String, SerializeError>;
    type SerializeTupleStruct = Impossible<String, SerializeError>;
    type SerializeTupleVariant = Impossible<String, SerializeError>;
    type SerializeMap = Impossible<String, SerializeError>;
    type SerializeStruct = Impossible<String, SerializeError>;
    type SerializeStructVariant = Impossible<String, SerializeError>;

    integer_keys! {
        serialize_i8: i8;
        serialize_i16: i16;
        serialize_i32: i32;
        serialize_i64: i64;
        serialize_i128: i128;
        serialize_u8: u8;
        serialize_u16: u16;
        serialize_u32: u32;
        serialize_u64: u64;
        serialize_u128: u128;
    }

    fn serialize_bool(self, v: bool) -> Result<String, SerializeError> {
        Ok(v.to_string())
    }

    fn serialize_f32(self, v: f32) -> Result<String, SerializeError> {
        float_key(f64::from(v), format!("{v:?}"))
    }

    fn serialize_f64(self, v: f64) -> Result<String, SerializeError> {
        float_key(v, format!("{v:?}"))
    }

    fn serialize_char(self, v: char) -> Result<String, SerializeError> {
        Ok(v.to_string())
    }

    fn serialize_str(self, v: &str) -> Result<String, SerializeError> {
        Ok(v.to_string())
    }

    fn serialize_bytes(self, v: &[u8]) -> Result<String, SerializeError> {
        std::str::from_utf8(v)
            .map(str::to_string)
            .map_err(|_| unsupported("bytes that are not UTF-8"))
    }

    fn serialize_none(self) -> Result<String, SerializeError> {
        Err(unsupported("`None`"))
    }

    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<String, SerializeError> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<String, SerializeError> {
        Err(unsupported("`()`"))
    }

    fn serialize_unit_struct(self, name: &'static str) -> Result<String, SerializeError> {
        Err(unsupported(&format!("unit struct `{name}`")))
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<String, SerializeError> {
        Ok(variant.to_string())
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<String, SerializeError> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _value: &T,
    ) -> Result<String, SerializeError> {
        Err(unsupported(&format!("variant `{variant}` with contents")))
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, SerializeError> {
        Err(unsupported("a sequence"))
    }

    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple, SerializeError> {
        Err(unsupported("a tuple"))
    }

    fn serialize_tuple_struct(
        self,
        name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct, SerializeError> {
        Err(unsupported(&format!("tuple struct `{name}`")))
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, SerializeError> {
        Err(unsupported(&format!("variant `{variant}` with contents")))
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, SerializeError> {
        Err(unsupported("a map"))
    }

    fn serialize_struct(
        self,
        name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStruct, SerializeError> {
        Err(unsupported(&format!("struct `{name}`")))
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, SerializeError> {
        Err(unsupported(&format!("variant `{variant}` with contents")))
    }
}
