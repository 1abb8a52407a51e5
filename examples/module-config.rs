//! Loads the web service's configuration, written with nixpkgs lib's
//! module system (`examples/modules/config.nix`, or the module given),
//! into typed structs and prints them; prints the error instead when a
//! definition is wrong (try `examples/modules/broken-type.nix` or
//! `broken-undeclared.nix`). nixpkgs lib comes from `NIXPKGS_LIB` or
//! `../shared/nixpkgs-lib`.

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let configuration = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("modules/config.nix"));
    let lib = tvix_examples::web::nixpkgs_lib();
    if !lib.join("default.nix").is_file() {
        eprintln!(
            "nixpkgs lib not found at {}; set NIXPKGS_LIB to its location",
            lib.display()
        );
        return ExitCode::FAILURE;
    }
    let outcome = tvix_examples::web::run(&configuration, &lib);
    print!("{}", outcome.stdout);
    eprint!("{}", outcome.stderr);
    if outcome.success {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
