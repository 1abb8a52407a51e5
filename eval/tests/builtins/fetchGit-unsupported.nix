# Without a store, fetchers are an error.
builtins.fetchGit "https://example.org/repo.git"
