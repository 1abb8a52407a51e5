#!/usr/bin/env bash
# A short run of every fuzz target (SECONDS each, default 60), for CI:
# fails if a target finds a crash, a panic or a timeout. Installs
# cargo-fuzz if it is missing. Leak detection is off: a Nix value that
# contains itself (`let x = { a = x; }; in x`) is a reference cycle that
# outlives its evaluation by design of the value representation.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
seconds="${1:-60}"
export RUSTC_BOOTSTRAP=1
if ! cargo fuzz --version >/dev/null 2>&1; then
  cargo install cargo-fuzz --locked --quiet
fi
./seed.sh
cargo fuzz build
for target in parse eval serde; do
  echo "fuzzing $target for ${seconds}s"
  cargo fuzz run "$target" "corpus/$target" -- \
    -dict=nix.dict -max_total_time="$seconds" -timeout=20 -rss_limit_mb=4096 \
    -max_len=8192 -detect_leaks=0 -print_final_stats=1 2>&1 | tail -n 12
done
