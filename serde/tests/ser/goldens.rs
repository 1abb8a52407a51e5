//! `to_string` of the values in `support/goldens.rs` against the texts
//! recorded in `tests/ser/goldens/NAME.nix` (each file is the text and a
//! final newline). `GOLDENS_WRITE=1` rewrites the files.

use std::path::Path;

#[test]
fn to_string_writes_the_recorded_texts() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ser/goldens");
    let write = std::env::var_os("GOLDENS_WRITE").is_some();
    let mut differ = Vec::new();
    for golden in crate::support::goldens::goldens() {
        let file = dir.join(format!("{}.nix", golden.name));
        let actual = format!("{}\n", golden.text);
        if write {
            std::fs::create_dir_all(&dir).expect("golden directory");
            std::fs::write(&file, &actual).expect("write golden");
            continue;
        }
        let expected = std::fs::read_to_string(&file)
            .unwrap_or_else(|e| panic!("{}: {e} (GOLDENS_WRITE=1 writes it)", file.display()));
        if actual != expected {
            differ.push(format!(
                "{}:\n--- expected\n{expected}--- actual\n{actual}",
                file.display()
            ));
        }
    }
    assert!(differ.is_empty(), "{}", differ.join("\n"));
}

#[test]
fn every_recorded_file_has_a_value() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ser/goldens");
    let names: Vec<_> = crate::support::goldens::goldens()
        .iter()
        .map(|g| g.name)
        .collect();
    for entry in std::fs::read_dir(&dir).expect("golden directory") {
        let path = entry.expect("entry").path();
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        assert!(names.contains(&stem), "{} has no value", path.display());
    }
}
