# --no-location leaves the positions out of the --xml output: the same
# value as cli-xml-positions, without them.
import ./cli-xml-positions.nix
