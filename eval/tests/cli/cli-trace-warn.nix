# trace and warn print to stderr as C++ Nix prints them; traceVerbose
# does nothing (its message is not even evaluated) without --trace-verbose.
let
  a = builtins.trace "a string" 1;
  b = builtins.trace { a = 1; b = "two"; } 2;
  c = builtins.warn "one line" 3;
  d = builtins.warn "first\nsecond" 4;
  e = builtins.warn "\nstarts on a new line\nsecond" 5;
  f = builtins.traceVerbose (throw "not evaluated") 6;
in
[ a b c d e f ]
