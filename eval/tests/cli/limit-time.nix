# An endless loop under a deadline.
let loop = n: loop (n + 1); in loop 0
