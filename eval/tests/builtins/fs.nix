# Paths and files: baseNameOf, dirOf, toPath, readDir, readFileType,
# findFile (and `<...>`, which calls it).
{
  baseNameOf = map baseNameOf [ "" "a" "a/" "a/b" "a//b" "a//" "/x/y.nix" ./fs-data/a.txt ];
  dirOf = [ (dirOf "a/b/c") (dirOf "a") (dirOf "/a") (dirOf "/") (dirOf "a///b") (dirOf ./fs-data/sub) ];
  dirOfType = builtins.typeOf (dirOf ./fs-data);
  toPath = [ (builtins.toPath "/a/../b/./c//d") (builtins.typeOf (builtins.toPath "/x")) ];
  readDir = builtins.readDir ./fs-data;
  readFileType = map builtins.readFileType [ ./fs-data/a.txt ./fs-data/sub ./fs-data/link ];
  readFile = builtins.readFile ./fs-data/a.txt;
  findFile = [
    (builtins.findFile [ { path = ./fs-data/sub; } { path = ./fs-data; } ] "a.txt")
    (builtins.findFile [ { prefix = "data"; path = ./fs-data; } ] "data/sub/b.nix")
    (builtins.findFile [ { prefix = "data"; path = ./fs-data; } ] "data")
  ];
  findFileMissing = builtins.tryEval (builtins.findFile [ { path = ./fs-data; } ] "nonexistent");
  findFilePrefixMismatch = builtins.tryEval (builtins.findFile [ { prefix = "dat"; path = ./fs-data; } ] "data/a.txt");
  angle = let __nixPath = [ { prefix = "d"; path = ./fs-data; } ]; in <d/sub/b.nix>;
}
