# Without --strict, attributes not evaluated yet still show their position.
{
  a = throw "not forced";
  b = "s";
  c = builtins.length [ ];
  d = 1;
}
