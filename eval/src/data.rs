//! Literal data read straight from the syntax tree.
//!
//! A configuration file is often nothing but data: sets, lists, strings,
//! numbers, `true`, `false` and `null`. Evaluating such a file builds
//! every value (the compiler's constant data, see `compiler/constant.rs`),
//! after which a loader copies the values into its own types and frees
//! them again. A loader that only wants the data can read it from the
//! syntax tree instead, the way a data-format parser would:
//! [`Evaluation::read_literal_data`](crate::Evaluation::read_literal_data)
//! parses the source, checks that it is literal data that evaluates
//! without error, and hands the caller a view ([`Data`]) of the tree.
//!
//! The view shows exactly what evaluation would give: sets with their
//! names sorted by bytes (as [`NixAttrs`](crate::NixAttrs) keeps them)
//! and strings decoded. Anything evaluation could reject is refused
//! beforehand, so that reading the view never succeeds where evaluating
//! fails: a repeated name in a set, a NUL byte in a string (both left to
//! the evaluator, which reports or merges them). Nesting needs no check:
//! the parser limits brackets to [`MAX_BRACKET_DEPTH`](crate::syntax::MAX_BRACKET_DEPTH)
//! levels, far below the compiler's limit.

use crate::syntax::{self, Ast, AttrKind, Binding, ExprId, NodeKind, Part, TokenKind};
use std::borrow::Cow;

/// One value of literal data: a node of the syntax tree.
#[derive(Clone, Copy)]
pub struct Data<'a> {
    tree: &'a DataTree<'a>,
    id: ExprId,
}

/// What a [`Data`] node is.
pub enum DataKind<'a> {
    /// `null`
    Null,
    /// `true` or `false`
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A float.
    Float(f64),
    /// A string, decoded (borrowed from the source when it has no escapes).
    Str(Cow<'a, str>),
    /// A list.
    List(DataList<'a>),
    /// An attribute set.
    Attrs(DataAttrs<'a>),
}

/// The elements of a list of literal data.
#[derive(Clone, Copy)]
pub struct DataList<'a> {
    tree: &'a DataTree<'a>,
    items: &'a [ExprId],
}

/// The attributes of a set of literal data, sorted by name.
#[derive(Clone, Copy)]
pub struct DataAttrs<'a> {
    tree: &'a DataTree<'a>,
    /// The set's part of [`DataTree::sorted`].
    entries: &'a [(&'a str, ExprId)],
}

/// The tree with the attributes of each set in sorted order.
struct DataTree<'a> {
    ast: &'a Ast<'a>,
    /// The bindings of the tree's sets, each set's sorted by name, at
    /// the indices the set's bindings have in the tree: a set's sorted
    /// attributes are the range of its bindings.
    sorted: Vec<(&'a str, ExprId)>,
}

impl<'a> Data<'a> {
    /// What this value is.
    pub fn kind(self) -> DataKind<'a> {
        let tree = self.tree;
        let ast = tree.ast;
        match *ast.kind(self.id) {
            NodeKind::Int(i) => DataKind::Int(i),
            NodeKind::Float(f) => DataKind::Float(f),
            NodeKind::Str(parts) => DataKind::Str(ast.literal_str(parts).unwrap_or_default()),
            NodeKind::Var => match ast.source_text(ast.span(self.id)) {
                "true" => DataKind::Bool(true),
                "false" => DataKind::Bool(false),
                _ => DataKind::Null,
            },
            NodeKind::Negate(operand) => match *ast.kind(operand) {
                NodeKind::Int(i) => DataKind::Int(0i64.wrapping_sub(i)),
                NodeKind::Float(f) => DataKind::Float(0.0 - f),
                _ => DataKind::Null,
            },
            NodeKind::Paren(inner) => Data { tree, id: inner }.kind(),
            NodeKind::List(items) => DataKind::List(DataList {
                tree,
                items: ast.items(items),
            }),
            NodeKind::AttrSet { bindings, .. } => DataKind::Attrs(DataAttrs {
                tree,
                entries: tree.sorted.get(bindings.indices()).unwrap_or(&[]),
            }),
            // `DataTree::of` admits no other node.
            _ => DataKind::Null,
        }
    }
}

