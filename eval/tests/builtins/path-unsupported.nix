# Without a store, store builtins are an error.
builtins.path { path = ./.; }
