# Without a store, fetchers are an error.
builtins.fetchTree { type = "git"; url = "https://example.org/repo.git"; }
