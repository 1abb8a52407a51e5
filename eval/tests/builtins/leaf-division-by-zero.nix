map (x: 1 / x) [ 0 ]
