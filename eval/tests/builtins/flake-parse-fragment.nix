# parseFlakeRef refuses a fragment.
builtins.parseFlakeRef "github:NixOS/nixpkgs#hello"
