# Functions can't be written as JSON (only with --json).
{ f = x: x; }
