//! Compiling functions: `x: body` and `{ a, b ? d, ... } @ args: body`
//! (formals as a recursive scope over the argument), and the warning on
//! the legacy `e or` (a call of the variable `or`) where its meaning will
//! change.

use super::Compiler;
use crate::bytecode::{Formals, Op};
use crate::errors::{ErrorKind, WarningKind};
use crate::syntax::{ExprId, Formal, NodeKind, Param, Range};
use crate::value::{NixString, SourcePos, Value};
use codemap::Span;
use std::collections::HashSet;

impl Compiler<'_> {
    pub(super) fn compile_lambda(
        &mut self,
        param: Param,
        body: ExprId,
        name: Option<String>,
        span: Span,
    ) {
        match param {
            Param::Ident(arg) => {
                let arg = Some(self.name(arg).to_string());
                self.compile_nested(false, &[body], name, None, span, |c| {
                    c.ctx().locals.push(super::scope::Local {
                        name: arg,
                        slot: 0,
                        is_with: false,
                    });
                    c.compile_expr(body);
                });
            }
            Param::Pattern {
                formals: entries,
                ellipsis,
                bind,
                span: pattern_span,
            } => {
                // A repeated name is an error at its second occurrence.
                let mut seen = HashSet::new();
                for formal in self.ast.formals(entries) {
                    let name = self.name(formal.name);
                    if !seen.insert(name) {
                        let at = self.span_at(formal.name);
                        self.error(
                            ErrorKind::Compile(format!(
                                "duplicate formal function argument '{name}'"
                            )),
                            at,
                        );
                        break;
                    }
                }
                let mut arguments: Vec<(NixString, bool, Option<SourcePos>)> = self
                    .ast
                    .formals(entries)
                    .iter()
                    .map(|f| {
                        let pos = SourcePos::of_span(self.span_at(f.name));
                        (
                            crate::value::intern(self.name(f.name)),
                            f.default.is_some(),
                            pos,
                        )
                    })
                    .collect();
                arguments.sort_by(|a, b| a.0.cmp(&b.0));
                arguments.dedup_by(|a, b| a.0 == b.0);
                let formals = Formals {
                    positions: arguments.iter().map(|a| a.2).collect(),
                    arguments: arguments.into_iter().map(|(n, d, _)| (n, d)).collect(),
                    ellipsis,
                    span: self.span_at(pattern_span),
                };
                let bind = bind.map(|b| self.name(b).to_string());
                if let Some(bind) = &bind {
                    if formals
                        .arguments
                        .iter()
                        .any(|(n, _)| n.as_bytes() == bind.as_bytes())
                    {
                        self.error(
                            ErrorKind::Compile(format!(
                                "duplicate formal function argument '{bind}'"
                            )),
                            span,
                        );
                    }
                }
                // Everything the function compiles: its body and defaults.
                let mut source = vec![body];
                source.extend(self.ast.formals(entries).iter().filter_map(|f| f.default));
                self.compile_nested(false, &source, name, Some(formals), span, |c| {
                    c.ctx().locals.push(super::scope::Local {
                        name: bind,
                        slot: 0,
                        is_with: false,
                    });
                    c.emit(Op::ValidateFormals, span);
                    let scope = c.compile_formals(entries);
                    c.compile_expr(body);
                    c.close_scope(scope, span);
                });
            }
        }
    }

    /// Binds the formals of a `{ a, b ? 1, ... }:` function as a recursive
    /// scope over local 0, the argument; returns how many locals it bound.
    fn compile_formals(&mut self, entries: Range<Formal>) -> usize {
        let entries: Vec<Formal> = self.ast.formals(entries).to_vec();
        let first_local = self.ctx().locals.len();
        let mut names = Vec::new();
        for entry in &entries {
            let name = self.name(entry.name).to_string();
            let span = self.span_at(entry.span);
            let idx = self.constant_index(Value::string(name.as_str()));
            if entry.default.is_some() {
                self.emit(Op::FormalArgOrPlaceholder(idx), span);
            } else {
                self.emit(Op::FormalArg(idx), span);
            }
            self.declare_top(None, false);
            names.push(name);
        }
        for (i, name) in names.iter().enumerate() {
            self.ctx().locals[first_local + i].name = Some(name.clone());
        }
        for (i, entry) in entries.iter().enumerate() {
            let Some(default) = entry.default else {
                continue;
            };
            let span = self.span_of(default);
            let slot = self.ctx().locals[first_local + i].slot;
            let skip = self.emit_jump(Op::JumpIfFilled(slot, 0), span);
            self.compile_thunked(default, Some(names[i].clone()));
            self.emit(Op::Finalise(slot), span);
            self.patch_jump(skip);
        }
        entries.len()
    }

    /// `e or` (a call of `e` with the variable `or`) as a list element, an
    /// argument or the default of a selection: C++ Nix warns that its
    /// meaning will change (`or` will become an ordinary name). At the
    /// head of a call (`map or [ ]`) or alone in parentheses it keeps its
    /// meaning. `expr` is the element, argument or default.
    pub(super) fn warn_cursed_or(&mut self, expr: ExprId) {
        if let NodeKind::Apply {
            legacy_or: true, ..
        } = self.ast.kind(expr)
        {
            let text = self.ast.source_text(self.ast.span(expr));
            let span = self.span_of(expr);
            self.warn(WarningKind::CursedOr(format!("({text})")), span);
        }
    }
}
