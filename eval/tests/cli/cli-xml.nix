# --xml prints the result as nix-instantiate --eval --xml does.
{
  int = 1;
  float = 1.5;
  string = "a <b> & \"c\"";
  list = [ true null ];
  f = { x, y ? 1, ... }@args: x;
  g = x: x;
  nested.attr = [ { } ];
}
