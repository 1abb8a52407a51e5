# fromJSON and toJSON beyond json.nix. Integers: the full i64 range;
# beyond it a positive integer is an error (see fromJSON-int-overflow),
# a negative one or one beyond u64 reads as a float (as nlohmann's parser
# in current C++ Nix, and 2.8, do). Duplicate keys: the last one wins.
# Floats are written with the shortest digits that read back the same
# (current C++ Nix; 2.8 used six significant digits): see `toJSONFloats`.
{
  ints = map builtins.fromJSON [ "9223372036854775807" "-9223372036854775808" "0" "-0" "1E2" "-9223372036854775809" "18446744073709551616" ];
  intTypes = map (s: builtins.typeOf (builtins.fromJSON s)) [ "1" "1.0" "1e2" "-0" "-9223372036854775809" ];
  duplicates = builtins.fromJSON ''{ "a": 1, "b": 2, "a": 3 }'';
  nestedDuplicates = builtins.fromJSON ''{ "a": { "x": 1 }, "a": { "y": 2 } }'';
  whitespace = builtins.fromJSON " \t\n\r[ 1 ,\n 2 ] \n";
  strings = builtins.fromJSON ''[ "", "\u0041\u00e9\u20ac", "\ud83d\ude00", "tab\tand\"quote" ]'';
  specialKeys = builtins.fromJSON ''{ "": 1, "__toString": 2, "outPath": 3, "a b": 4 }'';
  toJSONScalars = map builtins.toJSON [ null true false 0 (-5) 9223372036854775807 "" "a\"b" ];
  toJSONEscapes = builtins.toJSON (builtins.fromJSON ''"\u0001\u001f\u007f é \t\r\n\\\/"'');
  toJSONKeysSorted = builtins.toJSON { b = 1; a = 2; "" = 3; "é" = 4; "A" = 5; };
  toJSONOutPath = map builtins.toJSON [
    { outPath = "out"; a = 1; }
    { outPath = { outPath = "nested"; }; }
    { __toString = self: "s"; outPath = "o"; }
    { __toString = self: self.x; x = "from self"; }
    { type = "derivation"; outPath = "/x"; name = "n"; }
  ];
  toJSONNested = builtins.toJSON { a = [ { b = [ ]; c = { }; } [ [ ] ] ]; };
  toJSONLazyParts = builtins.toJSON (builtins.listToAttrs [ { name = "k"; value = 1 + 1; } ]);
  # As nlohmann's JSON writer in current C++ Nix: shortest round-trip digits,
  # ".0" on integral values, exponents from 1e15 and below 1e-4.
  toJSONFloats = builtins.toJSON [ 1.0e14 1.0e15 1.0e-5 0.0001 1.0 100.0 (0.1 + 0.2) 1.0e-7 (-1.5) 123456789012345.6 ];
  roundTrip = let v = { a = [ 1 (-2) 2.5 "x" null true { } [ ] ]; "b c" = "\n"; }; in builtins.fromJSON (builtins.toJSON v) == v;
}
