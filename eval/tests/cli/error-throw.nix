# An error: exit code 1, nothing on stdout.
{ a = 1; b = throw "boom"; }
