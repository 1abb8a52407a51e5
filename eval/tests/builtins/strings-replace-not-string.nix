# A replacement that is used must be a string.
builtins.replaceStrings [ "a" ] [ 1 ] "abc"
