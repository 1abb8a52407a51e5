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
    /// Its position in [`Ast::nodes`].
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

    /// How many entries the range covers.
    pub fn len(self) -> usize {
        self.len as usize
    }

    /// Whether the range covers no entries.
    pub fn is_empty(self) -> bool {
        self.len == 0
    }

    /// The indices of the side table the range covers.
    pub fn indices(self) -> std::ops::Range<usize> {
        let start = self.start as usize;
        start..start + self.len as usize
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
    Decoded {
        /// Byte offset of the first character in the buffer.
        start: u32,
        /// Byte offset just past the last character.
        end: u32,
    },
}

/// The binary operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BinaryOp {
    /// `a -> b`: logical implication.
    Implication,
    /// `a || b`
    Or,
    /// `a && b`
    And,
    /// `a == b`
    Equal,
    /// `a != b`
    NotEqual,
    /// `a < b`
    Less,
    /// `a <= b`
    LessOrEq,
    /// `a > b`
    More,
    /// `a >= b`
    MoreOrEq,
    /// `a // b`: the attributes of `a` overridden by those of `b`.
    Update,
    /// `a + b`: numbers, strings or paths.
    Add,
    /// `a - b`
    Sub,
    /// `a * b`
    Mul,
    /// `a / b` (with spaces around it; `a/b` is a path).
    Div,
    /// `a ++ b`: list concatenation.
    Concat,
    /// `f <| x`
    PipeLeft,
    /// `x |> f`
    PipeRight,
}

impl BinaryOp {
    /// How the operator is written in Nix, e.g. `"//"`.
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
    /// Text taken as is (escapes already decoded).
    Literal(Text),
    /// `${e}`: the value of `e`, coerced to a string.
    Interpolation(ExprId),
}

/// One name of an attribute path or `inherit`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AttrName {
    /// Whether the name is known while parsing or computed.
    pub kind: AttrKind,
    /// Where the name is written.
    pub span: Span,
}

/// Whether an attribute name is static or computed (see [`AttrName`]).
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
        /// The names before `=`: `a.b.c`.
        path: Range<AttrName>,
        /// The expression after `=`.
        value: ExprId,
        /// The whole binding, up to its `;`.
        span: Span,
    },
    /// `inherit a b;` or `inherit (from) a b;`.
    Inherit {
        /// The `(from)` expression, if any: the names are taken from its attributes instead of the scope.
        from: Option<ExprId>,
        /// The inherited names.
        names: Range<AttrName>,
        /// The whole `inherit ...;`.
        span: Span,
    },
}

/// A formal argument `name` or `name ? default`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Formal {
    /// The argument's name.
    pub name: Span,
    /// The expression after `?`, used when the argument lacks the attribute.
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
        /// The named arguments between the braces.
        formals: Range<Formal>,
        /// Whether there is a `...`, allowing further attributes.
        ellipsis: bool,
        /// The name after or before `@`, bound to the whole argument set.
        bind: Option<Span>,
        /// The braces and what is between them.
        span: Span,
    },
}

/// What an expression is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum NodeKind {
    /// An integer literal such as `42`.
    Int(i64),
    /// A float literal such as `1.5` or `.5e3`.
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
    /// `set.a.b` or `set.a.b or default`
    Select {
        /// The expression selected from.
        set: ExprId,
        /// The attribute path after the `.`.
        path: Range<AttrName>,
        /// The expression after `or`, used when the path is missing.
        default: Option<ExprId>,
    },
    /// `set ? a.b`
    HasAttr {
        /// The expression tested.
        set: ExprId,
        /// The attribute path after `?`.
        path: Range<AttrName>,
    },
    /// `f x`; `legacy_or` for `f or`, the call of a variable `or`.
    Apply {
        /// The function called.
        func: ExprId,
        /// The argument.
        arg: ExprId,
        /// Whether this is `f or`, an old call of a variable named `or`.
        legacy_or: bool,
    },
    /// `!x`
    Not(ExprId),
    /// `-x`
    Negate(ExprId),
    /// `lhs op rhs`, for every [`BinaryOp`].
    Binary {
        /// The operator.
        op: BinaryOp,
        /// The left operand.
        lhs: ExprId,
        /// The right operand.
        rhs: ExprId,
    },
    /// `if cond then then else otherwise`
    If {
        /// The condition, which must be a boolean.
        cond: ExprId,
        /// The value when the condition is true.
        then: ExprId,
        /// The value when the condition is false.
        otherwise: ExprId,
    },
    /// `assert cond; body`
    Assert {
        /// The asserted condition; evaluation fails when it is false.
        cond: ExprId,
        /// The value when the assertion holds.
        body: ExprId,
    },
    /// `with namespace; body`
    With {
        /// The attribute set whose attributes become variables of `body`.
        namespace: ExprId,
        /// The expression evaluated with those variables.
        body: ExprId,
    },
    /// `let bindings in body`
    Let {
        /// The bindings, which may refer to one another.
        bindings: Range<Binding>,
        /// The expression after `in`.
        body: ExprId,
    },
    /// `let { ...; body = ...; }`
    LegacyLet(Range<Binding>),
    /// `{ bindings }` or `rec { bindings }`
    AttrSet {
        /// Whether it is `rec`, its bindings seeing one another.
        rec: bool,
        /// The bindings between the braces.
        bindings: Range<Binding>,
    },
    /// `[ a b c ]`: its items.
    List(Range<ExprId>),
    /// `param: body`, a function.
    Lambda {
        /// The argument pattern, in [`Ast::param`].
        param: ParamRef,
        /// The function's body.
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
    /// What expression this is, with its children.
    pub kind: NodeKind,
    /// Where the expression is written in the source.
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

    /// The source text the tree was parsed from.
    pub fn source(&self) -> &'s str {
        self.source
    }

    /// The node `id`.
    pub fn node(&self, id: ExprId) -> &Node {
        &self.nodes[id.index()]
    }

    /// What the node `id` is.
    pub fn kind(&self, id: ExprId) -> &NodeKind {
        &self.nodes[id.index()].kind
    }

    /// Where the node `id` is written.
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

    /// The characters of a name or string piece.
    pub fn text(&self, text: Text) -> &str {
        match text {
            Text::Source(span) => self.source_text(span),
            Text::Decoded { start, end } => {
                self.decoded.get(start as usize..end as usize).unwrap_or("")
            }
        }
    }

    /// The expressions of a list.
    pub fn items(&self, range: Range<ExprId>) -> &[ExprId] {
        range.slice(&self.items)
    }

    /// The pieces of a string or path.
    pub fn parts(&self, range: Range<Part>) -> &[Part] {
        range.slice(&self.parts)
    }

    /// The names of an attribute path or `inherit`.
    pub fn names(&self, range: Range<AttrName>) -> &[AttrName] {
        range.slice(&self.names)
    }

    /// How many bindings the tree has, of all sets and `let`s.
    pub fn binding_count(&self) -> usize {
        self.bindings.len()
    }

    /// The bindings of a set or `let`.
    pub fn bindings(&self, range: Range<Binding>) -> &[Binding] {
        range.slice(&self.bindings)
    }

    /// The named arguments of a function's pattern.
    pub fn formals(&self, range: Range<Formal>) -> &[Formal] {
        range.slice(&self.formals)
    }

    /// A function's argument pattern (a nameless `x:` for a reference out of range, which the parser never makes).
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
