# builtins.path, filterSource, toFile and storePath: store paths as
# C++ Nix computes them (flat and recursive hashes, names, filters that
# see every entry below the root with its type, references of text
# files).
let
  d = ./store-data;
  seen = builtins.path {
    path = d;
    filter = path: type: builtins.trace "${baseNameOf path} ${type}" true;
  };
  text = builtins.toFile "greeting" "hello ${./store-data/hello.txt}";
in
{
  default = builtins.path { path = d; };
  named = builtins.path {
    path = d;
    name = "renamed";
  };
  filtered = builtins.path {
    path = d;
    filter = path: type: type != "directory";
  };
  filteredByName = builtins.path {
    path = d;
    filter = path: type: baseNameOf path != "hello.txt";
  };
  inherit seen;
  flat = builtins.path {
    path = ./store-data/hello.txt;
    recursive = false;
  };
  flatWithHash = builtins.path {
    path = ./store-data/hello.txt;
    recursive = false;
    sha256 = "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03";
  };
  recursiveWithHash = builtins.path {
    path = ./store-data/hello.txt;
    name = "hello";
    sha256 = "sha256-HDfQGvQL4ugGkd48w99EN3ppmvuxfGjwgJZLL9Bx/BM=";
  };
  pathAsString = builtins.path { path = toString d; };
  filterSource = builtins.filterSource (path: type: type == "regular") d;
  filterSourceContext = builtins.getContext (builtins.filterSource (path: type: true) d);
  toFile = builtins.toFile "plain" "some text\n";
  toFileEmpty = builtins.toFile "empty" "";
  toFileWithReference = text;
  toFileContext = builtins.getContext text;
  referringToFile = builtins.toFile "outer" "see ${text}";
  storePath = builtins.storePath "${builtins.storeDir}/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-x";
  storePathContext = builtins.getContext (
    builtins.storePath /nix/store/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-x
  );
}
