let s = { a = 1; }; in with s; (x: missing + x) 1
