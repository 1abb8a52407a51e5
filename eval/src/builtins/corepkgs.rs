//! The files `<nix/...>` finds when the search path has none: C++ Nix
//! keeps a few built into the evaluator (`<nix/fetchurl.nix>`), and so do
//! we.

use std::path::Path;

/// Where C++ Nix keeps the files `<nix/...>` finds when the search path
/// has none.
pub(super) const COREPKGS: &str = "/__corepkgs__";

/// The built-in `<nix/fetchurl.nix>`: same interface as C++ Nix's, but
/// using it needs derivations.
const FETCHURL_NIX: &str = r#"
# <nix/fetchurl.nix> of this evaluator: fetching needs a derivation,
# which is not supported here.
{ url ? null, urls ? [ ], name ? null, ... }@args:
derivation (args // { builder = "builtin:fetchurl"; system = "builtin"; })
"#;

/// The source of a built-in file that `findFile` resolves `<nix/...>` to.
pub(super) fn corepkg_source(path: &Path) -> Option<&'static str> {
    match path.strip_prefix(COREPKGS).ok()?.to_str()? {
        "fetchurl.nix" => Some(FETCHURL_NIX),
        _ => None,
    }
}
