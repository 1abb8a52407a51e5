toString { __toString = 1; }
