# --parse: prints nothing for good code, which is not evaluated.
let f = x: x; in throw (f "not evaluated")
