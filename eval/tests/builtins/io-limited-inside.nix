let
  dir = ./io-data/allowed;
in
{
  inner = import (dir + "/inner.nix");
  dirImport = (import ./io-data/allowed/sub).value;
  readFile = builtins.readFile ./io-data/allowed/lib/data.txt;
  readDir = builtins.readDir ./io-data/allowed;
  types = map builtins.readFileType [
    ./io-data/allowed/escape.nix
    ./io-data/allowed/lib
    ./io-data/allowed/counted.nix
  ];
  # Outside the allowed directory (also through `..` or a symlink),
  # pathExists answers false, as C++ Nix does in pure mode.
  exists = map builtins.pathExists [
    ./io-data/allowed/lib/value.nix
    ./io-data/allowed/missing
    ./io-data/allowed/dangling
    ./io-data/secret.nix
    "${toString ./io-data/allowed}/../secret.nix"
    ./io-data/allowed/up/secret.nix
    "/etc/passwd"
  ];
  hash = builtins.hashFile "sha256" ./io-data/allowed/lib/data.txt;
  # No environment in limited mode.
  env = builtins.getEnv "HOME";
  time = builtins ? currentTime;
  found = builtins.findFile [
    {
      prefix = "lib";
      path = ./io-data/allowed/lib;
    }
  ] "lib/value.nix";
}
