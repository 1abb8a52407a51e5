//! The compiler: syntax trees ([`crate::syntax`]) to bytecode, with static
//! scope analysis.
//!
//! Every name is resolved at compile time: to a stack slot of the current
//! function, to an upvalue captured from an enclosing function, to a
//! global builtin, or, only when no static binding exists and a `with` is
//! in scope, to a runtime lookup through the enclosing `with` sets.
//! Recursive bindings (`let`, `rec { }`, formals with defaults) first push
//! a placeholder per binding, then fill each in, so that bindings can
//! capture each other in any order.

mod bindings;
mod constant;
mod expr;
mod functions;
mod leaf;
mod literals;
mod scope;

use crate::bytecode::{Formals, Lambda, Op, WithSet};
use crate::errors::{Error, ErrorKind, Warning, WarningKind};
use crate::syntax::{Ast, ExprId};
use crate::value::Value;
use codemap::{File, Span};
use scope::{Capture, LambdaCtx, Local, Resolved};
use std::collections::HashMap;
use std::path::PathBuf;
use std::rc::Rc;
use std::sync::Arc;

/// How path literals and URLs are linted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LintLevel {
    /// The construct is accepted silently.
    #[default]
    Allow,
    /// Each use is reported as a warning.
    Warn,
    /// Each use is a compile error.
    Fatal,
}

/// Settings that change how code compiles.
#[derive(Debug, Clone, Default)]
pub struct CompileOptions {
    /// Whether the pipe operators `|>` and `<|` are accepted (experimental `pipe-operators`); a syntax error otherwise.
    pub pipe_operators: bool,
    /// `fromTOML` gives dates and times (experimental `parse-toml-timestamps`).
    pub parse_toml_timestamps: bool,
    /// How unquoted URL literals (`http://example.org`) are treated.
    pub lint_url_literals: LintLevel,
    /// How relative path literals not starting with `./` or `../` (`a/b`) are treated.
    pub lint_short_path_literals: LintLevel,
    /// How absolute (`/etc`) and home (`~/a`) path literals are treated.
    pub lint_absolute_path_literals: LintLevel,
    /// What `~/` path literals resolve against: `HOME` as the evaluation's
    /// I/O sees it; `None` (pure evaluation) refuses them, as C++ Nix does.
    pub(crate) home: Option<String>,
}

/// Deepest expression nesting the compiler accepts.
const MAX_NESTING: usize = crate::syntax::MAX_TREE_DEPTH;

pub(crate) struct Compiler<'a> {
    ast: &'a Ast<'a>,
    /// Which nodes are constant data (see `constant.rs`).
    constants: constant::Constness,
    file: Arc<File>,
    /// The directory relative paths resolve against.
    dir: PathBuf,
    globals: &'a HashMap<String, Value>,
    options: &'a CompileOptions,
    contexts: Vec<LambdaCtx>,
    errors: Vec<Error>,
    warnings: Vec<Warning>,
    depth: usize,
    synthetic_names: usize,
}

/// The result of compiling one file or expression.
pub(crate) struct Compiled {
    pub lambda: Option<Rc<Lambda>>,
    pub errors: Vec<Error>,
    pub warnings: Vec<Warning>,
}

/// Compiles the expression `root` of `ast`, parsed from `file`.
pub(crate) fn compile(
    ast: &Ast,
    root: ExprId,
    file: Arc<File>,
    dir: PathBuf,
    globals: &HashMap<String, Value>,
    options: &CompileOptions,
) -> Compiled {
    let span = file.span;
    let mut compiler = Compiler {
        ast,
        constants: constant::Constness::of(ast),
        file,
        dir,
        globals,
        options,
        contexts: vec![LambdaCtx::new(None)],
        errors: Vec::new(),
        warnings: Vec::new(),
        depth: 0,
        synthetic_names: 0,
    };
    compiler.compile_expr(root);
    compiler.emit(Op::ForceReturn, span);
    let ctx = compiler
        .contexts
        .pop()
        .unwrap_or_else(|| LambdaCtx::new(None));
    let lambda = if compiler.errors.is_empty() {
        Some(Rc::new(ctx.finish(span)))
    } else {
        None
    };
    Compiled {
        lambda,
        errors: compiler.errors,
        warnings: compiler.warnings,
    }
}

impl<'a> Compiler<'a> {
    fn ctx(&mut self) -> &mut LambdaCtx {
        let last = self.contexts.len() - 1;
        &mut self.contexts[last]
    }

