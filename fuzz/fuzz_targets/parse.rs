//! Parser and compiler: any text either compiles or yields errors with
//! positions that render; nothing panics, however deep the nesting.

#![no_main]

use libfuzzer_sys::fuzz_target;
use tvix_eval::Evaluation;

fuzz_target!(|data: &[u8]| {
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    let result = Evaluation::builder().build().check(source);
    for error in &result.errors {
        assert!(error.span.is_some() || !result.render_errors(false).is_empty());
    }
    let _ = result.render_errors(true);
    let _ = result.render_warnings();
});
