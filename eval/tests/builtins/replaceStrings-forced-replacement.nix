# A replacement is forced when its pattern matches.
builtins.replaceStrings [ "a" ] [ (throw "replacement") ] "bab"
