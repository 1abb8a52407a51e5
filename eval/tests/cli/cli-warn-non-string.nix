# The message of builtins.warn must be a string.
builtins.warn { message = "no"; } 1
