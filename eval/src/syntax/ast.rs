//! The syntax tree: every expression is a [`Node`] in one vector,
//! referred to by its index ([`ExprId`]); the variable-length parts
//! (list items, bindings, attribute paths, string pieces, formals) are
//! ranges of side tables. A node's children always come before it in
//! the vector, so passes over the whole tree (constant analysis)
//! are loops, and dropping the tree frees a few vectors whatever its
//! depth.
//!
//! Names and string pieces without escapes are spans of the source;
//! decoded text (escapes, stripped indentation) lives in one buffer.

use super::token::Span;
use std::marker::PhantomData;

/// An expression: an index into [`Ast::nodes`].
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct ExprId(pub(super) u32);

impl ExprId {
    pub fn index(self) -> usize {
        self.0 as usize
    }

    /// The node at `index` of [`Ast::nodes`].
    pub fn from_index(index: usize) -> ExprId {
        ExprId(index as u32)
    }
}

/// A range of a side table of the tree.
#[derive(Debug)]
pub struct Range<T> {
    pub(super) start: u32,
    pub(super) len: u32,
    _entries: PhantomData<fn() -> T>,
}

impl<T> Clone for Range<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Range<T> {}

impl<T> PartialEq for Range<T> {
    fn eq(&self, other: &Self) -> bool {
        (self.start, self.len) == (other.start, other.len)
    }
}

impl<T> Eq for Range<T> {}

impl<T> Range<T> {
    pub(super) fn new(start: usize, len: usize) -> Self {
        Range {
            start: start as u32,
            len: len as u32,
            _entries: PhantomData,
        }
    }

    pub fn len(self) -> usize {
        self.len as usize
    }

    pub fn is_empty(self) -> bool {
        self.len == 0
    }

    fn slice(self, table: &[T]) -> &[T] {
        let start = self.start as usize;
        table.get(start..start + self.len as usize).unwrap_or(&[])
    }
}

/// Text of a name or string piece.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Text {
    /// As written in the source.
    Source(Span),
    /// A range of the decoded text buffer.
    Decoded { start: u32, end: u32 },
}

/// The binary operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BinaryOp {
    Implication,
    Or,
    And,
    Equal,
    NotEqual,
    Less,
    LessOrEq,
    More,
    MoreOrEq,
    Update,
    Add,
    Sub,
    Mul,
    Div,
    Concat,
    /// `f <| x`
    PipeLeft,
    /// `x |> f`
    PipeRight,
}

impl BinaryOp {
    pub fn symbol(self) -> &'static str {
        use BinaryOp::*;
        match self {
            Implication => "->",
            Or => "||",
            And => "&&",
            Equal => "==",
            NotEqual => "!=",
            Less => "<",
            LessOrEq => "<=",
            More => ">",
            MoreOrEq => ">=",
            Update => "//",
            Add => "+",
            Sub => "-",
            Mul => "*",
            Div => "/",
            Concat => "++",
            PipeLeft => "<|",
            PipeRight => "|>",
        }
    }
}

/// Where a path literal starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathKind {
    /// `/etc/hosts`
    Absolute,
    /// `./a`, `a/b`
    Relative,
    /// `~/a`
    Home,
}

/// A piece of a string or path literal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Literal(Text),
    Interpolation(ExprId),
}

/// One name of an attribute path or `inherit`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AttrName {
    pub kind: AttrKind,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttrKind {
    /// A name known while parsing: an identifier, `or`, a string
    /// without interpolation, or `${}` of one.
    Static(Text),
    /// `${e}` or a string with interpolations (the expression is the
    /// string then).
    Dynamic(ExprId),
}

/// A binding of a set or `let`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Binding {
    /// `a.b.c = value;` (the span is the whole binding).
    Value {
        path: Range<AttrName>,
        value: ExprId,
        span: Span,
    },
    /// `inherit a b;` or `inherit (from) a b;`.
    Inherit {
        from: Option<ExprId>,
        names: Range<AttrName>,
        span: Span,
    },
}

/// A formal argument `name` or `name ? default`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Formal {
    pub name: Span,
    pub default: Option<ExprId>,
    /// The whole formal.
    pub span: Span,
}

/// A function's parameter: an index into the tree's table of them
/// (which keeps [`NodeKind`] small).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParamRef(pub(super) u32);

