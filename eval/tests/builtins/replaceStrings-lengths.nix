builtins.replaceStrings [ "a" ] [ ] "abc"
