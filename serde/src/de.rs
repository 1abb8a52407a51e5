//! [`Deserializer`]: serde's view of an evaluated Nix value.
//!
//! The deserializer walks the value tree by reference, following the
//! shape the Rust type asks for, and remembers the path it took (see
//! [`crate::path`]) so that an error names the value that failed. Thunks
//! left in the tree by evaluation are looked through; one that was never
//! evaluated is an error. Nesting deeper than [`MAX_DEPTH`] is refused, so
//! recursive target types (`serde_json::Value`, trees) cannot exhaust the
//! stack on deep or cyclic values.

use crate::error::Error;
use crate::key::{AttrName, UnitVariant};
use crate::path::Path;
use crate::unexpected::{describe, enum_expectation, invalid_type, invalid_utf8, out_of_range};
use serde::de::{self, DeserializeSeed, Error as _, Expected, Visitor};
use std::borrow::Cow;
use tvix_eval::{EvaluationResult, NixAttrs, NixList, NixString, Value};

/// How deeply sets, lists and enum contents may nest below the root;
/// deeper values (a cyclic value, say, read into a recursive type) are an
/// error instead of a stack overflow.
///
/// ```
/// let err = tvix_serde::from_str::<serde_json::Value>("let x = { a = x; }; in x")
///     .unwrap_err();
/// assert_eq!(err.message(), "values nested more than 128 levels deep");
/// assert_eq!(tvix_serde::MAX_DEPTH, 128);
/// ```
pub const MAX_DEPTH: u32 = 128;

/// A serde `Deserializer` over an evaluated [`Value`].
///
/// [`crate::from_value`] is the usual way to use it; the type is public to
/// combine it with other serde tools, such as `serde_path_to_error` or a
/// `DeserializeSeed`.
///
/// ```
/// use serde::Deserialize;
///
/// let result = tvix_serde::tvix_eval::Evaluation::builder()
///     .build()
///     .evaluate("{ name = \"web\"; replicas = 3; }");
/// let value = result.value.unwrap();
/// #[derive(Deserialize)]
/// struct Service { name: String, replicas: u32 }
/// let service = Service::deserialize(tvix_serde::Deserializer::new(&value)).unwrap();
/// assert_eq!((service.name.as_str(), service.replicas), ("web", 3));
/// ```
#[derive(Clone, Copy)]
pub struct Deserializer<'a> {
    value: &'a Value,
    path: Path<'a>,
    positions: Option<&'a EvaluationResult>,
    depth: u32,
}

impl<'a> Deserializer<'a> {
    /// A deserializer for `value`; errors name the path to the failing
    /// value but no source position.
    ///
    /// ```
    /// use tvix_serde::tvix_eval::Value;
    /// use serde::Deserialize;
    ///
    /// let n = i64::deserialize(tvix_serde::Deserializer::new(&Value::Integer(7))).unwrap();
    /// assert_eq!(n, 7);
    /// ```
    pub fn new(value: &'a Value) -> Self {
        Deserializer {
            value,
            path: Path::Root,
            positions: None,
            depth: 0,
        }
    }

    /// A deserializer for a value of the evaluation `result` (usually
    /// its [`value`](EvaluationResult::value)), whose errors also give the
    /// file, line and column of the failing value, with the source line
    /// and a caret.
    ///
    /// ```
    /// use serde::Deserialize;
    ///
    /// let result = tvix_serde::tvix_eval::Evaluation::builder()
    ///     .build()
    ///     .evaluate("{\n  port = \"http\";\n}");
    /// let value = result.value.as_ref().unwrap();
    /// #[derive(Deserialize, Debug)]
    /// struct Config { port: u16 }
    /// let err = Config::deserialize(tvix_serde::Deserializer::with_positions(value, &result))
    ///     .unwrap_err();
    /// assert_eq!(err.path(), Some("port"));
    /// let location = err.location().unwrap();
    /// assert_eq!((location.line, location.column), (2, 3));
    /// ```
    pub fn with_positions(value: &'a Value, result: &'a EvaluationResult) -> Self {
        Deserializer {
            positions: Some(result),
            ..Deserializer::new(value)
        }
    }