/// The argument pattern of a function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Param {
    /// `x: ...`
    Ident(Span),
    /// `{ a, b ? 1, ... } @ args: ...`; `span` covers the braces.
    Pattern {
        formals: Range<Formal>,
        ellipsis: bool,
        bind: Option<Span>,
        span: Span,
    },
}

/// What an expression is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum NodeKind {
    Int(i64),
    Float(f64),
    /// `http://example.org`: the node's span is its text.
    Uri,
    /// A string: its pieces, literal text decoded.
    Str(Range<Part>),
    /// A path literal: its first piece is literal text.
    Path(PathKind, Range<Part>),
    /// `<name>`: the node's span is its text, brackets included.
    SearchPath,
    /// A variable: the node's span is its name.
    Var,
    /// `__curPos`
    CurPos,
    Select {
        set: ExprId,
        path: Range<AttrName>,
        default: Option<ExprId>,
    },
    /// `set ? a.b`
    HasAttr {
        set: ExprId,
        path: Range<AttrName>,
    },
    /// `f x`; `legacy_or` for `f or`, the call of a variable `or`.
    Apply {
        func: ExprId,
        arg: ExprId,
        legacy_or: bool,
    },
    /// `!x`
    Not(ExprId),
    /// `-x`
    Negate(ExprId),
    Binary {
        op: BinaryOp,
        lhs: ExprId,
        rhs: ExprId,
    },
    If {
        cond: ExprId,
        then: ExprId,
        otherwise: ExprId,
    },
    Assert {
        cond: ExprId,
        body: ExprId,
    },
    With {
        namespace: ExprId,
        body: ExprId,
    },
    Let {
        bindings: Range<Binding>,
        body: ExprId,
    },
    /// `let { ...; body = ...; }`
    LegacyLet(Range<Binding>),
    AttrSet {
        rec: bool,
        bindings: Range<Binding>,
    },
    List(Range<ExprId>),
    Lambda {
        param: ParamRef,
        body: ExprId,
    },
    /// `( e )`
    Paren(ExprId),
    /// Where the parser found an error.
    Error,
}

/// An expression and where it is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Node {
    pub kind: NodeKind,
    pub span: Span,
}

/// A parsed source.
pub struct Ast<'s> {
    pub(super) source: &'s str,
    pub(super) nodes: Vec<Node>,
    pub(super) items: Vec<ExprId>,
    pub(super) parts: Vec<Part>,
    pub(super) names: Vec<AttrName>,
    pub(super) bindings: Vec<Binding>,
    pub(super) formals: Vec<Formal>,
    pub(super) params: Vec<Param>,
    pub(super) decoded: String,
}

impl<'s> Ast<'s> {
    /// An empty tree, with room for about `nodes` nodes (so that the
    /// vectors do not grow, copying themselves, while large sources are
    /// parsed; room not used is never touched).
    pub(super) fn new(source: &'s str, nodes: usize) -> Self {
        Ast {
            source,
            nodes: Vec::with_capacity(nodes + 4),
            items: Vec::with_capacity(nodes / 4),
            parts: Vec::with_capacity(nodes / 2),
            names: Vec::with_capacity(nodes),
            bindings: Vec::with_capacity(nodes),
            formals: Vec::new(),
            params: Vec::new(),
            decoded: String::new(),
        }
    }

