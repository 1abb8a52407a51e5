# Interpolating a path that does not exist is an error.
"${./does-not-exist}"
