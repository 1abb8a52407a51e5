# tryEval evaluates its argument only to weak head normal form.
builtins.tryEval { a = throw "not caught"; }
