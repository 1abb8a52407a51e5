builtins.listToAttrs (builtins.genList (i: { name = "v${toString i}"; value = i; }) 25)
