//! Deserialising attribute names (map keys, struct field names, enum
//! variant names) and enums written as a plain string (`"Variant"`).
//!
//! Attribute names are strings; map keys of other types are parsed from
//! them (`{ "8080" = ...; }` into a `BTreeMap<u16, _>`).

use crate::error::Error;
use crate::unexpected::invalid_utf8;
use serde::de::{self, DeserializeSeed, Error as _, Unexpected, Visitor};
use std::str::{FromStr, Utf8Error};
use tvix_eval::NixString;

/// A name: its bytes, and its text if they are UTF-8.
#[derive(Clone, Copy)]
pub(crate) struct Name<'b> {
    bytes: &'b [u8],
    text: Result<&'b str, Utf8Error>,
}

impl<'b> Name<'b> {
    pub(crate) fn of(name: &'b NixString) -> Self {
        Name {
            bytes: name.as_bytes(),
            text: name.as_utf8(),
        }
    }

    pub(crate) fn of_str(name: &'b str) -> Self {
        Name {
            bytes: name.as_bytes(),
            text: Ok(name),
        }
    }

    fn as_bytes(&self) -> &'b [u8] {
        self.bytes
    }
}

/// A deserializer for one attribute name.
pub(crate) struct AttrName<'b> {
    name: Name<'b>,
}

impl<'b> AttrName<'b> {
    pub(crate) fn new(name: &'b NixString) -> Self {
        AttrName {
            name: Name::of(name),
        }
    }

    /// The deserializer of `name`, a name given as text.
    pub(crate) fn of_str(name: &'b str) -> Self {
        AttrName {
            name: Name::of_str(name),
        }
    }

    fn text<'de, V: Visitor<'de>>(&self, visitor: &V) -> Result<&'b str, Error> {
        self.name
            .text
            .map_err(|e| invalid_utf8(self.name.as_bytes(), &e, visitor))
    }

    /// The name parsed as a number or Boolean.
    fn parse<'de, T: FromStr, V: Visitor<'de>>(&self, visitor: &V) -> Result<T, Error> {
        let text = self.text(visitor)?;
        text.parse().map_err(|_| not_a(text, visitor))
    }

    fn wrong_shape<'de, V: Visitor<'de>>(&self, visitor: V) -> Result<V::Value, Error> {
        let text = String::from_utf8_lossy(self.name.as_bytes());
        Err(Error::invalid_type(
            Unexpected::Other(&format!("attribute name {text:?}")),
            &visitor,
        ))
    }
}

fn not_a(text: &str, expected: &dyn de::Expected) -> Error {
    Error::invalid_value(
        Unexpected::Other(&format!("attribute name {text:?}")),
        expected,
    )
}

macro_rules! parse_name {
    ($($method:ident => $visit:ident;)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            let parsed = self.parse(&visitor)?;
            visitor.$visit(parsed)
        }
    )*};
}

impl<'de> de::Deserializer<'de> for AttrName<'_> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let text = self.text(&visitor)?;
        visitor.visit_str(text)
    }

    parse_name! {
        deserialize_bool => visit_bool;
        deserialize_i8 => visit_i8;
        deserialize_i16 => visit_i16;
        deserialize_i32 => visit_i32;
        deserialize_i64 => visit_i64;
        deserialize_i128 => visit_i128;
        deserialize_u8 => visit_u8;
        deserialize_u16 => visit_u16;
        deserialize_u32 => visit_u32;
        deserialize_u64 => visit_u64;
        deserialize_u128 => visit_u128;
        deserialize_f32 => visit_f32;
        deserialize_f64 => visit_f64;
        deserialize_char => visit_char;
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_any(visitor)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_any(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_any(visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_bytes(self.name.as_bytes())
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_bytes(self.name.as_bytes())
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_some(self)
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.wrong_shape(visitor)
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.wrong_shape(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.wrong_shape(visitor)
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.wrong_shape(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.wrong_shape(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.wrong_shape(visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.wrong_shape(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_enum(UnitVariant { name: self.name })
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }
}

/// An enum variant named by a string: only unit variants can be
/// written so.
pub(crate) struct UnitVariant<'b> {
    name: Name<'b>,
}

impl<'b> UnitVariant<'b> {
    pub(crate) fn new(name: &'b NixString) -> Self {
        UnitVariant {
            name: Name::of(name),
        }
    }

    /// The variant named by `name`, a string given as text.
    pub(crate) fn of_str(name: &'b str) -> Self {
        UnitVariant {
            name: Name::of_str(name),
        }
    }

    fn needs_contents(&self) -> Error {
        let name = String::from_utf8_lossy(self.name.as_bytes());
        Error::custom(format!(
            "variant `{name}` has contents and must be written as {{ {name} = ...; }}"
        ))
    }
}

impl<'de, 'b> de::EnumAccess<'de> for UnitVariant<'b> {
    type Error = Error;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self), Error> {
        let variant = seed.deserialize(AttrName { name: self.name })?;
        Ok((variant, self))
    }
}

impl<'de> de::VariantAccess<'de> for UnitVariant<'_> {
    type Error = Error;

    fn unit_variant(self) -> Result<(), Error> {
        Ok(())
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, _seed: T) -> Result<T::Value, Error> {
        Err(self.needs_contents())
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, _visitor: V) -> Result<V::Value, Error> {
        Err(self.needs_contents())
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value, Error> {
        Err(self.needs_contents())
    }
}
