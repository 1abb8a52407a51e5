//! [`DataDeserializer`]: serde's view of literal data read straight from
//! the syntax tree ([`tvix_eval::data`]), the fast way to load a file
//! that is nothing but data.
//!
//! It makes the same visitor calls as [`crate::de::Deserializer`] makes
//! for the evaluated value (the same types accepted, integers checked
//! the same way, attributes in the same sorted order, the same nesting
//! limit), so a successful load gives the same result by either road.
//! It does not explain failures: any error sends the loader back to the
//! evaluated value, whose deserializer reports it with the path and
//! position of the failing value. The two are kept apart rather than
//! generic over one value trait because this one is the hot loop of
//! loading large files and needs no error context at all.

use crate::de::{MAX_DEPTH, forward_shapes};
use crate::error::Error;
use crate::key::{AttrName, UnitVariant};
use serde::de::{self, DeserializeSeed, Error as _, Visitor};
use tvix_eval::data::{Data, DataAttrs, DataKind, DataList};

/// A serde `Deserializer` over literal data (see the module doc).
#[derive(Clone, Copy)]
pub(crate) struct DataDeserializer<'a> {
    data: Data<'a>,
    depth: u32,
}

impl<'a> DataDeserializer<'a> {
    pub(crate) fn new(data: Data<'a>) -> Self {
        DataDeserializer { data, depth: 0 }
    }

    fn enter(&self) -> Result<u32, Error> {
        let depth = self.depth + 1;
        if depth > MAX_DEPTH {
            return Err(fallback());
        }
        Ok(depth)
    }

    fn visit_list<'de, V: Visitor<'de>>(
        &self,
        list: DataList<'a>,
        visitor: V,
    ) -> Result<V::Value, Error> {
        let depth = self.enter()?;
        let mut access = SeqAccess {
            iter: list.iter(),
            depth,
        };
        let result = visitor.visit_seq(&mut access)?;
        if access.iter.next().is_some() {
            return Err(fallback());
        }
        Ok(result)
    }

    fn visit_attrs<'de, V: Visitor<'de>>(
        &self,
        attrs: DataAttrs<'a>,
        visitor: V,
    ) -> Result<V::Value, Error> {
        let depth = self.enter()?;
        let mut access = MapAccess {
            iter: attrs.iter(),
            pending: None,
            depth,
        };
        let result = visitor.visit_map(&mut access)?;
        if access.iter.next().is_some() {
            return Err(fallback());
        }
        Ok(result)
    }
}

/// The error of every failure here: the loader evaluates instead and
/// reports the real one.
fn fallback() -> Error {
    Error::custom("not read as literal data")
}

macro_rules! deserialize_integer {
    ($($method:ident => $ty:ty, $visit:ident;)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            match self.data.kind() {
                DataKind::Int(i) => match <$ty>::try_from(i) {
                    Ok(n) => visitor.$visit(n),
                    Err(_) => Err(fallback()),
                },
                _ => Err(fallback()),
            }
        }
    )*};
}

