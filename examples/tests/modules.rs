//! The module-system example: `examples/modules/config.nix` merges into
//! the structs recorded in `modules/config.exp`; a definition of the wrong
//! type and a definition of an undeclared option fail with errors naming
//! the option; nothing outside nixpkgs lib and the configuration's
//! directory may be read. Needs nixpkgs lib (`NIXPKGS_LIB` or
//! `../shared/nixpkgs-lib`): without it the tests say so and pass, except
//! under `CI=true`. `TVIX_EXAMPLES_WRITE_GOLDEN=1` rewrites the golden.

use std::path::{Path, PathBuf};
use tvix_examples::web;

fn lib() -> Option<PathBuf> {
    let lib = web::nixpkgs_lib();
    if lib.join("default.nix").is_file() {
        return Some(lib);
    }
    if std::env::var("CI").is_ok_and(|v| v == "true" || v == "1") {
        panic!(
            "nixpkgs lib not found at {} (required when CI=true)",
            lib.display()
        );
    }
    println!("nixpkgs lib not found at {}; skipping", lib.display());
    None
}

fn modules() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("modules")
}

#[test]
fn module_configuration_merges_into_its_recorded_structs() {
    let Some(lib) = lib() else { return };
    let outcome = web::run(&modules().join("config.nix"), &lib);
    assert!(outcome.success, "{}", outcome.stderr);
    let golden = modules().join("config.exp");
    if std::env::var_os("TVIX_EXAMPLES_WRITE_GOLDEN").is_some() {
        std::fs::write(&golden, &outcome.stdout).expect("write golden file");
        return;
    }
    let expected = std::fs::read_to_string(&golden).expect("golden file exists");
    assert_eq!(outcome.stdout, expected);
}

#[test]
fn priorities_and_conditions_are_applied() {
    let Some(lib) = lib() else { return };
    let config = match web::load(&modules().join("config.nix"), &lib) {
        Ok(config) => config,
        Err(e) => panic!("{e}"),
    };
    let web = &config.services.web;
    // mkForce in config.nix beats production.nix's plain definition.
    assert!(matches!(web.log_level, web::LogLevel::Warn));
    // A plain definition beats a mkDefault one.
    assert_eq!(config.database.url, "postgres://db.internal/shop");
    // The schema's mkDefault, computed from another option.
    assert_eq!(config.database.pool_size, 12);
    // mkIf on an option of config.
    assert_eq!(web.extra_headers["X-Frame-Options"], "DENY");
    // A submodule's default taken from its name.
    assert_eq!(
        web.virtual_hosts["status.example"].server_name,
        "status.example"
    );
    assert_eq!(web.port, 443);
}

#[test]
fn a_definition_of_the_wrong_type_names_the_option() {
    let Some(lib) = lib() else { return };
    let error = match web::load(&modules().join("broken-type.nix"), &lib) {
        Ok(config) => panic!("loaded {config:?}"),
        Err(e) => e.to_string(),
    };
    assert!(
        error.contains("A definition for option `services.web.port' is not of type"),
        "{error}"
    );
    assert!(error.contains("\"eighty\""), "{error}");
}

#[test]
fn an_undeclared_option_is_named() {
    let Some(lib) = lib() else { return };
    let error = match web::load(&modules().join("broken-undeclared.nix"), &lib) {
        Ok(config) => panic!("loaded {config:?}"),
        Err(e) => e.to_string(),
    };
    assert!(
        error.contains("The option `services.web.prot' does not exist."),
        "{error}"
    );
    assert!(
        error.contains("Did you mean `services.web.port'"),
        "{error}"
    );
}

#[test]
fn files_outside_the_library_and_the_configuration_are_not_readable() {
    let Some(lib) = lib() else { return };
    let dir = std::env::temp_dir().join(format!("tvix-modules-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temporary directory");
    let sneaky = dir.join("sneaky.nix");
    std::fs::write(
        &sneaky,
        "{ database.url = builtins.readFile /etc/hostname; }",
    )
    .expect("write module");
    let error = match web::load(&sneaky, &lib) {
        Ok(config) => panic!("loaded {config:?}"),
        Err(e) => e.to_string(),
    };
    let _ = std::fs::remove_dir_all(&dir);
    assert!(error.contains("/etc/hostname"), "{error}");
    assert!(
        error.contains("not allowed") || error.contains("forbidden"),
        "{error}"
    );
}
