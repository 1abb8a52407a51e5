# The one integer division that overflows.
builtins.div (-9223372036854775807 - 1) (-1)
