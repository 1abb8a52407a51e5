# With parse-toml-timestamps, dates and times are sets as C++ Nix gives
# them (written as toml11 writes them).
builtins.fromTOML ''
  odt = 1979-05-27 07:32:00Z
  offset = 1979-05-27T00:32:00.5-07:00
  zero = 1979-05-27T00:32:00+00:00
  ldt = 1979-05-27t07:32:00.123456789123
  ld = 1979-05-27
  lt = 07:32:00.1234
  nested = [ { t = 00:00:00 } ]
''
