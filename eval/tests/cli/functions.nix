# Functions print as <LAMBDA>, builtins as <PRIMOP>, partially applied
# builtins as <PRIMOP-APP>.
{
  lambda = x: x;
  pattern = { a, b ? 1, ... }: a;
  builtin = builtins.map;
  partial = builtins.map (x: x);
  nested = [ (x: y: x) ((x: y: x) 1) builtins.toString ];
}
