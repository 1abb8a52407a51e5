//! The serialisers of compound values: lists (sequences, tuples, tuple
//! structs), attribute sets (maps, structs), and the `{ Variant = ...; }`
//! set around the contents of a tuple or struct variant.

use super::Serializer;
use super::error::{SerializeError, SerializeErrorKind};
use super::key::{KeySerializer, attr_name};
use super::layout::Node;
use serde::ser::{self, Serialize};
use std::collections::HashSet;

fn serialize_node<T: ?Sized + Serialize>(value: &T) -> Result<Node, SerializeError> {
    value.serialize(Serializer).map(|expr| expr.node)
}

/// The elements of a list, serialised as they come: what
/// [`Serializer`] uses for sequences, tuples and tuple structs.
///
/// ```
/// use serde::ser::{SerializeSeq, Serializer as _};
///
/// let mut list = tvix_serde::Serializer.serialize_seq(Some(2)).unwrap();
/// list.serialize_element(&1).unwrap();
/// list.serialize_element(&"two").unwrap();
/// assert_eq!(list.end().unwrap().to_string(), r#"[ 1 "two" ]"#);
/// ```
#[derive(Debug)]
pub struct SerializeList {
    items: Vec<Node>,
}

impl SerializeList {
    pub(crate) fn new(len: Option<usize>) -> Self {
        SerializeList {
            items: Vec::with_capacity(len.unwrap_or(0).min(4096)),
        }
    }

    fn push<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), SerializeError> {
        let index = self.items.len();
        let node = serialize_node(value).map_err(|e| e.in_element(index))?;
        self.items.push(node);
        Ok(())
    }

    fn finish(self) -> Node {
        Node::List(self.items)
    }
}

impl ser::SerializeSeq for SerializeList {
    type Ok = super::NixExpr;
    type Error = SerializeError;

    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Self::Error> {
        self.push(value)
    }

    fn end(self) -> Result<Self::Ok, Self::Error> {
        Ok(super::NixExpr::new(self.finish()))
    }
}

impl ser::SerializeTuple for SerializeList {
    type Ok = super::NixExpr;
    type Error = SerializeError;

    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Self::Error> {
        self.push(value)
    }

    fn end(self) -> Result<Self::Ok, Self::Error> {
        Ok(super::NixExpr::new(self.finish()))
    }
}

impl ser::SerializeTupleStruct for SerializeList {
    type Ok = super::NixExpr;
    type Error = SerializeError;

    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Self::Error> {
        self.push(value)
    }

    fn end(self) -> Result<Self::Ok, Self::Error> {
        Ok(super::NixExpr::new(self.finish()))
    }
}

/// The attributes of a set, from a map or a struct: what [`Serializer`]
/// uses for both. A name given twice is an error (Nix would refuse the
/// set).
///
/// ```
/// use serde::ser::{SerializeMap, Serializer as _};
///
/// let mut set = tvix_serde::Serializer.serialize_map(None).unwrap();
/// set.serialize_entry("a b", &1).unwrap();
/// let err = set.serialize_entry("a b", &2).unwrap_err();
/// assert_eq!(err.kind(), tvix_serde::SerializeErrorKind::DuplicateKey);
/// assert_eq!(set.end().unwrap().to_string(), "{\n  \"a b\" = 1;\n}");
/// ```
#[derive(Debug)]
pub struct SerializeSet {
    entries: Vec<(String, Node)>,
    seen: HashSet<String>,
    /// The name of a map entry whose value comes next.
    pending: Option<String>,
}

impl SerializeSet {
    pub(crate) fn new(len: Option<usize>) -> Self {
        SerializeSet {
            entries: Vec::with_capacity(len.unwrap_or(0).min(4096)),
            seen: HashSet::new(),
            pending: None,
        }
    }

    fn key<T: ?Sized + Serialize>(&self, key: &T) -> Result<String, SerializeError> {
        let name = key.serialize(KeySerializer)?;
        if self.seen.contains(&name) {
            let shown = attr_name(&name).unwrap_or_else(|_| format!("{name:?}"));
            return Err(SerializeError::new(
                SerializeErrorKind::DuplicateKey,
                format!("attribute {shown} is written twice"),
            ));
        }
        Ok(name)
    }

    fn insert<T: ?Sized + Serialize>(
        &mut self,
        name: String,
        value: &T,
    ) -> Result<(), SerializeError> {
        let written = attr_name(&name)?;
        let node = serialize_node(value).map_err(|e| e.in_attr(&name))?;
        self.entries.push((written, node));
        self.seen.insert(name);
        Ok(())
    }

    fn finish(self) -> Node {
        Node::Set(self.entries)
    }
}

impl ser::SerializeMap for SerializeSet {
    type Ok = super::NixExpr;
    type Error = SerializeError;

    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result<(), Self::Error> {
        self.pending = Some(self.key(key)?);
        Ok(())
    }

    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Self::Error> {
        let Some(name) = self.pending.take() else {
            return Err(ser::Error::custom("a map value was given before its key"));
        };
        self.insert(name, value)
    }

    fn serialize_entry<K: ?Sized + Serialize, V: ?Sized + Serialize>(
        &mut self,
        key: &K,
        value: &V,
    ) -> Result<(), Self::Error> {
        let name = self.key(key)?;
        self.insert(name, value)
    }

    fn end(self) -> Result<Self::Ok, Self::Error> {
        Ok(super::NixExpr::new(self.finish()))
    }
}

impl ser::SerializeStruct for SerializeSet {
    type Ok = super::NixExpr;
    type Error = SerializeError;

    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Self::Error> {
        let name = self.key(key)?;
        self.insert(name, value)
    }

    fn end(self) -> Result<Self::Ok, Self::Error> {
        Ok(super::NixExpr::new(self.finish()))
    }
}

/// The contents of a tuple or struct variant, wrapped in
/// `{ Variant = ...; }` at the end: what [`Serializer`] uses for both.
///
/// ```
/// #[derive(serde::Serialize)]
/// enum Shape { Rect(u32, u32) }
///
/// assert_eq!(
///     tvix_serde::to_string(&Shape::Rect(2, 3)).unwrap(),
///     "{\n  Rect = [ 2 3 ];\n}",
/// );
/// ```
#[derive(Debug)]
pub struct SerializeVariant<C> {
    variant: &'static str,
    contents: C,
}

impl<C> SerializeVariant<C> {
    pub(crate) fn new(variant: &'static str, contents: C) -> Self {
        SerializeVariant { variant, contents }
    }

    fn wrap(variant: &str, contents: Node) -> Result<super::NixExpr, SerializeError> {
        let name = attr_name(variant)?;
        Ok(super::NixExpr::new(Node::Set(vec![(name, contents)])))
    }
}

impl ser::SerializeTupleVariant for SerializeVariant<SerializeList> {
    type Ok = super::NixExpr;
    type Error = SerializeError;

    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Self::Error> {
        self.contents
            .push(value)
            .map_err(|e| e.in_attr(self.variant))
    }

    fn end(self) -> Result<Self::Ok, Self::Error> {
        Self::wrap(self.variant, self.contents.finish())
    }
}

impl ser::SerializeStructVariant for SerializeVariant<SerializeSet> {
    type Ok = super::NixExpr;
    type Error = SerializeError;

    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Self::Error> {
        let result = self
            .contents
            .key(key)
            .and_then(|name| self.contents.insert(name, value));
        result.map_err(|e| e.in_attr(self.variant))
    }

    fn end(self) -> Result<Self::Ok, Self::Error> {
        Self::wrap(self.variant, self.contents.finish())
    }
}
