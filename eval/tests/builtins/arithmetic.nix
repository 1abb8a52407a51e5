# Arithmetic builtins.
{
  add = [ (builtins.add 1 2) (builtins.add 1 2.5) (builtins.add 0.5 0.25) ];
  sub = [ (builtins.sub 10 3) (builtins.sub 1.5 1) ];
  mul = [ (builtins.mul 6 7) (builtins.mul 2 0.5) ];
  div = [ (builtins.div 7 2) (builtins.div (-7) 2) (builtins.div 7.0 2) (builtins.div 1 4.0) ];
  lessThan = [ (builtins.lessThan 1 2) (builtins.lessThan 2 1.5) (builtins.lessThan "a" "b") (builtins.lessThan [ 1 2 ] [ 1 3 ]) ];
  bits = [ (builtins.bitAnd 12 10) (builtins.bitOr 12 10) (builtins.bitXor 12 10) (builtins.bitAnd (-1) 255) ];
  rounding = [ (builtins.floor 23.5) (builtins.ceil 23.5) (builtins.floor (-1.5)) (builtins.ceil (-1.5)) (builtins.floor 3) ];
}
