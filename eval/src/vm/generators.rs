//! The protocol between the VM and generator frames.
//!
//! Rust code that must force a value or call a Nix function (builtins,
//! equality, string coercion, deep forcing) is written as `async` code that
//! yields a [`VMRequest`] to the VM and is resumed with a [`VMResponse`].
//! The VM runs whatever the request needs as ordinary frames on its frame
//! stack, so the Rust stack does not grow with the depth of the Nix program.

use crate::errors::{Error, ErrorKind, WarningKind};
use crate::value::Value;

pub use crate::value::builtin::protocol::{GenCo, GenFuture, VMRequest, VMResponse};

pub(crate) type Generator = genawaiter::rc::Gen<VMRequest, VMResponse, GenFuture>;

pub(crate) fn new_generator(body: impl FnOnce(GenCo) -> GenFuture) -> Generator {
    genawaiter::rc::Gen::new(body)
}

/// Forces `value` and returns its weak head normal form.
pub async fn force(co: &GenCo, value: Value) -> Value {
    if let Value::Thunk(t) = &value {
        if let Some(v) = t.value() {
            return v;
        }
    } else {
        return value;
    }
    match co.yield_(VMRequest::Force(value)).await {
        VMResponse::Value(v) => v,
        _ => unexpected_response(co).await,
    }
}

/// Calls `function` (forced first) with `arg`; the result is not forced.
pub async fn call(co: &GenCo, function: Value, arg: Value) -> Value {
    let function = force(co, function).await;
    match co.yield_(VMRequest::Call(function, arg)).await {
        VMResponse::Value(v) => v,
        _ => unexpected_response(co).await,
    }
}

/// Calls `function` with each of `args` in turn and forces the result.
pub async fn call_forced(co: &GenCo, function: Value, args: Vec<Value>) -> Value {
    let mut result = function;
    for arg in args {
        result = call(co, result, arg).await;
    }
    force(co, result).await
}

/// Forces `value`, returning a catchable error instead of unwinding.
pub async fn try_force(co: &GenCo, value: Value) -> Result<Value, ErrorKind> {
    match co.yield_(VMRequest::TryForce(value)).await {
        VMResponse::Value(v) => Ok(v),
        VMResponse::Caught(e) => Err(e),
        _ => Ok(unexpected_response(co).await),
    }
}

/// Fails the running generator with an internal error: the VM answered
/// a request with something else. The VM does not resume
/// the generator; the value is only for the type.
async fn unexpected_response(co: &GenCo) -> Value {
    let kind = ErrorKind::Internal("the VM answered a generator's request wrongly");
    raise(co, Box::new(Error::new(kind, None))).await;
    Value::Null
}

/// Fails the running generator with `error`, keeping its trace. The VM
/// does not resume the generator; the returned kind is only for the type.
pub async fn raise(co: &GenCo, error: Box<Error>) -> ErrorKind {
    let kind = error.kind.clone();
    co.yield_(VMRequest::Raise(error)).await;
    kind
}

/// The store path of the file tree at `path`, as a string with the
/// store path as its context: what a path becomes when interpolated.
pub async fn copy_to_store(
    co: &GenCo,
    path: std::path::PathBuf,
) -> Result<crate::value::NixString, ErrorKind> {
    match co.yield_(VMRequest::CopyToStore(path)).await {
        VMResponse::Value(Value::String(s)) => Ok(s),
        VMResponse::Caught(e) => Err(e),
        _ => Err(ErrorKind::Internal(
            "copying a path to the store answered neither a string nor an error",
        )),
    }
}

/// Records a warning.
pub async fn warn(co: &GenCo, warning: WarningKind) {
    co.yield_(VMRequest::Warning(warning)).await;
}
