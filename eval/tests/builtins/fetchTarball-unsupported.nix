# Without a store, fetchers are an error (also as a top-level name).
fetchTarball "https://example.org/x.tar.gz"
