[
  ""
  "plain"
  "\"quoted\""
  "back\\slash"
  "\${interpolation}"
  "$\${double}"
  "dollar$"
  "$"
  "''"
  "line\nbreak\r\n"
  "\ttab"
  ""
  "ünïcödé ∑ 🦀  "
]
