# null, Booleans and integers.
[ null true false 0 42 (-7) 9223372036854775807 (-9223372036854775807 - 1) ]
