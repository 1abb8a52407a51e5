//! What `to_string` writes, evaluated by C++ Nix (`nix-instantiate`):
//! the recorded goldens and generated values must read back as the Rust
//! value (see `support/nix.rs` for how the results are compared). Each
//! test says it skipped when `nix-instantiate` is not on `PATH`.

use crate::support::{goldens, nix, strategies};
use proptest::test_runner::{Config, TestCaseError, TestRunner};

#[test]
fn goldens_evaluate_to_their_values_in_cpp_nix() {
    if !nix::available() {
        return nix::skip("goldens_evaluate_to_their_values_in_cpp_nix");
    }
    for golden in goldens::goldens() {
        if let Err(e) = nix::check_text(&golden.text, &golden.json) {
            panic!("{}: {e}", golden.name);
        }
    }
}

fn run<S: proptest::strategy::Strategy>(cases: u32, strategy: S)
where
    S::Value: serde::Serialize,
{
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    let result = runner.run(&strategy, |value| {
        nix::check(&value).map_err(TestCaseError::fail)
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}

#[test]
fn generated_values_evaluate_to_themselves_in_cpp_nix() {
    if !nix::available() {
        return nix::skip("generated_values_evaluate_to_themselves_in_cpp_nix");
    }
    run(48, strategies::json());
}

#[test]
fn generated_records_evaluate_to_themselves_in_cpp_nix() {
    if !nix::available() {
        return nix::skip("generated_records_evaluate_to_themselves_in_cpp_nix");
    }
    run(24, proptest::collection::vec(strategies::record(), 0..4));
}

#[test]
fn floats_evaluate_exactly_in_cpp_nix() {
    if !nix::available() {
        return nix::skip("floats_evaluate_exactly_in_cpp_nix");
    }
    run(
        8,
        proptest::collection::vec(strategies::finite_f64(), 0..32),
    );
    run(
        8,
        proptest::collection::vec(strategies::finite_f32(), 0..32),
    );
}
