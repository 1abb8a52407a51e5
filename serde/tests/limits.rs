//! Resource limits through tvix-serde: a configuration that runs away
//! fails with `Category::Limit`, one within its budget loads, and the
//! untrusted preset works with the builder hook of every entry point.

use serde::Deserialize;
use std::time::Duration;
use tvix_serde::tvix_eval::{CancelHandle, Limits};
use tvix_serde::{Category, from_str_with_config};

#[derive(Deserialize, Debug, PartialEq)]
struct Config {
    name: String,
    workers: Vec<u32>,
}

const CONFIG: &str = r#"{ name = "web"; workers = builtins.genList (i: i * 2) 4; }"#;

#[test]
fn untrusted_preset_loads_a_normal_configuration() {
    let config: Config =
        from_str_with_config(CONFIG, |builder| builder.limits(Limits::untrusted())).unwrap();
    assert_eq!(config.workers, vec![0, 2, 4, 6]);
}

#[test]
fn step_budget_ends_a_runaway_configuration() {
    let source =
        "let loop = n: if n < 0 then 0 else loop (n + 1); in { name = loop 0; workers = []; }";
    let limits = Limits {
        max_steps: Some(100_000),
        ..Limits::default()
    };
    let err = from_str_with_config::<Config, _>(source, |b| b.limits(limits)).unwrap_err();
    assert_eq!(err.category(), Category::Limit, "{err}");
    assert!(err.message().contains("step"), "{}", err.message());
    // The error points into the configuration.
    assert!(err.location().is_some(), "{err}");
}

#[test]
fn memory_budget_fails_before_allocating() {
    let source = r#"{ name = builtins.concatStringsSep "," (builtins.genList toString 10000000); workers = []; }"#;
    let limits = Limits {
        max_memory: Some(1 << 20),
        ..Limits::default()
    };
    let err = from_str_with_config::<Config, _>(source, |b| b.limits(limits)).unwrap_err();
    assert_eq!(err.category(), Category::Limit, "{err}");
    assert!(err.message().contains("memory"), "{}", err.message());
}

#[test]
fn deadline_and_cancellation() {
    let source = "let f = n: f (n + 1); in f 0";
    let limits = Limits {
        deadline: Some(Duration::from_millis(100)),
        ..Limits::default()
    };
    let err = from_str_with_config::<Config, _>(source, |b| b.limits(limits)).unwrap_err();
    assert_eq!(err.category(), Category::Limit, "{err}");

    let cancel = CancelHandle::new();
    cancel.cancel();
    let limits = Limits {
        cancel: Some(cancel),
        ..Limits::default()
    };
    let err = from_str_with_config::<Config, _>(CONFIG, |b| b.limits(limits)).unwrap_err();
    assert_eq!(err.category(), Category::Limit, "{err}");
}

#[test]
fn other_errors_keep_their_category() {
    let err = from_str_with_config::<Config, _>("1 + true", |b| b.limits(Limits::untrusted()))
        .unwrap_err();
    assert_eq!(err.category(), Category::Evaluation);
}
