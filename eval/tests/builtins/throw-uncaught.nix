{ a = 1; b = throw "thrown"; }
