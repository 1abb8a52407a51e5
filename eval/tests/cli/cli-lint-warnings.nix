# Lint warnings print as C++ Nix prints them, with the position.
[
  http://example.com
  /absolute/path
]
