# `~/` paths need HOME, which pure evaluation does not see.
~/file
