# builtins.fromJSON and builtins.toJSON. Floats are written with the
# shortest digits that read back the same (newer C++ Nix; 2.8 used six
# significant digits): see `floats`.
{
  fromJSON = builtins.fromJSON ''
    { "a": [1, -2, 2.5, 1e2, -0, true, false, null],
      "b": "esc \" \\ \/ \b \f \n \r \t \u00e9 \ud83d\ude00",
      "c": {}, "d": [], "a b": {"nested": [[[]]]}, "a": "last wins" }
  '';
  fromJSONScalars = map builtins.fromJSON [ "1" " \"x\" " "null" "-9223372036854775808" "1.5e3" ];
  toJSON = builtins.toJSON {
    b = [ 1 2 3 ];
    a = "quote \" backslash \\ newline \n tab \t";
    c = null;
    d = { e = true; f = false; };
    g = [ ];
    h = { };
  };
  toJSONPeel = map builtins.toJSON [
    { outPath = "out"; other = throw "not forced"; }
    { __toString = self: "str"; outPath = throw "not forced"; }
    { outPath = { outPath = 42; }; }
  ];
  floats = builtins.toJSON [ 0.1 1.5 1.0 0.0 123456789.123 1.0e20 (-2.5) ];
  roundTrip =
    let v = { x = [ 1 2.25 "s" null { y = true; } ]; z = 123456789.123; };
    in builtins.fromJSON (builtins.toJSON v) == v;
}
