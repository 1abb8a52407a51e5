# concatStringsSep coerces elements as interpolation does: not integers.
builtins.concatStringsSep "," [ "a" 1 ]
