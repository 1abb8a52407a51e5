//! Where a value sits in the tree being deserialised: a chain of path
//! segments on the stack, from the value up to the root. Nothing is
//! allocated unless an error needs the path as text or the position of
//! the enclosing attribute.

use codemap::Span;
use tvix_eval::value::{is_bare_identifier, write_nix_string_literal};
use tvix_eval::{NixAttrs, NixString};

/// The position of a value below the root.
#[derive(Clone, Copy)]
pub(crate) enum Path<'a> {
    Root,
    /// The value of attribute `name` of `attrs`.
    Attr {
        parent: &'a Path<'a>,
        attrs: &'a NixAttrs,
        name: &'a NixString,
    },
    /// Element `index` of a list.
    Index {
        parent: &'a Path<'a>,
        index: usize,
    },
}

impl Path<'_> {
    /// The path as text: `server.tls.port`, `servers[1].port`,
    /// `hosts."db-1.example".ip`; `None` for the root.
    pub(crate) fn render(&self) -> Option<String> {
        let mut segments = Vec::new();
        let mut node = self;
        loop {
            match node {
                Path::Root => break,
                Path::Attr { parent, .. } | Path::Index { parent, .. } => {
                    segments.push(node);
                    node = parent;
                }
            }
        }
        if segments.is_empty() {
            return None;
        }
        let mut out = Vec::new();
        for segment in segments.iter().rev() {
            match segment {
                Path::Attr { name, .. } => {
                    if !out.is_empty() {
                        out.push(b'.');
                    }
                    if is_bare_identifier(name.as_bytes()) {
                        out.extend_from_slice(name.as_bytes());
                    } else {
                        write_nix_string_literal(&mut out, name.as_bytes());
                    }
                }
                Path::Index { index, .. } => out.extend_from_slice(format!("[{index}]").as_bytes()),
                Path::Root => {}
            }
        }
        // Bytes that are not UTF-8 are shown as `\xNN`.
        let mut text = String::with_capacity(out.len());
        for chunk in out.utf8_chunks() {
            text.push_str(chunk.valid());
            for byte in chunk.invalid() {
                text.push_str(&format!("\\x{byte:02X}"));
            }
        }
        Some(text)
    }

    /// Where the nearest enclosing attribute was defined in the source.
    pub(crate) fn span(&self) -> Option<Span> {
        let mut node = self;
        loop {
            match node {
                Path::Root => return None,
                Path::Attr { attrs, name, .. } => return attr_span(attrs, name),
                Path::Index { parent, .. } => node = parent,
            }
        }
    }
}

/// The span of the name of attribute `name` where `attrs` was written.
fn attr_span(_attrs: &NixAttrs, _name: &NixString) -> Option<Span> {
    // The evaluator does not record attribute positions yet.
    None
}
