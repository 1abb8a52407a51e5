//! `SourcePos`: where in the source an attribute was defined, compact
//! enough to sit beside every attribute of a set (4 bytes, 0 = none).
//!
//! A position is an offset into the evaluation's code map (all sources
//! of one evaluation concatenated); [`SourceFiles`] turns it back into a
//! file, line and column without trusting it to be in range.

use super::{NixAttrs, NixString, Value};
use codemap::{File, Pos, Span};
use std::cell::RefCell;
use std::num::NonZeroU32;
use std::rc::Rc;
use std::sync::Arc;

/// A position in the sources of one evaluation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct SourcePos(NonZeroU32);

/// A position resolved to its file, line and column (both 1-based).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceLocation {
    /// The file's name (its path, or `(string)` for an expression).
    pub file: String,
    /// The line, from 1.
    pub line: usize,
    /// The column, from 1.
    pub column: usize,
}

impl SourceLocation {
    pub(crate) fn in_file(file: &File, pos: Pos) -> Self {
        let loc = file.find_line_col(pos);
        SourceLocation {
            file: file.name().to_string(),
            line: loc.line + 1,
            column: loc.column + 1,
        }
    }

    /// The set `unsafeGetAttrPos` and `__curPos` give:
    /// `{ column = ...; file = "..."; line = ...; }`.
    pub fn to_value(&self) -> Value {
        let attrs: NixAttrs = [
            ("column", Value::Integer(self.column as i64)),
            ("file", Value::string(self.file.as_str())),
            ("line", Value::Integer(self.line as i64)),
        ]
        .into_iter()
        .map(|(k, v)| (NixString::from(k), v))
        .collect();
        Value::Attrs(attrs)
    }
}

/// The first position of any code map: files start at 1.
fn origin() -> Pos {
    thread_local! {
        static ORIGIN: Pos = codemap::CodeMap::new()
            .add_file(String::new(), String::new())
            .span
            .low();
    }
    ORIGIN.with(|p| *p)
}

impl SourcePos {
    /// The start of `span`.
    pub fn of_span(span: Span) -> Option<SourcePos> {
        let offset = span.low() - origin();
        u32::try_from(offset + 1)
            .ok()
            .and_then(NonZeroU32::new)
            .map(SourcePos)
    }

    fn pos(self) -> Pos {
        origin() + u64::from(self.0.get() - 1)
    }
}

/// The files compiled during one evaluation, to resolve positions.
#[derive(Clone, Default)]
pub struct SourceFiles(Rc<RefCell<Vec<Arc<File>>>>);

impl SourceFiles {
    pub(crate) fn add(&self, file: Arc<File>) {
        self.0.borrow_mut().push(file);
    }

    /// The file the position is in, if it is one of these files.
    fn file_of(&self, pos: Pos) -> Option<Arc<File>> {
        let files = self.0.borrow();
        files
            .iter()
            .find(|f| f.span.low() <= pos && pos <= f.span.high())
            .cloned()
    }

    /// File, line and column of a position.
    pub fn locate(&self, pos: SourcePos) -> Option<SourceLocation> {
        let pos = pos.pos();
        let file = self.file_of(pos)?;
        Some(SourceLocation::in_file(&file, pos))
    }

    /// An empty span at the position, for diagnostics.
    pub fn span(&self, pos: SourcePos) -> Option<Span> {
        let pos = pos.pos();
        let file = self.file_of(pos)?;
        let offset = pos - file.span.low();
        Some(file.span.subspan(offset, offset))
    }
}
