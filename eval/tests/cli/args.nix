# --arg, --argstr and -A.
{ a, b ? 2, c, ... }:
{
  inherit a b c;
  sum = a + b;
  nested.list = [ c "x" ];
}
