#!/usr/bin/env bash
# A short run of every fuzz target (SECONDS each, default 60), for CI:
# fails if a target finds a crash, a panic or a timeout. Installs
# cargo-fuzz if it is missing. Leak detection is off, during the run and
# at exit: a value that reaches itself through a thunk (`let x = { a = x; };
# in x`, or a set whose functions capture the thunk that holds it) is a
# reference cycle that outlives its evaluation (docs/architecture.md,
# "Limits", says which cycles are released and which are not).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
seconds="${1:-60}"
export RUSTC_BOOTSTRAP=1
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
if ! cargo fuzz --version >/dev/null 2>&1; then
  cargo install cargo-fuzz --locked --quiet
fi
./seed.sh
cargo fuzz build
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
for target in parse eval serde; do
  echo "fuzzing $target for ${seconds}s"
  if ! cargo fuzz run "$target" "corpus/$target" -- \
    -dict=nix.dict -max_total_time="$seconds" -timeout=20 -rss_limit_mb=4096 \
    -max_len=8192 -detect_leaks=0 -print_final_stats=1 >"$log" 2>&1; then
    # The finding: the panic message or sanitizer report and the input.
    grep -v '^#[0-9]' "$log" | grep -B2 -A30 -m1 -E "panicked|ERROR: libFuzzer|ERROR: AddressSanitizer" || tail -n 40 "$log"
    ls "artifacts/$target" 2>/dev/null | sed "s|^|artifact: fuzz/artifacts/$target/|"
    exit 1
  fi
  grep '^stat::' "$log"
done
