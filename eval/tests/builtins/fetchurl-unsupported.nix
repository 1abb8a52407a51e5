# Without a store, fetchers are an error.
builtins.fetchurl "https://example.org/x"
