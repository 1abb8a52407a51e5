//! Evaluates `examples/config.nix` (or the file given) strictly with
//! tvix-eval and prints the result as `nix-instantiate --eval` would.

use std::process::ExitCode;

fn main() -> ExitCode {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| concat!(env!("CARGO_MANIFEST_DIR"), "/config.nix").to_string());
    let source = match std::fs::read_to_string(&path) {
        Ok(source) => source,
        Err(e) => {
            eprintln!("error: reading '{path}': {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = tvix_eval::Evaluation::builder()
        .source_file(&path)
        .file_access(true)
        .build()
        .evaluate(&source);
    eprint!("{}", result.render_warnings());
    match result.value {
        Some(value) => {
            println!(
                "{}",
                String::from_utf8_lossy(&tvix_eval::print::print_value(&value))
            );
            ExitCode::SUCCESS
        }
        None => {
            eprint!("{}", result.render_errors(false));
            ExitCode::FAILURE
        }
    }
}
