# Errors that tryEval cannot catch get the contexts too; a multi-line
# message keeps its lines.
builtins.addErrorContext "while evaluating the sum\nof two operands" (
  builtins.addErrorContext "while adding" (1 + "a")
)
