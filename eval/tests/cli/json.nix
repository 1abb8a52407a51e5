# --json: compact, sorted; outPath stands for its set.
{
  int = [ 1 (-2) 0 ];
  float = [ 1.0 2.5 0.1 (1.0 / 3) 1.0e20 1.5e-7 123456789.0 100000000000000.0 1.0e15 ];
  string = "q\" b\\ n\n t\t é";
  null = null;
  bool = [ true false ];
  empty = [ { } [ ] ];
  nested = { b = { c = [ "d" ]; }; a = 1; };
  drv = { outPath = "/nix/store/x"; type = "derivation"; };
  "name with \"quotes\"" = 1;
}
