# Copied by eval/tests/store_tree.rs next to the tree it makes (a symlink,
# a dangling symlink, executables, an empty directory); test.exp and
# test.stderr.exp are what C++ Nix 2.8 printed for the same tree
# (nix-instantiate --readonly-mode --eval --strict).
let
  types = builtins.path {
    path = ./root;
    name = "types";
    filter = path: type: builtins.trace "${baseNameOf path}: ${type}" true;
  };
in
{
  tree = "${./root}";
  executable = "${./root/run.sh}";
  executableFlat = builtins.path {
    path = ./root/run.sh;
    recursive = false;
  };
  symlink = "${./root/link}";
  dangling = "${./root/dangling}";
  emptyDirectory = "${./root/emptydir}";
  inherit types;
  withoutSymlinks = builtins.path {
    path = ./root;
    filter = path: type: type != "symlink";
  };
  onlyExecutables = builtins.filterSource (
    path: type: type == "directory" || baseNameOf path == "run.sh" || baseNameOf path == "x"
  ) ./root;
  linkInDerivation = (derivation {
    name = "uses-tree";
    system = "x86_64-linux";
    builder = "/bin/sh";
    src = ./root;
    link = ./root/link;
  }).drvPath;
}
