import ../lib/value.nix
