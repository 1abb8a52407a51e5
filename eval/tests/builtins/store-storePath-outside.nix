# storePath wants a path in the store.
builtins.storePath ./store-data
