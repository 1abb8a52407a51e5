let f = s: with s; (x: missing + x); in (f 3) 1
