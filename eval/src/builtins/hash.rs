//! The hashing builtins: `hashString`, `hashFile` and `convertHash`
//! (digests and encodings live in `crate::hash`).

use super::support::coerce_to_path;
use super::support::force_string;
use super::EvalState;
use crate::errors::{ErrorKind, WarningKind};
use crate::hash::{base16, format_hash, parse_hash, Algo};
use crate::io::io_error;
use crate::value::{BuiltinDef, NixAttrs, NixString, Value};
use crate::vm::generators::warn;
use std::rc::Rc;

pub(super) fn builtins(state: &Rc<EvalState>) -> Vec<BuiltinDef> {
    let file_state = state.clone();
    vec![
        // The algorithm is parsed before the string's type is checked,
        // as in C++ Nix.
        BuiltinDef::plain(
            "hashString",
            "The base-16 hash of a string (md5, sha1, sha256 or sha512).",
            |(algo, s): (NixString, Value)| {
                let algo = Algo::parse(algo.as_bytes())?;
                Ok(Value::string(base16(&algo.digest(s.as_str()?.as_bytes()))))
            },
        ),
        BuiltinDef::generator(
            "hashFile",
            "The base-16 hash of a file's contents.",
            move |co, (algo, path): (NixString, Value)| {
                let state = file_state.clone();
                Box::pin(async move {
                    let algo = Algo::parse(algo.as_bytes())?;
                    let path = coerce_to_path(&co, path).await?;
                    let data = state
                        .io
                        .read_file(&path)
                        .map_err(|e| io_error("reading", &path, e))?;
                    Ok(Value::string(base16(&algo.digest(&data))))
                })
            },
        ),
        BuiltinDef::generator(
            "convertHash",
            "Converts a hash `{ hash, hashAlgo ? null, toHashFormat }` to another encoding.",
            |co, (attrs,): (NixAttrs,)| {
                Box::pin(async move {
                    let get = |name: &str| attrs.get_str(name).cloned();
                    let hash = get("hash").ok_or_else(|| ErrorKind::AttributeMissing {
                        name: "hash".into(),
                    })?;
                    let hash = force_string(&co, hash).await?;
                    let algo = match get("hashAlgo") {
                        Some(a) => Some(Algo::parse(force_string(&co, a).await?.as_bytes())?),
                        None => None,
                    };
                    let format =
                        get("toHashFormat").ok_or_else(|| ErrorKind::AttributeMissing {
                            name: "toHashFormat".into(),
                        })?;
                    let format = force_string(&co, format).await?;
                    if format.as_bytes() == b"base32" {
                        let message = r#""base32" is a deprecated alias for hash format "nix32"."#;
                        warn(&co, WarningKind::Deprecation(message.into())).await;
                    }
                    let (algo, bytes) = parse_hash(hash.as_bytes(), algo)?;
                    Ok(Value::string(format_hash(algo, &bytes, format.as_bytes())?))
                })
            },
        ),
    ]
}
