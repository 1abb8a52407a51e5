builtins.hashFile "crc32" ./fs-data/a.txt
