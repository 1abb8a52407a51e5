# Paths print as plain text.
[ ./foo ./. /abs/path/../x ./a/../b/. ]
