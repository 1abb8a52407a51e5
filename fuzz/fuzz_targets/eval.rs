//! Evaluation under budgets: with a step, memory and time budget every
//! input terminates, either with a value (printed and written as JSON) or
//! with errors that render. Nothing panics, nothing aborts.

#![no_main]

use libfuzzer_sys::fuzz_target;
use std::time::Duration;
use tvix_eval::{Evaluation, Limits};

fuzz_target!(|data: &[u8]| {
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    let limits = Limits::default()
        .with_max_steps(200_000)
        .with_max_memory(32 << 20)
        .with_deadline(Duration::from_secs(2));
    let result = Evaluation::builder()
        .limits(limits)
        .max_call_depth(20_000)
        .build()
        .evaluate(source);
    match &result.value {
        Some(value) => {
            let _ = tvix_eval::output::print::print_value(value);
            let _ = tvix_eval::output::json::to_json(value);
        }
        None => assert!(!result.errors.is_empty(), "no value and no error"),
    }
    let _ = result.render_errors(true);
});
