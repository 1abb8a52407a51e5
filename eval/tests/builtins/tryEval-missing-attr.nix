# tryEval catches only throw and failed assertions.
builtins.tryEval { }.a
