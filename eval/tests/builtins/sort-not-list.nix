builtins.sort builtins.lessThan { }