    /// The value, looking through an evaluated thunk.
    fn resolve(&self) -> Result<Cow<'a, Value>, Error> {
        match self.value {
            Value::Thunk(thunk) => thunk.value().map(Cow::Owned).ok_or_else(|| {
                Error::custom("value is not evaluated (the evaluation was not strict)")
            }),
            value => Ok(Cow::Borrowed(value)),
        }
    }

    /// The nesting depth of this value's contents, if still allowed.
    fn enter(&self) -> Result<u32, Error> {
        let depth = self.depth + 1;
        if depth > MAX_DEPTH {
            return Err(Error::custom(format!(
                "values nested more than {MAX_DEPTH} levels deep"
            )));
        }
        Ok(depth)
    }

    fn visit_list<'de, V: Visitor<'de>>(
        &self,
        list: &NixList,
        visitor: V,
    ) -> Result<V::Value, Error> {
        let depth = self.enter()?;
        let mut access = SeqAccess {
            iter: list.iter(),
            index: 0,
            parent: &self.path,
            positions: self.positions,
            depth,
        };
        let result = visitor.visit_seq(&mut access)?;
        if access.iter.next().is_some() {
            return Err(Error::invalid_length(list.len(), &"fewer elements"));
        }
        Ok(result)
    }

    fn visit_attrs<'de, V: Visitor<'de>>(
        &self,
        attrs: &NixAttrs,
        visitor: V,
    ) -> Result<V::Value, Error> {
        let depth = self.enter()?;
        let mut access = MapAccess {
            iter: attrs.iter(),
            attrs,
            pending: None,
            parent: &self.path,
            positions: self.positions,
            depth,
        };
        let result = visitor.visit_map(&mut access)?;
        if access.iter.next().is_some() {
            return Err(Error::invalid_length(attrs.len(), &"fewer attributes"));
        }
        Ok(result)
    }

    fn visit_string<'de, V: Visitor<'de>>(
        &self,
        value: &Value,
        visitor: V,
    ) -> Result<V::Value, Error> {
        match value {
            Value::String(s) => match s.as_utf8() {
                Ok(text) => visitor.visit_str(text),
                Err(e) => Err(invalid_utf8(s.as_bytes(), &e, &visitor)),
            },
            Value::Path(p) => match p.to_str() {
                Some(text) => visitor.visit_str(text),
                None => {
                    let bytes = p.as_os_str().as_encoded_bytes();
                    match std::str::from_utf8(bytes) {
                        Ok(text) => visitor.visit_str(text),
                        Err(e) => Err(invalid_utf8(bytes, &e, &visitor)),
                    }
                }
            },
            other => Err(invalid_type(other, &visitor)),
        }
    }
}

/// Records the path (and position) of a value whose deserialisation
/// failed, unless a value inside it already did.
pub(crate) fn place(error: Error, path: &Path<'_>, positions: Option<&EvaluationResult>) -> Error {
    if error.is_placed() {
        return error;
    }
    match positions {
        Some(result) => {
            let codemap = result.codemap.borrow();
            let span = path.span(&result.sources, &codemap);
            error.place(path.render(), span, Some((&result.sources, &codemap)))
        }
        None => error.place(path.render(), None, None),
    }
}

/// The methods of serde's `Deserializer` that this crate's deserializers
/// of values (evaluated ones, `de.rs`; literal data, `data_de.rs`) answer
/// alike, each by another of their own methods: struct shapes as the
/// value shapes they are written as, strings and identifiers as `str`,
/// byte buffers as bytes; ignored values need nothing.
macro_rules! forward_shapes {
    () => {
        fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            self.deserialize_str(visitor)
        }

        fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            self.deserialize_str(visitor)
        }

        fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            self.deserialize_bytes(visitor)
        }

        fn deserialize_unit_struct<V: Visitor<'de>>(
            self,
            _name: &'static str,
            visitor: V,
        ) -> Result<V::Value, Error> {
            self.deserialize_unit(visitor)
        }

        fn deserialize_newtype_struct<V: Visitor<'de>>(
            self,
            _name: &'static str,
            visitor: V,
        ) -> Result<V::Value, Error> {
            visitor.visit_newtype_struct(self)
        }

        fn deserialize_tuple_struct<V: Visitor<'de>>(
            self,
            _name: &'static str,
            len: usize,
            visitor: V,
        ) -> Result<V::Value, Error> {
            self.deserialize_tuple(len, visitor)
        }

        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _name: &'static str,
            _fields: &'static [&'static str],
            visitor: V,
        ) -> Result<V::Value, Error> {
            self.deserialize_map(visitor)
        }

        fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            visitor.visit_unit()
        }
    };
}
pub(crate) use forward_shapes;

