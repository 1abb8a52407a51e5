builtins.traceVerbose "shown with --trace-verbose" 1
