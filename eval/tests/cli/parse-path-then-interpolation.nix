# Found by the parse fuzz target: a path, a space, then `${` in a list.
# (The earlier front end panicked here.)
let
  string = "str";
in [
  /VVVV ${string}''
  end''
]
