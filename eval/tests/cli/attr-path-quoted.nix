# `-A` names with dots are quoted, as in `nix-instantiate -A 'a."b.c".d'`;
# functions on the way are called with their defaults.
{
  a."b.c".d = [ "zero" ({ x ? "called" }: { y = x; }) ];
}