impl<'a> DataList<'a> {
    /// The number of elements.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether the list is empty.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The elements, in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = Data<'a>> + 'a {
        let tree = self.tree;
        self.items.iter().map(move |&id| Data { tree, id })
    }
}

impl<'a> DataAttrs<'a> {
    /// The number of attributes.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The attributes, sorted by the bytes of their names.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&'a str, Data<'a>)> + 'a {
        let tree = self.tree;
        self.entries
            .iter()
            .map(move |&(name, id)| (name, Data { tree, id }))
    }
}

/// Calls `read` with the value of `source` if it is literal data that
/// evaluates without error (see the module documentation); `None` when
/// it is anything else, which evaluation then handles.
pub(crate) fn read<R>(source: &str, read: impl FnOnce(Data<'_>) -> R) -> Option<R> {
    if !starts_like_data(source) {
        return None;
    }
    let source = crate::parse::normalise_line_endings(Cow::Borrowed(source));
    let parsed = syntax::parse(&source);
    let root = parsed.root?;
    if !parsed.errors.is_empty() {
        return None;
    }
    let tree = DataTree::of(&parsed.ast)?;
    Some(read(Data {
        tree: &tree,
        id: root,
    }))
}

/// How many tokens [`starts_like_data`] looks at.
const PREFIX_TOKENS: usize = 256;

/// Whether the first tokens of `source` could all belong to literal data:
/// brackets, `=`, `;`, `-`, numbers, strings, names before `=` (also as
/// `${"name"}`), and `true`, `false`, `null`. Most files that compute (a function's
/// `{ pkgs, ... }:`, `let`, `with`, `import ./x.nix`) show it within
/// their first tokens, and are then evaluated without being parsed
/// twice; the whole tree is still checked for files that pass.
fn starts_like_data(source: &str) -> bool {
    let tokens = syntax::first_tokens(source, PREFIX_TOKENS);
    tokens
        .iter()
        .enumerate()
        .all(|(i, token)| match token.kind {
            TokenKind::LBrace
            | TokenKind::RBrace
            | TokenKind::LBracket
            | TokenKind::RBracket
            | TokenKind::LParen
            | TokenKind::RParen
            | TokenKind::Assign
            | TokenKind::Semicolon
            | TokenKind::Minus
            | TokenKind::Int
            | TokenKind::Float
            | TokenKind::Quote
            | TokenKind::StrText
            | TokenKind::IndOpen
            | TokenKind::IndText
            | TokenKind::IndEscape
            | TokenKind::IndClose
            // `${"name"} = ...` is a static name; an interpolation fails
            // later.
            | TokenKind::DollarCurly
            | TokenKind::Eof => true,
            TokenKind::Ident => {
                tokens
                    .get(i + 1)
                    .is_some_and(|next| next.kind == TokenKind::Assign)
                    || matches!(
                        source.get(token.span.range()),
                        Some("true" | "false" | "null")
                    )
            }
            _ => false,
        })
}

impl<'a> DataTree<'a> {
    /// The sorted attributes of every set of `ast`; `None` unless every
    /// node is literal data (with no syntax errors every node belongs
    /// to the root's tree, so the root is data then), or if a set
    /// repeats a name or a string holds a NUL byte. At the top of a
    /// file, `true`, `false` and `null` are always the builtins.
    fn of(ast: &'a Ast<'a>) -> Option<DataTree<'a>> {
        let mut sorted = vec![("", ExprId::from_index(0)); ast.binding_count()];
        for node in ast.nodes() {
            let data = match node.kind {
                NodeKind::Int(_) | NodeKind::Float(_) => true,
                NodeKind::Str(parts) => ast.parts(parts).iter().all(|part| match part {
                    Part::Literal(text) => memchr::memchr(0, ast.text(*text).as_bytes()).is_none(),
                    Part::Interpolation(_) => false,
                }),
                NodeKind::Var => matches!(ast.source_text(node.span), "true" | "false" | "null"),
                NodeKind::Negate(operand) => {
                    matches!(ast.kind(operand), NodeKind::Int(_) | NodeKind::Float(_))
                }
                NodeKind::Paren(_) | NodeKind::List(_) => true,
                NodeKind::AttrSet {
                    rec: false,
                    bindings,
                } => {
                    let entries = sorted.get_mut(bindings.indices())?;
                    for (entry, binding) in entries.iter_mut().zip(ast.bindings(bindings)) {
                        let Binding::Value { path, value, .. } = *binding else {
                            return None;
                        };
                        let [name] = ast.names(path) else {
                            return None;
                        };
                        let AttrKind::Static(name) = name.kind else {
                            return None;
                        };
                        *entry = (ast.text(name), value);
                    }
                    entries.sort_unstable_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
                    entries.windows(2).all(|pair| pair[0].0 != pair[1].0)
                }
                _ => false,
            };
            if !data {
                return None;
            }
        }
        Some(DataTree { ast, sorted })
    }
}

