# Files made with toFile can be read back in the same evaluation.
let
  file = builtins.toFile "read-back.nix" "{ a = 1; b = [ 2 3 ]; }";
  text = builtins.toFile "text" "hello";
in
{
  imported = import file;
  read = builtins.readFile text;
  exists = builtins.pathExists text;
}
