//! The entry points: source text (pure), source with the builder exposed,
//! files (imports next to them, no environment), evaluated values;
//! top-level functions; warnings returned to the caller.

use serde::Deserialize;
use std::path::{Path, PathBuf};
use tvix_serde::{Category, from_file, from_file_with_config, from_str, from_str_with_config};

#[derive(Deserialize, Debug, PartialEq)]
struct Service {
    name: String,
    port: u16,
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tvix-serde-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temporary directory");
    dir
}

fn write(dir: &Path, name: &str, contents: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, contents).expect("write file");
    path
}

#[test]
fn from_str_evaluates_strictly() {
    let service: Service = from_str(r#"{ name = "w" + "eb"; port = 8000 + 80; }"#).unwrap();
    assert_eq!(
        service,
        Service {
            name: "web".into(),
            port: 8080
        }
    );
}

#[test]
fn from_str_is_pure() {
    let err = from_str::<String>("builtins.readFile /etc/hostname").unwrap_err();
    assert_eq!(err.category(), Category::Evaluation);
    assert!(
        err.message().contains("'/etc/hostname' is forbidden"),
        "{err}"
    );
    // Cargo sets CARGO_PKG_NAME for the tests it runs.
    let visible = std::env::var("CARGO_PKG_NAME").expect("run by cargo");
    let hidden: String = from_str(r#"builtins.getEnv "CARGO_PKG_NAME""#).unwrap();
    assert_eq!(hidden, "");
    let impure: String =
        from_str_with_config(r#"builtins.getEnv "CARGO_PKG_NAME""#, |b| b.impure(true)).unwrap();
    assert_eq!(impure, visible);
}

#[test]
fn builder_configures_arguments_builtins_and_limits() {
    let src = r#"{ name, port ? 80 }: { inherit name port; }"#;
    let service: Service = from_str_with_config(src, |b| b.arg_str("name", "api")).unwrap();
    assert_eq!(
        service,
        Service {
            name: "api".into(),
            port: 80
        }
    );
    let service: Service = from_str_with_config(src, |b| {
        b.arg_str("name", "api").arg_expr("port", "4 * 100 + 43")
    })
    .unwrap();
    assert_eq!(service.port, 443);

    let double = tvix_eval::value::BuiltinDef::sync("double", 1, "Doubles an integer.", |args| {
        Ok(tvix_eval::Value::Integer(args[0].as_int()? * 2))
    });
    let n: i64 = from_str_with_config("builtins.double 21", |b| b.builtin(double)).unwrap();
    assert_eq!(n, 42);

    let err = from_str_with_config::<i64, _>(
        "let f = n: if n == 0 then 0 else 1 + f (n - 1); in f 1000",
        |b| b.max_call_depth(100),
    )
    .unwrap_err();
    assert_eq!(err.category(), Category::Evaluation);
    assert!(
        err.message().contains("max-call-depth (100) exceeded"),
        "{err}"
    );
}

#[test]
fn top_level_functions_are_called_with_their_defaults() {
    let service: Service =
        from_str(r#"{ name ? "default", port ? 1, ... }: { inherit name port; }"#).unwrap();
    assert_eq!(
        service,
        Service {
            name: "default".into(),
            port: 1
        }
    );

    let err = from_str::<Service>("{ name, port ? 1 }: { inherit name port; }").unwrap_err();
    assert_eq!(err.category(), Category::Evaluation);
    assert_eq!(
        err.message(),
        "cannot evaluate a function that has an argument without a value ('name')"
    );

    let err = from_str::<Service>("args: { name = args.name; port = 1; }").unwrap_err();
    assert_eq!(err.category(), Category::Data);
    assert_eq!(
        err.message(),
        "invalid type: function, expected struct Service"
    );
    assert_eq!(err.location().map(|l| (l.line, l.column)), Some((1, 1)));
}

#[test]
fn from_file_resolves_imports_and_paths_next_to_the_file() {
    let dir = temp_dir("file");
    write(&dir, "ports.nix", "{ http = 8080; }");
    let config = write(
        &dir,
        "config.nix",
        r#"let ports = import ./ports.nix; in { name = baseNameOf ./data; port = ports.http; }"#,
    );
    let service: Service = from_file(&config).unwrap();
    assert_eq!(
        service,
        Service {
            name: "data".into(),
            port: 8080
        }
    );

    let path: PathBuf = from_file(write(&dir, "path.nix", "./data")).unwrap();
    assert_eq!(path, dir.join("data"));
}

#[test]
fn from_file_reads_only_below_the_files_directory_unless_widened() {
    let outside = temp_dir("outside");
    write(&outside, "secret.nix", r#""secret""#);
    let dir = temp_dir("inside");
    let src = format!(
        "{{ name = import {}/secret.nix; port = 1; }}",
        outside.display()
    );
    let path = write(&dir, "config.nix", &src);
    let err = from_file::<Service>(&path).unwrap_err();
    assert_eq!(err.category(), Category::Evaluation);
    assert!(err.message().contains("forbidden"), "{err}");
    let service: Service = from_file_with_config(&path, |b| b.allow_path(&outside)).unwrap();
    assert_eq!(service.name, "secret");
}

#[test]
fn from_file_hides_the_environment() {
    let dir = temp_dir("env");
    let visible = std::env::var("CARGO_PKG_NAME").expect("run by cargo");
    let path = write(&dir, "env.nix", r#"builtins.getEnv "CARGO_PKG_NAME""#);
    assert_eq!(from_file::<String>(&path).unwrap(), "");
    let impure: String = from_file_with_config(&path, |b| b.impure(true)).unwrap();
    assert_eq!(impure, visible);
}

#[test]
fn from_file_passes_arguments() {
    let dir = temp_dir("args");
    let path = write(
        &dir,
        "f.nix",
        r#"{ env ? "dev" }: { name = env; port = 1; }"#,
    );
    assert_eq!(from_file::<Service>(&path).unwrap().name, "dev");
    let service: Service = from_file_with_config(&path, |b| b.arg_str("env", "prod")).unwrap();
    assert_eq!(service.name, "prod");
}

#[test]
fn from_file_reports_unreadable_files_and_errors_in_imports() {
    let dir = temp_dir("missing");
    let missing = dir.join("nope.nix");
    let err = from_file::<Service>(&missing).unwrap_err();
    assert_eq!(err.category(), Category::Io);
    assert!(
        err.to_string()
            .starts_with(&format!("reading '{}': ", missing.display())),
        "{err}"
    );

    write(&dir, "broken.nix", "{ port = 1 + \"x\"; }");
    let main = write(&dir, "main.nix", "import ./broken.nix");
    let err = from_file::<Service>(&main).unwrap_err();
    assert_eq!(err.category(), Category::Evaluation);
    let location = err.location().expect("where the error is");
    assert_eq!(location.file, dir.join("broken.nix").display().to_string());
    assert_eq!((location.line, location.column), (1, 10));
}

#[test]
fn from_value_deserialises_evaluated_values() {
    let result = tvix_eval::Evaluation::builder()
        .build()
        .evaluate(r#"{ name = "db"; port = 5432; }"#);
    let value = result.value.expect("evaluates");
    let service: Service = tvix_serde::from_value(&value).unwrap();
    assert_eq!(
        service,
        Service {
            name: "db".into(),
            port: 5432
        }
    );
}

#[test]
fn from_value_refuses_values_never_evaluated() {
    let result = tvix_eval::Evaluation::builder()
        .strict(false)
        .build()
        .evaluate(r#"{ name = "d" + "b"; port = 1; }"#);
    let value = result.value.expect("evaluates");
    let err = tvix_serde::from_value::<Service>(&value).unwrap_err();
    assert_eq!(
        err.to_string(),
        "name: value is not evaluated (the evaluation was not strict)"
    );
}

#[test]
fn warnings_and_traces_reach_the_caller() {
    let loaded = tvix_serde::load_str::<Service, _>(
        r#"builtins.trace "loading" { name = builtins.trace "name" "x"; port = 1; }"#,
        |b| b,
    )
    .unwrap();
    let messages: Vec<&str> = loaded.warnings.iter().map(|w| w.message()).collect();
    assert_eq!(messages, ["loading", "name"]);
    assert!(loaded.warnings.iter().all(|w| w.is_trace()));

    let dir = temp_dir("warn");
    let path = write(
        &dir,
        "w.nix",
        "builtins.trace \"in file\" { name = \"x\"; port = 1; }",
    );
    let loaded = tvix_serde::load_file::<Service, _>(&path, |b| b).unwrap();
    assert_eq!(loaded.warnings[0].to_string(), "trace: in file");

    let err = from_str::<Service>(r#"builtins.trace "before failing" { name = 1; port = 1; }"#)
        .unwrap_err();
    assert_eq!(err.warnings()[0].message(), "before failing");

    // Or through a callback, as they happen.
    let seen = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
    let sink = seen.clone();
    let n: i64 = from_str_with_config(r#"builtins.trace "streamed" 1"#, move |b| {
        b.on_warning(move |w, _| sink.borrow_mut().push(w.kind.to_string()))
    })
    .unwrap();
    assert_eq!(n, 1);
    assert_eq!(*seen.borrow(), ["streamed"]);
}

#[test]
fn interpolated_paths_become_store_paths() {
    // As in C++ Nix: a path stays a path, but interpolated into a string
    // it is copied to the store (its store path is computed from the
    // file's contents; nothing is written).
    let dir = temp_dir("store");
    write(&dir, "data.txt", "hello\n");
    let config = write(
        &dir,
        "config.nix",
        r#"{ plain = ./data.txt; copied = "${./data.txt}"; }"#,
    );
    #[derive(Deserialize)]
    struct Paths {
        plain: PathBuf,
        copied: String,
    }
    let paths: Paths = from_file(&config).unwrap();
    assert_eq!(paths.plain, dir.join("data.txt"));
    // What `nix-instantiate --eval` (C++ Nix 2.8) gives for this file.
    assert_eq!(
        paths.copied,
        "/nix/store/y9dmvfhip31hg8ia4njwjz9vfa3ndphr-data.txt"
    );
}