    pub fn source(&self) -> &'s str {
        self.source
    }

    pub fn node(&self, id: ExprId) -> &Node {
        &self.nodes[id.index()]
    }

    pub fn kind(&self, id: ExprId) -> &NodeKind {
        &self.nodes[id.index()].kind
    }

    pub fn span(&self, id: ExprId) -> Span {
        self.nodes[id.index()].span
    }

    /// All nodes, children before their parents.
    pub fn nodes(&self) -> &[Node] {
        &self.nodes
    }

    /// The source text of `span`.
    pub fn source_text(&self, span: Span) -> &'s str {
        self.source.get(span.range()).unwrap_or("")
    }

    pub fn text(&self, text: Text) -> &str {
        match text {
            Text::Source(span) => self.source_text(span),
            Text::Decoded { start, end } => {
                self.decoded.get(start as usize..end as usize).unwrap_or("")
            }
        }
    }

    pub fn items(&self, range: Range<ExprId>) -> &[ExprId] {
        range.slice(&self.items)
    }

    pub fn parts(&self, range: Range<Part>) -> &[Part] {
        range.slice(&self.parts)
    }

    pub fn names(&self, range: Range<AttrName>) -> &[AttrName] {
        range.slice(&self.names)
    }

    pub fn bindings(&self, range: Range<Binding>) -> &[Binding] {
        range.slice(&self.bindings)
    }

    pub fn formals(&self, range: Range<Formal>) -> &[Formal] {
        range.slice(&self.formals)
    }

    pub fn param(&self, param: ParamRef) -> Param {
        self.params
            .get(param.0 as usize)
            .copied()
            .unwrap_or(Param::Ident(Span::default()))
    }

    /// The text of a string without interpolations, borrowed when it is
    /// one piece.
    pub fn literal_str(&self, parts: Range<Part>) -> Option<std::borrow::Cow<'_, str>> {
        match self.parts(parts) {
            [] => Some(std::borrow::Cow::Borrowed("")),
            [Part::Literal(text)] => Some(std::borrow::Cow::Borrowed(self.text(*text))),
            _ => self.literal_string(parts).map(std::borrow::Cow::Owned),
        }
    }

    /// Whether a string has no interpolations.
    pub fn is_literal(&self, parts: Range<Part>) -> bool {
        self.parts(parts)
            .iter()
            .all(|p| matches!(p, Part::Literal(_)))
    }

    /// The literal text of a string without interpolations.
    pub fn literal_string(&self, parts: Range<Part>) -> Option<String> {
        let mut text = String::new();
        for part in self.parts(parts) {
            match part {
                Part::Literal(t) => text.push_str(self.text(*t)),
                Part::Interpolation(_) => return None,
            }
        }
        Some(text)
    }

    /// Calls `visit` with each direct child expression of `id`.
    pub fn for_each_child(&self, id: ExprId, mut visit: impl FnMut(ExprId)) {
        let parts = |range: Range<Part>, visit: &mut dyn FnMut(ExprId)| {
            for part in self.parts(range) {
                if let Part::Interpolation(e) = part {
                    visit(*e);
                }
            }
        };
        let names = |range: Range<AttrName>, visit: &mut dyn FnMut(ExprId)| {
            for name in self.names(range) {
                if let AttrKind::Dynamic(e) = name.kind {
                    visit(e);
                }
            }
        };
        let bindings = |range: Range<Binding>, visit: &mut dyn FnMut(ExprId)| {
            for binding in self.bindings(range) {
                match *binding {
                    Binding::Value { path, value, .. } => {
                        names(path, visit);
                        visit(value);
                    }
                    Binding::Inherit { from, names: n, .. } => {
                        if let Some(from) = from {
                            visit(from);
                        }
                        names(n, visit);
                    }
                }
            }
        };
        match *self.kind(id) {
            NodeKind::Int(_)
            | NodeKind::Float(_)
            | NodeKind::Uri
            | NodeKind::SearchPath
            | NodeKind::Var
            | NodeKind::CurPos
            | NodeKind::Error => {}
            NodeKind::Str(range) | NodeKind::Path(_, range) => parts(range, &mut visit),
            NodeKind::Select { set, path, default } => {
                visit(set);
                names(path, &mut visit);
                if let Some(default) = default {
                    visit(default);
                }
            }
            NodeKind::HasAttr { set, path } => {
                visit(set);
                names(path, &mut visit);
            }
            NodeKind::Apply { func, arg, .. } => {
                visit(func);
                visit(arg);
            }
            NodeKind::Not(e) | NodeKind::Negate(e) | NodeKind::Paren(e) => visit(e),
            NodeKind::Binary { lhs, rhs, .. } => {
                visit(lhs);
                visit(rhs);
            }
            NodeKind::If {
                cond,
                then,
                otherwise,
            } => {
                visit(cond);
                visit(then);
                visit(otherwise);
            }
            NodeKind::Assert { cond: a, body: b }
            | NodeKind::With {
                namespace: a,
                body: b,
            } => {
                visit(a);
                visit(b);
            }
            NodeKind::Let {
                bindings: range,
                body,
            } => {
                bindings(range, &mut visit);
                visit(body);
            }
            NodeKind::LegacyLet(range)
            | NodeKind::AttrSet {
                bindings: range, ..
            } => bindings(range, &mut visit),
            NodeKind::List(range) => {
                for item in self.items(range) {
                    visit(*item);
                }
            }
            NodeKind::Lambda { param, body } => {
                if let Param::Pattern { formals, .. } = self.param(param) {
                    for formal in self.formals(formals) {
                        if let Some(default) = formal.default {
                            visit(default);
                        }
                    }
                }
                visit(body);
            }
        }
    }
}
