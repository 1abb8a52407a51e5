# Sets: sorted names; names that aren't identifiers are quoted.
{
  b = 2;
  a = 1;
  nested = { x = { y = { }; z = [ { } ]; }; };
  "" = "empty";
  "1a" = "digit first";
  "a b" = "space";
  "a.b" = "dot";
  "a'-_" = "identifier characters";
  _under = "underscore";
  "-a" = "dash first";
  "'a" = "quote first";
  "é" = "unicode";
  "\${" = "interpolation";
  "q\"" = "quote";
  "if" = "keyword";
  "or" = "not a keyword here";
  "let" = "keyword";
  "__x" = 1;
  A = "upper case sorts first";
}