#[cfg(test)]
mod tests {
    use super::{Data, DataKind};

    /// The value as JSON-like text, sets with their names in the order
    /// the view gives them.
    fn show(data: Data<'_>) -> String {
        match data.kind() {
            DataKind::Null => "null".into(),
            DataKind::Bool(b) => b.to_string(),
            DataKind::Int(i) => i.to_string(),
            DataKind::Float(f) => format!("{f:?}"),
            DataKind::Str(s) => format!("{s:?}"),
            DataKind::List(list) => {
                let items: Vec<String> = list.iter().map(show).collect();
                format!("[{}]", items.join(","))
            }
            DataKind::Attrs(attrs) => {
                let items: Vec<String> = attrs
                    .iter()
                    .map(|(name, value)| format!("{name}:{}", show(value)))
                    .collect();
                format!("{{{}}}", items.join(","))
            }
        }
    }

    fn read(source: &str) -> Option<String> {
        super::read(source, show)
    }

    #[test]
    fn literal_data_is_read_with_sorted_names_and_decoded_strings() {
        assert_eq!(
            read("{ z = [ 1 (-2) (3.5) ]; ${\"a b\"} = { y = null; x = true; }; m = \"x\\ty\"; }")
                .as_deref(),
            Some(r#"{a b:{x:true,y:null},m:"x\ty",z:[1,-2,3.5]}"#)
        );
        assert_eq!(read("''\n  a\n    b\n''").as_deref(), Some(r#""a\n  b\n""#));
        assert_eq!(read("\"a\r\nb\"").as_deref(), Some(r#""a\nb""#));
        assert_eq!(
            read("-9223372036854775807").as_deref(),
            Some("-9223372036854775807")
        );
    }

    #[test]
    fn files_that_compute_are_told_by_their_first_tokens() {
        for source in [
            "{ pkgs, ... }: { }",
            "let a = 1; in a",
            "with import ./lib.nix; { }",
            "{ a = b; }",
            "{ a.b = 1; }",
            "[ \"${x}\" ]",
            "rec { }",
        ] {
            assert!(!super::starts_like_data(source), "{source}");
        }
        for source in [
            "{ a = [ 1 (-2.5) \"x\" ''y'' true null ]; \"b c\" = { }; }",
            "# a comment\n[ false ]",
        ] {
            assert!(super::starts_like_data(source), "{source}");
        }
    }

    #[test]
    fn anything_evaluation_could_reject_or_compute_is_not_read() {
        for source in [
            // Evaluation reports or merges repeated names.
            "{ a = 1; a = 2; }",
            "{ a.b = 1; }",
            "{ a = { b = 1; }; a = { c = 2; }; }",
            // Not data: computed, named, recursive, inherited.
            "{ a = 1 + 1; }",
            "[ x ]",
            "rec { a = 1; }",
            "{ inherit a; }",
            "let true = 1; in [ true ]",
            "{ ${a} = 1; }",
            "\"a${\"b\"}\"",
            "./path",
            // Syntax errors and empty sources.
            "{ a = 1 ",
            "",
            // A NUL byte in a string.
            "\"a\u{0}b\"",
        ] {
            assert_eq!(read(source), None, "{source}");
        }
    }
}
