# builtins.fromTOML.
builtins.fromTOML ''
  title = "TOML"
  int = +99
  hex = 0xDEAD_BEEF
  float = 6.626e-34
  bool = true
  str = "Jos\u00E9\t'x'"
  literal = 'C:\path'
  arr = [ [ 1, 2 ], [ "a", "b" ] ]
  inline = { x = 1, y.z = 2 }

  [server.alpha]
  ip = "10.0.0.1"

  [[products]]
  name = "Hammer"

  [[products]]

  [[products]]
  name = "Nail"
''
