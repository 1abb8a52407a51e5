# -I entries are searched in order; an entry with a prefix matches names
# under that prefix only; the first entry that has the file wins.
{
  nixPath = map (e: e.prefix) builtins.nixPath;
  value = (import <lib/value.nix>).value;
  sub = (import <lib>).value;
}
