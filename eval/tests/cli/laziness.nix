# Unused bindings are never evaluated, even when computing them eagerly
# would be cheap: speculation must not raise errors early.
let
  big = 9223372036854775807;
  overflow = big + 1;
  zero = 0;
  division = 1 / zero;
  missing = { }.nope;
  thrown = throw "never";
  s = { a = 1; };
  selected = s.a;
  sum = selected + 1;
in
{
  ok = builtins.length [ overflow division missing thrown ];
  inherit sum;
}