    /// Where expression `id` is.
    pub(crate) fn span_of(&self, id: ExprId) -> Span {
        self.span_at(self.ast.span(id))
    }

    /// A source span of the tree as a span of the code map.
    pub(crate) fn span_at(&self, span: crate::syntax::Span) -> Span {
        let len = self.file.span.len();
        let start = u64::from(span.start).min(len);
        let end = u64::from(span.end).clamp(start, len);
        self.file.span.subspan(start, end)
    }

    /// The source text of a name (a variable, a formal).
    fn name(&self, span: crate::syntax::Span) -> &'a str {
        self.ast.source_text(span)
    }

    fn error(&mut self, kind: ErrorKind, span: Span) {
        self.errors.push(Error::new(kind, Some(span)));
    }

    fn warn(&mut self, kind: WarningKind, span: Span) {
        self.warnings.push(Warning {
            kind,
            span: Some(span),
        });
    }

    /// Emits `op`, tracking its effect on the stack height (from the
    /// opcode table).
    fn emit(&mut self, op: Op, span: Span) -> usize {
        let effect = op.stack_effect();
        let ctx = self.ctx();
        ctx.height = (ctx.height as i64 + effect).max(0) as u32;
        ctx.chunk.push_op(op, span)
    }

    fn emit_constant(&mut self, value: Value, span: Span) {
        let idx = self.ctx().chunk.push_constant(value);
        self.emit(Op::Constant(idx), span);
    }

    fn constant_index(&mut self, value: Value) -> u32 {
        self.ctx().chunk.push_constant(value)
    }

    /// Emits a forward jump to be patched with [`Self::patch_jump`].
    fn emit_jump(&mut self, op: Op, span: Span) -> usize {
        self.emit(op, span)
    }

    /// Points the jump at `at` to the next instruction.
    fn patch_jump(&mut self, at: usize) {
        let ctx = self.ctx();
        let offset = (ctx.chunk.code.len() - at - 1) as u32;
        let op = &mut ctx.chunk.code[at];
        match op.with_jump_offset(offset) {
            Some(patched) => *op = patched,
            None => debug_assert!(false, "patching {op:?}, which does not jump"),
        }
    }

    /// A name no Nix identifier can collide with, for hidden locals.
    fn synthetic_name(&mut self, what: &str) -> String {
        self.synthetic_names += 1;
        format!("\0{what}{}", self.synthetic_names)
    }

    /// Declares the value just pushed as a local named `name`.
    fn declare_top(&mut self, name: Option<String>, is_with: bool) -> u32 {
        let ctx = self.ctx();
        let slot = ctx.height.saturating_sub(1);
        ctx.locals.push(Local {
            name,
            slot,
            is_with,
        });
        slot
    }

    /// Ends a scope of `count` locals below the value on top.
    fn close_scope(&mut self, count: usize, span: Span) {
        if count == 0 {
            return;
        }
        self.emit(Op::CloseScope(count as u32), span);
        let ctx = self.ctx();
        let keep = ctx.locals.len() - count;
        ctx.locals.truncate(keep);
    }

    /// Resolves `name` from the innermost function outwards.
    fn resolve(&mut self, name: &str) -> Resolved {
        let innermost = self.contexts.len() - 1;
        if let Some(slot) = self.contexts[innermost].find_local(name) {
            return Resolved::Local(slot);
        }
        if let Some(idx) = self.resolve_upvalue(innermost, name) {
            return Resolved::Upvalue(idx);
        }
        if let Some(value) = self.globals.get(name) {
            return Resolved::Global(value.clone());
        }
        let withs = self.enclosing_withs();
        if withs.is_empty() {
            Resolved::Undefined
        } else {
            Resolved::Dynamic(withs)
        }
    }

    fn resolve_upvalue(&mut self, ctx_idx: usize, name: &str) -> Option<u32> {
        if ctx_idx == 0 {
            return None;
        }
        let parent = ctx_idx - 1;
        if self.contexts[ctx_idx].shares_parent {
            // The enclosing function's captured values are this one's.
            if self.contexts[parent].find_local(name).is_some() {
                let kind = ErrorKind::internal("a function sharing captures names a local");
                self.error(kind, self.file.span);
                return None;
            }
            return self.resolve_upvalue(parent, name);
        }
        let capture = if let Some(slot) = self.contexts[parent].find_local(name) {
            Capture::Local(slot)
        } else {
            Capture::Upvalue(self.resolve_upvalue(parent, name)?)
        };
        Some(self.contexts[ctx_idx].add_capture(name, capture))
    }

    /// The names of all `with` scopes visible here, innermost first.
    fn enclosing_withs(&self) -> Vec<String> {
        let mut names = Vec::new();
        for ctx in self.contexts.iter().rev() {
            for local in ctx.locals.iter().rev() {
                if local.is_with {
                    if let Some(name) = &local.name {
                        names.push(name.clone());
                    }
                }
            }
        }
        names
    }

    /// Pushes the value bound to `name` (a static binding must exist).
    fn emit_static_lookup(&mut self, name: &str, span: Span) {
        match self.resolve(name) {
            Resolved::Local(slot) => {
                self.emit(Op::GetLocal(slot), span);
            }
            Resolved::Upvalue(idx) => {
                self.emit(Op::GetUpvalue(idx), span);
            }
            Resolved::Global(value) => self.emit_constant(value, span),
            Resolved::Dynamic(_) | Resolved::Undefined => {
                self.error(ErrorKind::UndefinedVariable(name.to_string()), span);
                self.emit_constant(Value::Null, span);
            }
        }
    }

    /// Pushes the value of identifier `name`; `with` lookups are eager.
    fn emit_variable(&mut self, name: &str, span: Span) {
        match self.resolve(name) {
            Resolved::Dynamic(withs) => {
                let mut sets = Vec::with_capacity(withs.len());
                for with in &withs {
                    match self.resolve(with) {
                        Resolved::Local(slot) => sets.push(WithSet::Local(slot)),
                        Resolved::Upvalue(idx) => sets.push(WithSet::Upvalue(idx)),
                        _ => {
                            let kind = ErrorKind::internal("a `with` set is not a variable");
                            self.error(kind, span);
                        }
                    }
                }
                let name_idx = self.constant_index(Value::string(name));
                let chunk = &mut self.ctx().chunk;
                let table = chunk.with_tables.len() as u32;
                chunk.with_tables.push(sets.into_boxed_slice());
                self.emit(Op::WithLookup(name_idx, table), span);
            }
            Resolved::Undefined => {
                self.error(ErrorKind::UndefinedVariable(name.to_string()), span);
                self.emit_constant(Value::Null, span);
            }
            _ => self.emit_static_lookup(name, span),
        }
    }

    /// Compiles a nested function or thunk body with `body`, then emits
    /// the instruction creating it with its captures. `source` is the
    /// syntax the body compiles (every part of it), when it is all in the
    /// tree: a body that refers to no local of this function then shares
    /// this function's captured values instead of capturing its own (see
    /// [`Self::may_share_captures`]).
    fn compile_nested(
        &mut self,
        thunk: bool,
        source: &[ExprId],
        name: Option<String>,
        formals: Option<Formals>,
        span: Span,
        body: impl FnOnce(&mut Self),
    ) {
        self.compile_nested_into(thunk, None, source, name, formals, span, body)
    }

    /// Whether a nested function or thunk compiled from `source` may share
    /// the captured values of the function being compiled: when it names
    /// none of that function's locals, every value it needs from outside
    /// is one that function captured, and its closures and thunks can
    /// hold that function's array of captured values (one count) instead
    /// of an array of their own (an allocation and a count per value, and
    /// as much to let go of). Decided from the syntax before compiling:
    /// any variable below `source` (or plain `inherit`) spelling a local's
    /// name, a `with` among the locals (its dynamic lookups read it), many
    /// locals, or a large body (the look is bounded, so that compiling
    /// stays linear) keep the ordinary way.
    fn may_share_captures(&self, source: &[ExprId]) -> bool {
        /// Syntax nodes looked at, at most, per nested function.
        const LOOK: usize = 256;
        /// Locals of the enclosing function, at most.
        const LOCALS: usize = 32;
        let Some(parent) = self.contexts.last() else {
            return false;
        };
        if source.is_empty()
            || parent.locals.len() > LOCALS
            || parent.locals.iter().any(|local| local.is_with)
        {
            return false;
        }
        let mut budget = LOOK;
        let is_local = |name: &str| parent.find_local(name).is_some();
        !source
            .iter()
            .any(|&root| bindings::refers_within(self.ast, root, &is_local, &mut budget))
    }

    /// For a function about to be compiled that does not share captures:
    /// the name of the enclosing function's local 0, when that is the
    /// only local there (`a: b: ...`, whose inner function is the
    /// common case). The function then takes that value as its own local 1
    /// (bound when its closure is made, pushed when it is called) and
    /// shares the enclosing function's captured values: applying `a: b:
    /// ...` to `a` counts two references instead of copying every value
    /// the inner function captures into an array of its own. Like
    /// sharing, it keeps all of the enclosing function's captured values
    /// alive as long as the closure.
    fn binds_outer_local(&self) -> Option<String> {
        let parent = self.contexts.last()?;
        if !parent.is_function || !parent.chunk.code.is_empty() {
            return None;
        }
        let [local] = &parent.locals[..] else {
            return None;
        };
        let name = local.name.as_ref()?;
        // Hidden locals (`\0...`) and `with` sets keep the ordinary way.
        (local.slot == 0 && !local.is_with && !name.starts_with('\0')).then(|| name.clone())
    }

    /// Like [`Self::compile_nested`]; with `into`, the thunk is built inside
    /// the placeholder in that local slot instead of being pushed.
    #[allow(clippy::too_many_arguments)]
    fn compile_nested_into(
        &mut self,
        thunk: bool,
        into: Option<u32>,
        source: &[ExprId],
        name: Option<String>,
        formals: Option<Formals>,
        span: Span,
        body: impl FnOnce(&mut Self),
    ) {
        let shares = self.may_share_captures(source);
        let binds = match thunk || shares {
            true => None,
            false => self.binds_outer_local(),
        };
        self.contexts.push(LambdaCtx::new(name));
        self.ctx().shares_parent = shares || binds.is_some();
        if !thunk {
            // Local 0 is the argument.
            self.ctx().height = 1;
            self.ctx().is_function = true;
        }
        if let Some(outer) = binds {
            // Local 1 is the enclosing function's local 0, pushed by the
            // call after the argument.
            let ctx = self.ctx();
            ctx.binds_outer_local = true;
            ctx.locals.push(Local {
                name: Some(outer),
                slot: 1,
                is_with: false,
            });
            ctx.height = 2;
        }
        self.ctx().formals = formals;
        body(self);
        if thunk {
            self.emit(Op::ForceReturn, span);
        } else {
            self.emit(Op::Return, span);
        }
        let Some(ctx) = self.contexts.pop() else {
            return;
        };
        let captures = ctx.captures.clone();
        let lambda = Rc::new(ctx.finish(span));
        let ctx = self.ctx();
        ctx.chunk.lambdas.push(lambda);
        let idx = (ctx.chunk.lambdas.len() - 1) as u32;
        let op = match (thunk, into) {
            (true, Some(slot)) => Op::FillThunk(idx, slot),
            (true, None) => Op::MakeThunk(idx),
            (false, _) => Op::MakeClosure(idx),
        };
        self.emit(op, span);
        for (_, capture) in captures {
            let op = match capture {
                Capture::Local(slot) => Op::CaptureLocal(slot),
                Capture::Upvalue(idx) => Op::CaptureUpvalue(idx),
            };
            self.emit(op, span);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::value::Value;
    use crate::Evaluation;

    /// The closure `source` evaluates to.
    fn closure(source: &str) -> std::rc::Rc<crate::value::Closure> {
        match Evaluation::builder().build().evaluate(source).value {
            Some(Value::Closure(closure)) => closure,
            other => panic!("{source}: not a function: {other:?}"),
        }
    }

    #[test]
    fn the_inner_function_of_a_curried_one_binds_its_argument() {
        let inner = closure("let k = 1; f = a: b: a + b + k; in f 5");
        assert!(inner.lambda().binds_outer_local);
        assert_eq!(inner.lambda().upvalue_count, 0);
        assert!(matches!(inner.bound(), Some(Value::Integer(5))));
        // It shares the outer function's one captured value, `k`.
        assert_eq!(inner.upvalues.len(), 1);
    }

    #[test]
    fn other_functions_capture_as_before() {
        // A function bound by a `let` (called far more often than made),
        // the inner function of one with more locals, and one not
        // directly the outer function's body.
        for source in [
            "let f = n: n; in f",
            "(a: let c = a; in b: a + b + c) 1",
            "(a: if a > 0 then (b: a + b) else (b: b)) 1",
        ] {
            let function = closure(source);
            assert!(!function.lambda().binds_outer_local, "{source}");
            assert!(function.bound().is_none(), "{source}");
        }
    }
}
