//! The example configuration evaluates to its recorded output.

#[test]
fn example_config_evaluates_to_its_golden_output() {
    let dir = env!("CARGO_MANIFEST_DIR");
    let source =
        std::fs::read_to_string(format!("{dir}/config.nix")).expect("example config exists");
    let expected =
        std::fs::read_to_string(format!("{dir}/config.exp")).expect("golden output exists");
    let result = tvix_eval::Evaluation::builder()
        .source_file(format!("{dir}/config.nix"))
        .build()
        .evaluate(&source);
    let value = result
        .value
        .clone()
        .unwrap_or_else(|| panic!("{}", result.render_errors(false)));
    let printed = String::from_utf8_lossy(&tvix_eval::print::print_value(&value)).into_owned();
    assert_eq!(printed, expected.trim_end());
}