macro_rules! deserialize_integer {
    ($($method:ident => $ty:ty, $visit:ident;)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            match &*self.resolve()? {
                Value::Integer(i) => match <$ty>::try_from(*i) {
                    Ok(n) => visitor.$visit(n),
                    Err(_) => Err(out_of_range(&i.to_string(), "integer", stringify!($ty))),
                },
                other => Err(invalid_type(other, &visitor)),
            }
        }
    )*};
}

impl<'de> de::Deserializer<'de> for Deserializer<'_> {
    type Error = Error;

    forward_shapes!();

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let value = self.resolve()?;
        match &*value {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(*b),
            Value::Integer(i) => visitor.visit_i64(*i),
            Value::Float(f) => visitor.visit_f64(*f),
            Value::String(_) | Value::Path(_) => self.visit_string(&value, visitor),
            Value::Attrs(attrs) => self.visit_attrs(attrs, visitor),
            Value::List(list) => self.visit_list(list, visitor),
            other => Err(invalid_type(other, &visitor)),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match &*self.resolve()? {
            Value::Bool(b) => visitor.visit_bool(*b),
            other => Err(invalid_type(other, &visitor)),
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
        match &*self.resolve()? {
            Value::Float(f) if f.is_finite() && f.abs() > f64::from(f32::MAX) => {
                Err(out_of_range(&format!("{f:?}"), "float", "f32"))
            }
            Value::Float(f) => visitor.visit_f32(*f as f32),
            Value::Integer(i) => visitor.visit_f32(*i as f32),
            other => Err(invalid_type(other, &visitor)),
        }
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match &*self.resolve()? {
            Value::Float(f) => visitor.visit_f64(*f),
            Value::Integer(i) => visitor.visit_f64(*i as f64),
            other => Err(invalid_type(other, &visitor)),
        }
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let value = self.resolve()?;
        if let Value::String(s) = &*value
            && let Ok(text) = s.as_utf8()
        {
            let mut chars = text.chars();
            return match (chars.next(), chars.next()) {
                (Some(c), None) => visitor.visit_char(c),
                _ => Err(Error::invalid_value(
                    de::Unexpected::Str(text),
                    &"a string of one character",
                )),
            };
        }
        self.visit_string(&value, visitor)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.visit_string(&*self.resolve()?, visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match &*self.resolve()? {
            Value::String(s) => visitor.visit_bytes(s.as_bytes()),
            Value::Path(p) => visitor.visit_bytes(p.as_os_str().as_encoded_bytes()),
            Value::List(list) => self.visit_list(list, visitor),
            other => Err(invalid_type(other, &visitor)),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match &*self.resolve()? {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match &*self.resolve()? {
            Value::Null => visitor.visit_unit(),
            other => Err(invalid_type(other, &visitor)),
        }
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match &*self.resolve()? {
            Value::List(list) => self.visit_list(list, visitor),
            other => Err(invalid_type(other, &visitor)),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, Error> {
        match &*self.resolve()? {
            Value::List(list) if list.len() != len => {
                Err(Error::invalid_length(list.len(), &visitor))
            }
            Value::List(list) => self.visit_list(list, visitor),
            other => Err(invalid_type(other, &visitor)),
        }
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match &*self.resolve()? {
            Value::Attrs(attrs) => self.visit_attrs(attrs, visitor),
            other => Err(invalid_type(other, &visitor)),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        let value = self.resolve()?;
        match &*value {
            Value::String(name) => visitor.visit_enum(UnitVariant::new(name)),
            Value::Attrs(attrs) if attrs.len() == 1 => {
                let depth = self.enter()?;
                let Some((name, content)) = attrs.iter().next() else {
                    return Err(Error::custom("an attribute set of one attribute is empty"));
                };
                visitor.visit_enum(EnumAccess {
                    attrs,
                    name,
                    content,
                    parent: &self.path,
                    positions: self.positions,
                    depth,
                })
            }
            other => {
                let expected = enum_expectation(&visitor);
                let found = describe(other);
                let message = if matches!(other, Value::Attrs(_)) {
                    format!("invalid value: {found}, expected {expected}")
                } else {
                    format!("invalid type: {found}, expected {expected}")
                };
                Err(Error::data_at(message, None))
            }
        }
    }
}

/// The elements of a list.
struct SeqAccess<'b, I> {
    iter: I,
    index: usize,
    parent: &'b Path<'b>,
    positions: Option<&'b EvaluationResult>,
    depth: u32,
}

impl<'de, 'b, I: Iterator<Item = &'b Value>> de::SeqAccess<'de> for SeqAccess<'b, I> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        let Some(value) = self.iter.next() else {
            return Ok(None);
        };
        let path = Path::Index {
            parent: self.parent,
            index: self.index,
        };
        self.index += 1;
        let element = Deserializer {
            value,
            path,
            positions: self.positions,
            depth: self.depth,
        };
        seed.deserialize(element)
            .map(Some)
            .map_err(|e| place(e, &path, self.positions))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.iter.size_hint().0)
    }
}

/// The attributes of a set, in sorted order.
struct MapAccess<'b, I> {
    iter: I,
    attrs: &'b NixAttrs,
    pending: Option<(&'b NixString, &'b Value)>,
    parent: &'b Path<'b>,
    positions: Option<&'b EvaluationResult>,
    depth: u32,
}

