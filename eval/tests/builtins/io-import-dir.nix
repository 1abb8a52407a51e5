# A directory imports its default.nix; relative paths resolve against
# the importing file.
import ./io-data/allowed/inner.nix
