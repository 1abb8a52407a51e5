let f = x: (x + 1) / (x - x) * 2; in map f [ 3 ]
