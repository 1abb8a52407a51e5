# A GitHub reference needs an owner and a repository.
builtins.parseFlakeRef "github:NixOS"
