//! Loads the shop API's configuration (`examples/config.nix`, or the file
//! given) into typed structs and prints them; prints the error instead
//! when the configuration is broken (try `examples/broken-config.nix`).

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let path = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("config.nix"));
    let outcome = tvix_examples::run(&path);
    print!("{}", outcome.stdout);
    eprint!("{}", outcome.stderr);
    if outcome.success {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
