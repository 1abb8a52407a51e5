# Algorithm names are lower case.
builtins.hashString "SHA256" "a"
