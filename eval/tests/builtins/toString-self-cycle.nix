# __toString returning the set itself loops (C++ Nix overflows its stack).
toString { __toString = self: self; }
