//! The files `<nix/...>` finds when the search path has none: C++ Nix
//! keeps a few built into the evaluator (`<nix/fetchurl.nix>`,
//! `<nix/derivation.nix>`), and so do we.

use std::path::{Path, PathBuf};

/// Where C++ Nix keeps the files `<nix/...>` finds when the search path
/// has none.
pub(super) const COREPKGS: &str = "/__corepkgs__";

/// The built-in `<nix/fetchurl.nix>`: the fixed-output derivation that
/// C++ Nix's builtin fetcher builds, with the same arguments and
/// attributes, so its paths are Nix's (nothing is fetched here).
const FETCHURL_NIX: &str = r#"
# <nix/fetchurl.nix>: a fixed-output derivation built by the builtin
# fetcher. Give `hash` (SRI) or one of the legacy `md5`, `sha1`,
# `sha256`, `sha512`.
{
  system ? "", # not used
  url,
  hash ? "",
  md5 ? "",
  sha1 ? "",
  sha256 ? "",
  sha512 ? "",
  outputHash ?
    if hash != "" then hash
    else if sha512 != "" then sha512
    else if sha1 != "" then sha1
    else if md5 != "" then md5
    else sha256,
  outputHashAlgo ?
    if hash != "" then ""
    else if sha512 != "" then "sha512"
    else if sha1 != "" then "sha1"
    else if md5 != "" then "md5"
    else "sha256",
  executable ? false,
  unpack ? false,
  name ? baseNameOf (toString url),
  impure ? false,
}:
derivation (
  {
    builder = "builtin:fetchurl";
    inherit outputHash outputHashAlgo;
    outputHashMode = if unpack || executable then "recursive" else "flat";
    inherit name url executable unpack;
    system = "builtin";
    preferLocalBuild = true;
    # Proxy settings the fetcher takes from the caller's environment.
    impureEnvVars = [ "http_proxy" "https_proxy" "ftp_proxy" "all_proxy" "no_proxy" ];
    urls = [ url ];
  }
  // (if impure then { __impure = true; } else { })
)
"#;

/// The source of `derivation` (`<nix/derivation.nix>` of this evaluator).
const DERIVATION_NIX: &str = r#"# `derivation`: `derivationStrict` computes the paths; this makes, for
# each output, the attributes given plus every output by name, `all`,
# `drvAttrs`, and the output's own `outPath`, `drvPath`, `outputName`
# and `type`. The first output is the result.
drvAttrs@{ outputs ? [ "out" ], ... }:
let
  strict = derivationStrict drvAttrs;
  outputSet = name: {
    inherit name;
    value = common // {
      outPath = strict.${name};
      drvPath = strict.drvPath;
      type = "derivation";
      outputName = name;
    };
  };
  byOutput = map outputSet outputs;
  common = drvAttrs // builtins.listToAttrs byOutput // {
    all = map (output: output.value) byOutput;
    inherit drvAttrs;
  };
in
(builtins.head byOutput).value
"#;

/// The source of a built-in file that `findFile` resolves `<nix/...>` to.
pub(super) fn corepkg_source(path: &Path) -> Option<&'static str> {
    match path.strip_prefix(COREPKGS).ok()?.to_str()? {
        "fetchurl.nix" => Some(FETCHURL_NIX),
        "derivation.nix" => Some(DERIVATION_NIX),
        _ => None,
    }
}

/// The path of the built-in file `<nix/NAME>`.
pub(super) fn corepkg_path(name: &str) -> PathBuf {
    PathBuf::from(format!("{COREPKGS}/{name}"))
}
