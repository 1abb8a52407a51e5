# Without a store, fetchers are an error.
builtins.fetchMercurial "https://example.org/repo"
