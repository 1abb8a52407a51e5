# removeAttrs, catAttrs and zipAttrsWith read the elements of a list: with
# every element evaluated already (computed at once), with some still to
# force (computed in a frame that forces them), repeated and absent
# names, and large sets.
let
  lazy = x: builtins.seq x x;
  big = builtins.listToAttrs (builtins.genList (i: { name = "k${toString i}"; value = i; }) 40);
  sets = [ { a = 1; b = 2; } { b = 3; } { c = 4; } ];
  lazySets = builtins.map lazy sets;
in
{
  removeEvaluated = builtins.removeAttrs { a = 1; b = 2; c = 3; } [ "a" "c" "a" "z" ];
  removeLazy = builtins.removeAttrs { a = 1; b = 2; c = 3; } (builtins.map lazy [ "b" "b" ]);
  removeNone = builtins.removeAttrs { a = 1; } [ "x" "y" ];
  removeFromBig = builtins.attrNames (builtins.removeAttrs big [ "k1" "k20" "k39" ]);
  removeMostOfBig = builtins.attrNames (builtins.removeAttrs big (builtins.genList (i: "k${toString (i + 2)}") 38));
  catEvaluated = builtins.catAttrs "b" sets;
  catLazy = builtins.catAttrs "b" lazySets;
  zipEvaluated = builtins.zipAttrsWith (name: values: [ name values ]) sets;
  zipLazy = builtins.zipAttrsWith (name: values: builtins.length values) lazySets;
  # The first bad element is the error, evaluated or not.
  removeOrder = builtins.tryEval (builtins.removeAttrs { } [ "a" (throw "second") 3 ]);
  catOrder = builtins.tryEval (builtins.catAttrs "a" [ { } (throw "second") 3 ]);
}
