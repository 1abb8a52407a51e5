//! The example configuration loads and prints as recorded in
//! `config.exp`; the broken one fails with the error recorded in
//! `broken-config.err` (the directory of the examples written as
//! `<examples>`). `TVIX_EXAMPLES_WRITE_GOLDEN=1` rewrites both files.

use std::path::Path;

fn check_golden(golden: &Path, actual: &str) {
    if std::env::var_os("TVIX_EXAMPLES_WRITE_GOLDEN").is_some() {
        std::fs::write(golden, actual).expect("write golden file");
        return;
    }
    let expected = std::fs::read_to_string(golden).expect("golden file exists");
    assert_eq!(actual, expected, "output differs from {}", golden.display());
}

#[test]
fn example_config_loads_into_its_recorded_structs() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let outcome = tvix_examples::run(&dir.join("config.nix"));
    assert!(outcome.success, "{}", outcome.stderr);
    assert_eq!(outcome.stderr, "");
    check_golden(&dir.join("config.exp"), &outcome.stdout);
}

#[test]
fn broken_config_fails_with_path_and_caret() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let outcome = tvix_examples::run(&dir.join("broken-config.nix"));
    assert!(!outcome.success);
    assert_eq!(outcome.stdout, "");
    let shown = outcome
        .stderr
        .replace(&dir.display().to_string(), "<examples>");
    assert!(shown.contains("upstreams[3]: "), "{shown}");
    assert!(shown.contains('^'), "{shown}");
    check_golden(&dir.join("broken-config.err"), &shown);
}
