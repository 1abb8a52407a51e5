//! [`NixExpr`]: a serialised value as a tree of literals, lists and
//! attribute sets, and its layout as text.
//!
//! The layout is the one a person would write:
//!
//! - a non-empty attribute set has one `name = value;` per line, indented
//!   by two spaces more than the set; names are bare identifiers where
//!   Nix allows it (`port`, `health-check`) and quoted otherwise
//!   (`"8080"`, `"if"`, `"a.b"`);
//! - a list stays on one line (`[ 80 443 ]`) when all its elements are
//!   scalars or empty lists or sets and the whole line, indentation,
//!   name and `;` included, fits in 80 columns; otherwise it has one
//!   element per line, indented like the attributes of a set;
//! - empty sets and lists are `{ }` and `[ ]`;
//! - negative numbers are parenthesised as list elements (`[ (-1) ]`),
//!   where Nix would otherwise read a subtraction or fail.
//!
//! Entries keep the order in which they were serialised (struct fields
//! in declaration order); Nix sorts attributes itself. The text has no
//! final newline, as `serde_json::to_string` has none.

use super::literal::Literal;
use std::fmt;

/// The longest line a list is kept on.
const LINE_WIDTH: usize = 80;

/// How far each level is indented.
const INDENT: usize = 2;

/// A Rust value as a Nix expression, made by [`crate::Serializer`];
/// `Display` writes it in the layout [`crate::to_string`] describes.
///
/// ```
/// use serde::Serialize;
///
/// let expr = vec![1, -2].serialize(tvix_serde::Serializer).unwrap();
/// assert_eq!(expr.to_string(), "[ 1 (-2) ]");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct NixExpr {
    pub(crate) node: Node,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node {
    Scalar(Literal),
    List(Vec<Node>),
    /// Attribute names as written (bare or quoted), and their values.
    Set(Vec<(String, Node)>),
}

impl Node {
    /// Whether the node is written on one line wherever it appears.
    fn is_flat(&self) -> bool {
        match self {
            Node::Scalar(_) => true,
            Node::List(items) => items.is_empty(),
            Node::Set(entries) => entries.is_empty(),
        }
    }

    /// The text of a flat node as a list element.
    fn element_text(&self) -> String {
        match self {
            Node::Scalar(literal) if literal.negative => format!("({})", literal.text),
            Node::Scalar(literal) => literal.text.clone(),
            Node::List(_) => "[ ]".to_string(),
            Node::Set(_) => "{ }".to_string(),
        }
    }

    /// The list on one line, if it may be written so starting at column
    /// `column` and followed by `suffix` characters.
    fn one_line_list(items: &[Node], column: usize, suffix: usize) -> Option<String> {
        if !items.iter().all(Node::is_flat) {
            return None;
        }
        let mut line = String::from("[");
        for item in items {
            line.push(' ');
            line.push_str(&item.element_text());
        }
        line.push_str(" ]");
        (column + line.chars().count() + suffix <= LINE_WIDTH).then_some(line)
    }

    /// Writes the node starting at `column` on a line indented by
    /// `indent`, followed on its last line by `suffix` characters.
    fn write(&self, out: &mut String, indent: usize, column: usize, suffix: usize) {
        match self {
            Node::Scalar(literal) => out.push_str(&literal.text),
            Node::List(items) if items.is_empty() => out.push_str("[ ]"),
            Node::Set(entries) if entries.is_empty() => out.push_str("{ }"),
            Node::List(items) => {
                if let Some(line) = Node::one_line_list(items, column, suffix) {
                    out.push_str(&line);
                    return;
                }
                out.push('[');
                let inner = indent + INDENT;
                for item in items {
                    newline(out, inner);
                    match item {
                        Node::Scalar(_) => out.push_str(&item.element_text()),
                        _ => item.write(out, inner, inner, 0),
                    }
                }
                newline(out, indent);
                out.push(']');
            }
            Node::Set(entries) => {
                out.push('{');
                let inner = indent + INDENT;
                for (name, value) in entries {
                    newline(out, inner);
                    out.push_str(name);
                    out.push_str(" = ");
                    let column = inner + name.chars().count() + 3;
                    value.write(out, inner, column, 1);
                    out.push(';');
                }
                newline(out, indent);
                out.push('}');
            }
        }
    }
}

fn newline(out: &mut String, indent: usize) {
    out.push('\n');
    out.extend(std::iter::repeat_n(' ', indent));
}

impl NixExpr {
    pub(crate) fn new(node: Node) -> Self {
        NixExpr { node }
    }

    /// Appends the expression's text to `out`.
    pub(crate) fn write_to(&self, out: &mut String) {
        self.node.write(out, 0, 0, 0);
    }
}

impl fmt::Display for NixExpr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = String::new();
        self.write_to(&mut out);
        f.write_str(&out)
    }
}
