# Negating the smallest integer overflows (`0 - x`), as in current C++ Nix
# (2.8 wraps around).
-(-9223372036854775807 - 1)
