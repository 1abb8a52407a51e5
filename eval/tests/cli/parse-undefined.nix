# --parse: undefined variables are found without evaluating anything.
let f = x: y; in f
