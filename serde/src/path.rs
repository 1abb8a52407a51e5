//! Where a value sits in the tree being deserialised: a chain of path
//! segments on the stack, from the value up to the root. Nothing is
//! allocated unless an error needs the path as text or the position of
//! the enclosing attribute.

use codemap::{CodeMap, Span};
use tvix_eval::value::{SourceFiles, is_bare_identifier, write_nix_string_literal};
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

    /// Where the nearest enclosing attribute was defined in the source:
    /// the span of its name.
    pub(crate) fn span(&self, sources: &SourceFiles, codemap: &CodeMap) -> Option<Span> {
        let mut node = self;
        loop {
            match node {
                Path::Root => return None,
                Path::Attr { attrs, name, .. } => {
                    let start = sources.span(attrs.position(name.as_bytes())?)?;
                    return Some(name_span(codemap, start, name.as_bytes()));
                }
                Path::Index { parent, .. } => node = parent,
            }
        }
    }
}

/// `start` (an empty span where an attribute's definition begins)
/// widened to the name as written: bare or quoted, or the attribute path
/// ending in it (`server.tls.port = ...` defines `port` where `server`
/// begins). `start` if the text differs, as for an interpolated name.
fn name_span(codemap: &CodeMap, start: Span, name: &[u8]) -> Span {
    let file = codemap.look_up_pos(start.low()).file;
    let offset = start.low() - file.span.low();
    let Some(text) = usize::try_from(offset)
        .ok()
        .and_then(|offset| file.source().as_bytes().get(offset..))
    else {
        return start;
    };
    let written = if text.first() == Some(&b'"') {
        let quoted = text[1..].starts_with(name) && text.get(name.len() + 1) == Some(&b'"');
        if !quoted {
            return start;
        }
        name.len() + 2
    } else {
        // Identifiers joined by dots, the last one being `name`.
        let path_len = text
            .iter()
            .take_while(|&&c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'\'' | b'-' | b'.'))
            .count();
        let path = &text[..path_len];
        let last = path.rsplit(|&c| c == b'.').next().unwrap_or(path);
        if last != name {
            return start;
        }
        path_len
    };
    file.span.subspan(offset, offset + written as u64)
}
