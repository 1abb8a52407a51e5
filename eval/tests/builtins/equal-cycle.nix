# A cyclic value compared with itself is equal (identical inside containers).
let x = [ x ]; y = { a = y; }; in [ (x == x) (y == y) ]
