# --xml without --strict writes what is not evaluated yet as <unevaluated />.
{ a = throw "not forced"; b = "s"; c = builtins.length [ ]; d = 1; f = builtins.head [ (throw "no") ]; }