impl<'de, 'b, I> de::MapAccess<'de> for MapAccess<'b, I>
where
    I: Iterator<Item = (&'b NixString, &'b Value)>,
{
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        let Some((name, value)) = self.iter.next() else {
            return Ok(None);
        };
        self.pending = Some((name, value));
        seed.deserialize(AttrName::new(name))
            .map(Some)
            .map_err(|e| {
                let path = Path::Attr {
                    parent: self.parent,
                    attrs: self.attrs,
                    name,
                };
                place(e, &path, self.positions)
            })
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, Error> {
        let Some((name, value)) = self.pending.take() else {
            return Err(Error::custom(
                "an attribute value was asked for before its name",
            ));
        };
        let path = Path::Attr {
            parent: self.parent,
            attrs: self.attrs,
            name,
        };
        let content = Deserializer {
            value,
            path,
            positions: self.positions,
            depth: self.depth,
        };
        seed.deserialize(content)
            .map_err(|e| place(e, &path, self.positions))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.iter.size_hint().0)
    }
}

/// An enum written as `{ Variant = contents; }`.
struct EnumAccess<'b> {
    attrs: &'b NixAttrs,
    name: &'b NixString,
    content: &'b Value,
    parent: &'b Path<'b>,
    positions: Option<&'b EvaluationResult>,
    depth: u32,
}

impl<'b> EnumAccess<'b> {
    fn path(&self) -> Path<'b> {
        Path::Attr {
            parent: self.parent,
            attrs: self.attrs,
            name: self.name,
        }
    }

    fn content(&self) -> Deserializer<'b> {
        Deserializer {
            value: self.content,
            path: self.path(),
            positions: self.positions,
            depth: self.depth,
        }
    }
}

impl<'de, 'b> de::EnumAccess<'de> for EnumAccess<'b> {
    type Error = Error;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self), Error> {
        let variant = seed
            .deserialize(AttrName::new(self.name))
            .map_err(|e| place(e, &self.path(), self.positions))?;
        Ok((variant, self))
    }
}

impl<'de> de::VariantAccess<'de> for EnumAccess<'_> {
    type Error = Error;

    fn unit_variant(self) -> Result<(), Error> {
        let content = self.content();
        let result = match &*content.resolve()? {
            Value::Null => Ok(()),
            other => Err(invalid_type(other, &UnitContents)),
        };
        result.map_err(|e| place(e, &self.path(), self.positions))
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, Error> {
        seed.deserialize(self.content())
            .map_err(|e| place(e, &self.path(), self.positions))
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, Error> {
        de::Deserializer::deserialize_tuple(self.content(), len, visitor)
            .map_err(|e| place(e, &self.path(), self.positions))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        de::Deserializer::deserialize_struct(self.content(), "", fields, visitor)
            .map_err(|e| place(e, &self.path(), self.positions))
    }
}

/// What the contents of a unit variant written as a set must be.
struct UnitContents;

impl Expected for UnitContents {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("null (the variant has no contents)")
    }
}
