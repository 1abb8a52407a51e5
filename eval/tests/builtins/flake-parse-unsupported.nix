# Unknown URL schemes are not flake references.
builtins.parseFlakeRef "gopher://example.org/x"
