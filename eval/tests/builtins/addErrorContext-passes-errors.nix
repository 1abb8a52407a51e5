# addErrorContext does not catch; the error goes on.
builtins.addErrorContext "while testing" (throw "inner")
