# Arithmetic builtins beyond arithmetic.nix: integer division rounds
# towards zero, mixed integer/float arithmetic gives floats, bit
# operations on negative numbers, floor/ceil of negative numbers and of
# integers, lessThan across types that compare.
{
  add = [ (builtins.add (-1) 1) (builtins.add 0.1 0.2) (builtins.add 9223372036854775806 1) ];
  sub = [ (builtins.sub 1 1.5) (builtins.sub (-9223372036854775807) 1) ];
  mul = [ (builtins.mul 1.5 2) (builtins.mul (-3) 3) (builtins.mul 0 (-1)) ];
  div = [ (builtins.div 7 2) (builtins.div (-7) 2) (builtins.div 7 (-2)) (builtins.div (-7) (-2)) (builtins.div (-7.0) 2) (builtins.div 1 3.0) (builtins.div 0 5) ];
  bits = [ (builtins.bitAnd (-8) 7) (builtins.bitOr (-8) 7) (builtins.bitXor (-1) 0) (builtins.bitAnd 9223372036854775807 (-1)) (builtins.bitXor 5 3) ];
  floorCeil = [ (builtins.floor (-0.5)) (builtins.ceil (-0.5)) (builtins.floor 2.0) (builtins.ceil 2.0) (builtins.ceil 1) (builtins.floor (-3)) (builtins.ceil 0.000001) ];
  floorCeilTypes = map builtins.typeOf [ (builtins.floor 1.5) (builtins.ceil 1) ];
  lessThan = [
    (builtins.lessThan 1 2.5) (builtins.lessThan 2.5 1) (builtins.lessThan (-1) 0)
    (builtins.lessThan "B" "a") (builtins.lessThan "" "a") (builtins.lessThan "ab" "a")
    (builtins.lessThan /a /b) (builtins.lessThan [ 1 "a" ] [ 2 ])
  ];
}
