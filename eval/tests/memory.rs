//! Memory an evaluation leaves behind: with the metered allocator
//! installed, repeated evaluations and sessions must not grow the heap
//! (the builtins set refers to itself and the builtins to the evaluation
//! state; those cycles are broken when an evaluation ends).

use tvix_eval::limits::{heap_live_bytes, MeteredAllocator};
use tvix_eval::{Evaluation, Limits};

#[global_allocator]
static ALLOCATOR: MeteredAllocator<std::alloc::System> = MeteredAllocator::new(std::alloc::System);

fn live() -> isize {
    heap_live_bytes().expect("the metered allocator is installed")
}

/// Heap growth over `runs` repetitions of `work`, after one to warm up.
fn growth(runs: usize, mut work: impl FnMut()) -> isize {
    work();
    let before = live();
    for _ in 0..runs {
        work();
    }
    live() - before
}

#[test]
fn evaluations_free_what_they_allocate() {
    let grown = growth(50, || {
        let result = Evaluation::builder()
            .build()
            .evaluate("let f = x: builtins.map (y: y + x) [ 1 2 3 ]; in f 1");
        assert!(result.errors.is_empty());
    });
    // Before cycles were broken, each evaluation kept about 90 KB.
    assert!(grown < 100_000, "50 evaluations kept {grown} bytes");
}

#[test]
fn checking_and_sessions_free_what_they_allocate() {
    let grown = growth(50, || {
        let result = Evaluation::builder()
            .build()
            .check("{ a = builtins.length [ ]; }");
        assert!(result.errors.is_empty());
        let mut session = Evaluation::builder().session().expect("a session");
        let _ = session.evaluate("builtins.attrNames builtins");
    });
    assert!(grown < 100_000, "50 checks and sessions kept {grown} bytes");
}

#[test]
fn the_memory_budget_counts_the_whole_heap() {
    // Small sets, never charged by a builtin, add up.
    let source =
        "builtins.foldl' (acc: i: [ { inherit i; } acc ]) [ ] (builtins.genList (i: i) 200000)";
    let limits = Limits::default().with_max_memory(4 << 20);
    let result = Evaluation::builder()
        .limits(limits)
        .build()
        .evaluate(source);
    let message = result.errors[0].kind.to_string();
    assert!(message.contains("memory budget (4 MiB)"), "{message}");
    let result = Evaluation::builder()
        .limits(Limits::default().with_max_memory(1 << 30))
        .build()
        .evaluate(source);
    assert!(result.errors.is_empty());
}
