# tryEval catches only throw and failed assertions.
builtins.tryEval (1 + "a")
