# --parse: a syntax error fails.
{ a = ; }
