# `inherit (e) a b;` evaluates `e` once; dynamic keys; nested paths merge;
# `__functor` makes a set callable; `or` defaults; `?` with paths.
let
  counter = builtins.trace "evaluated once" { a = 1; b = 2; c = { d = 4; }; };
  inherit (counter) a b;
  key = "dyn";
  callable = { __functor = self: x: x + self.offset; offset = 100; };
in
{
  sum = a + b;
  ${key} = "dynamic";
  nested.one = 1;
  nested.two = 2;
  nested.deeper = { three = 3; };
  nested.deeper.four = 4;
  called = callable 1;
  fallback = counter.x.y or "default";
  has = counter ? c.d;
  hasNot = counter ? c.e;
}
