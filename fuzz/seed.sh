#!/usr/bin/env bash
# Seeds fuzz/corpus/<target>/ with the .nix files of the language suite
# (../shared/nix-lang-tests or NIX_LANG_TESTS) and of eval/tests.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
suite="${NIX_LANG_TESTS:-../../shared/nix-lang-tests}"
for target in parse eval serde; do
  mkdir -p "corpus/$target"
  for dir in "$suite" ../eval/tests ../serde/tests ../examples; do
    [ -d "$dir" ] || continue
    find "$dir" -name '*.nix' -size -64k -print0 |
      while IFS= read -r -d '' file; do
        cp "$file" "corpus/$target/$(sha1sum "$file" | cut -c1-16).nix"
      done
  done
done
echo "seeded: $(ls corpus/eval | wc -l) inputs per target"
