# Without a store, store builtins are an error.
builtins.toFile "name" "contents"