impl<'de> de::Deserializer<'de> for DataDeserializer<'_> {
    type Error = Error;

    forward_shapes!();

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.data.kind() {
            DataKind::Null => visitor.visit_unit(),
            DataKind::Bool(b) => visitor.visit_bool(b),
            DataKind::Int(i) => visitor.visit_i64(i),
            DataKind::Float(f) => visitor.visit_f64(f),
            DataKind::Str(s) => visitor.visit_str(&s),
            DataKind::Attrs(attrs) => self.visit_attrs(attrs, visitor),
            DataKind::List(list) => self.visit_list(list, visitor),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.data.kind() {
            DataKind::Bool(b) => visitor.visit_bool(b),
            _ => Err(fallback()),
        }
    }

    deserialize_integer! {
        deserialize_i8 => i8, visit_i8;
        deserialize_i16 => i16, visit_i16;
        deserialize_i32 => i32, visit_i32;
        deserialize_i64 => i64, visit_i64;
        deserialize_i128 => i128, visit_i128;
        deserialize_u8 => u8, visit_u8;
        deserialize_u16 => u16, visit_u16;
        deserialize_u32 => u32, visit_u32;
        deserialize_u64 => u64, visit_u64;
        deserialize_u128 => u128, visit_u128;
    }

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.data.kind() {
            DataKind::Float(f) if f.is_finite() && f.abs() > f64::from(f32::MAX) => Err(fallback()),
            DataKind::Float(f) => visitor.visit_f32(f as f32),
            DataKind::Int(i) => visitor.visit_f32(i as f32),
            _ => Err(fallback()),
        }
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.data.kind() {
            DataKind::Float(f) => visitor.visit_f64(f),
            DataKind::Int(i) => visitor.visit_f64(i as f64),
            _ => Err(fallback()),
        }
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.data.kind() {
            DataKind::Str(text) => {
                let mut chars = text.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) => visitor.visit_char(c),
                    _ => Err(fallback()),
                }
            }
            _ => Err(fallback()),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.data.kind() {
            DataKind::Str(text) => visitor.visit_str(&text),
            _ => Err(fallback()),
        }
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.data.kind() {
            DataKind::Str(text) => visitor.visit_bytes(text.as_bytes()),
            DataKind::List(list) => self.visit_list(list, visitor),
            _ => Err(fallback()),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.data.kind() {
            DataKind::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.data.kind() {
            DataKind::Null => visitor.visit_unit(),
            _ => Err(fallback()),
        }
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.data.kind() {
            DataKind::List(list) => self.visit_list(list, visitor),
            _ => Err(fallback()),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, Error> {
        match self.data.kind() {
            DataKind::List(list) if list.len() == len => self.visit_list(list, visitor),
            _ => Err(fallback()),
        }
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.data.kind() {
            DataKind::Attrs(attrs) => self.visit_attrs(attrs, visitor),
            _ => Err(fallback()),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self.data.kind() {
            DataKind::Str(name) => visitor.visit_enum(UnitVariant::of_str(&name)),
            DataKind::Attrs(attrs) if attrs.len() == 1 => {
                let depth = self.enter()?;
                let Some((name, content)) = attrs.iter().next() else {
                    return Err(fallback());
                };
                visitor.visit_enum(EnumAccess {
                    name,
                    content: DataDeserializer {
                        data: content,
                        depth,
                    },
                })
            }
            _ => Err(fallback()),
        }
    }
}

/// The elements of a list.
struct SeqAccess<I> {
    iter: I,
    depth: u32,
}

impl<'de, 'a, I: Iterator<Item = Data<'a>>> de::SeqAccess<'de> for SeqAccess<I> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        let Some(data) = self.iter.next() else {
            return Ok(None);
        };
        seed.deserialize(DataDeserializer {
            data,
            depth: self.depth,
        })
        .map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.iter.size_hint().0)
    }
}

/// The attributes of a set, in sorted order.
struct MapAccess<'a, I> {
    iter: I,
    pending: Option<Data<'a>>,
    depth: u32,
}

impl<'de, 'a, I: Iterator<Item = (&'a str, Data<'a>)>> de::MapAccess<'de> for MapAccess<'a, I> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        let Some((name, data)) = self.iter.next() else {
            return Ok(None);
        };
        self.pending = Some(data);
        seed.deserialize(AttrName::of_str(name)).map(Some)
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, Error> {
        let Some(data) = self.pending.take() else {
            return Err(fallback());
        };
        seed.deserialize(DataDeserializer {
            data,
            depth: self.depth,
        })
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.iter.size_hint().0)
    }
}

/// An enum written as `{ Variant = contents; }`.
struct EnumAccess<'a> {
    name: &'a str,
    content: DataDeserializer<'a>,
}

impl<'de, 'a> de::EnumAccess<'de> for EnumAccess<'a> {
    type Error = Error;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self), Error> {
        let variant = seed.deserialize(AttrName::of_str(self.name))?;
        Ok((variant, self))
    }
}

impl<'de> de::VariantAccess<'de> for EnumAccess<'_> {
    type Error = Error;

    fn unit_variant(self) -> Result<(), Error> {
        match self.content.data.kind() {
            DataKind::Null => Ok(()),
            _ => Err(fallback()),
        }
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, Error> {
        seed.deserialize(self.content)
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, Error> {
        de::Deserializer::deserialize_tuple(self.content, len, visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        de::Deserializer::deserialize_struct(self.content, "", fields, visitor)
    }
}
