//! `docs/builtins-reference.md` is generated from the builtin
//! declarations; this test fails when it is out of date
//! (`TVIX_WRITE_REFERENCE=1` rewrites it), and checks that the status
//! table of `docs/builtins.md` names every builtin with its declared
//! arity.

use std::collections::BTreeMap;
use std::path::Path;
use tvix_eval::reference::{declarations, reference_markdown};

const REFERENCE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/builtins-reference.md");
const STATUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/builtins.md");

#[test]
fn reference_is_current() {
    let generated = reference_markdown();
    if std::env::var_os("TVIX_WRITE_REFERENCE").is_some_and(|v| v == "1") {
        std::fs::write(REFERENCE, &generated).expect("write the reference");
    }
    let checked_in = std::fs::read_to_string(Path::new(REFERENCE)).unwrap_or_default();
    assert!(
        checked_in == generated,
        "docs/builtins-reference.md is out of date: run \
         TVIX_WRITE_REFERENCE=1 cargo test --release -p tvix-eval --test builtins_reference"
    );
}

#[test]
fn every_builtin_is_described_with_its_arity() {
    let status = std::fs::read_to_string(STATUS).expect("docs/builtins.md");
    let mut rows = BTreeMap::new();
    for line in status.lines() {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        if cells.len() > 3 && cells[1].starts_with('`') && cells[1].ends_with('`') {
            rows.insert(cells[1].trim_matches('`').to_string(), cells[2].to_string());
        }
    }
    let mut problems = Vec::new();
    for declared in declarations() {
        let arity = declared.arity.map_or("—".to_string(), |n| n.to_string());
        match rows.get(&declared.name) {
            None => problems.push(format!("{} is missing", declared.name)),
            Some(documented) if *documented != arity => problems.push(format!(
                "{} has arity {arity}, documented as {documented}",
                declared.name
            )),
            Some(_) => {}
        }
    }
    assert!(problems.is_empty(), "docs/builtins.md: {problems:#?}");
}

#[test]
fn reference_lists_known_builtins_with_their_laziness() {
    let all = declarations();
    let find = |name: &str| all.iter().find(|d| d.name == name).cloned();
    let seq = find("seq").expect("seq is declared");
    assert_eq!(seq.arity, Some(2));
    assert_eq!(
        seq.lazy_arguments,
        vec![1],
        "seq forces only its first argument"
    );
    let map = find("map").expect("map is declared");
    assert_eq!(map.arity, Some(2));
    assert_eq!(find("langVersion").and_then(|d| d.arity), None);
    assert!(all.iter().all(|d| !d.documentation.is_empty()));
}
