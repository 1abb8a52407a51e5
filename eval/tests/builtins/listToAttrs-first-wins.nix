# listToAttrs with elements evaluated already (computed at once) and
# still to force: the first occurrence of a name wins, later ones need no
# `value`, and values stay lazy.
let
  lazy = x: builtins.seq x x;
  pairs = [ { name = "b"; value = 2; } { name = "a"; value = 1; } { name = "b"; value = 3; } { name = "a"; } ];
  many = builtins.genList (i: { name = "k${toString (i / 2)}"; value = i; }) 100;
in
{
  evaluated = builtins.listToAttrs pairs;
  lazyElements = builtins.listToAttrs (builtins.map lazy pairs);
  lazyNames = builtins.listToAttrs [ { name = lazy "x"; value = 1; } { name = "x"; } ];
  manyNames = builtins.length (builtins.attrNames (builtins.listToAttrs many));
  manyFirst = (builtins.listToAttrs many).k7;
  valuesLazy = builtins.attrNames (builtins.listToAttrs [ { name = "t"; value = throw "lazy"; } ]);
}
