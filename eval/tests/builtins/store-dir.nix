# The store directory is an option (--store-dir, NIX_STORE_DIR).
[
  builtins.storeDir
  "${./store-data/hello.txt}"
  (derivation { name = "a"; system = "x86_64-linux"; builder = "/bin/sh"; }).outPath
  (builtins.storePath "/foo/store/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-x")
]
