# Escaping an ordinary character is invalid in POSIX extended regexes.
builtins.match "\\d" "d"
