# Pure evaluation cannot copy a path to the store: it may not read it.
"${./io-data}"
