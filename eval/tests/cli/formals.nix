# Formals: defaults see each other and the @-binding, which holds the
# argument without defaults; ellipsis; partial application of builtins.
let
  f = args@{ a, b ? a * 2, c ? b + 1, ... }: [ a b c (args ? b) (builtins.attrNames args) ];
  add = builtins.add 1;
in
{
  plain = f { a = 1; };
  given = f { a = 1; b = 5; extra = true; };
  partial = map add [ 1 2 3 ];
}
