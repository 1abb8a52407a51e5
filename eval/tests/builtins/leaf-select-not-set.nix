let f = x: x.a.b; in f { a = 1; }
