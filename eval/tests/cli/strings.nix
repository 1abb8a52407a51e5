# Strings print as Nix string literals.
[
  ""
  "plain"
  "quote \" backslash \\ newline \n return \r tab \t"
  "dollar $ ${"$"}{interpolation} $${x} $"
  ''
    indented ''${x} ${"''"} '''
  ''
  "unicode: é ∀ 😀"
  (builtins.toString 42)
]
