//! Memory an evaluation leaves behind: with the metered allocator
//! installed, repeated evaluations and sessions must not grow the heap
//! (the builtins set refers to itself and the builtins to the evaluation
//! state; those cycles are broken when an evaluation ends).

use tvix_eval::limits::{heap_live_bytes, MeteredAllocator};
use tvix_eval::{Evaluation, Limits, Value};

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

#[test]
fn recursive_bindings_free_what_they_capture() {
    // Each program closes a cycle through the placeholder of a recursive
    // binding; the last one captures a list of 10,000 strings.
    for source in [
        "let x = { a = x; n = 1; }; in x.a.a.n",
        "let f = n: if n == 0 then 0 else f (n - 1); in f 10",
        "rec { a = b; b = c: if c == 0 then 1 else b (c - 1); }.a 3",
        "({ a ? b 1, b ? x: if x == 0 then 0 else b (x - 1) }: a) { }",
        "let big = builtins.genList (i: toString i) 10000; f = n: if n == 0 then builtins.length big else f (n - 1); in f 3",
    ] {
        let grown = growth(20, || {
            let result = Evaluation::builder().build().evaluate(source);
            assert!(result.errors.is_empty(), "{source}");
        });
        assert!(grown < 20_000, "20 runs of `{source}` kept {grown} bytes");
    }
}

#[test]
fn a_result_keeps_its_recursive_data() {
    // The result reaches the placeholder `x` as data: it stays intact.
    let result = Evaluation::builder()
        .build()
        .evaluate("let x = { a = x; n = 1; f = y: x.n + y; }; in x");
    let value = result.value.expect("a value");
    drop(result.errors);
    let Value::Attrs(attrs) = value else {
        panic!("a set")
    };
    let inner = attrs.get_str("a").and_then(|a| match a {
        Value::Thunk(t) => t.value(),
        other => Some(other.clone()),
    });
    let Some(Value::Attrs(inner)) = inner else {
        panic!("x.a is a set")
    };
    assert!(matches!(inner.get_str("n"), Some(Value::Integer(1))));
}
