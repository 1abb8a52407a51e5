# addDrvOutputDependencies cannot act on a derivation output.
builtins.addDrvOutputDependencies (builtins.appendContext "x" { "/nix/store/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-hello.drv" = { outputs = [ "out" ]; }; })
