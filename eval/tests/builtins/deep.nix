# Deeply nested values must not overflow the Rust stack: the builtins
# walk them with explicit work stacks. C++ Nix 2.8 overflows its stack
# on most of these (or stops at max-call-depth in newer versions), so
# the expected values are computed, not taken from it:
#   jsonLength = 2 * (n + 1); setJsonLength = sum over k < n of
#   (14 + digits k) + 4; xmlLength = 54 + sum over d in 1..2001 of (4d + 15).
let
  n = 1000000;
  deepList = builtins.foldl' (acc: _: [ acc ]) [ ] (builtins.genList (x: x) n);
  deepSet = builtins.foldl' (acc: i: { next = acc; inherit i; }) null (builtins.genList (x: x) n);
  json = builtins.toJSON deepList;
  shallowerList = builtins.foldl' (acc: _: [ acc ]) [ ] (builtins.genList (x: x) 2000);
in
{
  jsonLength = builtins.stringLength json;
  jsonEnds = builtins.substring 0 4 json + builtins.substring (builtins.stringLength json - 4) 4 json;
  jsonRoundTrip = builtins.fromJSON json == deepList;
  setJsonLength = builtins.stringLength (builtins.toJSON deepSet);
  setJsonRoundTrip = (builtins.fromJSON (builtins.toJSON deepSet)).next.next.i == n - 3;
  xmlLength = builtins.stringLength (builtins.toXML shallowerList);
  deepElem = builtins.elem deepList [ 1 [ ] deepList ];
  sortedDeep = builtins.length (builtins.sort (a: b: builtins.length a < builtins.length b) [ deepList [ 1 2 ] [ ] ]);
  longClosure = builtins.length (builtins.genericClosure {
    startSet = [ { key = 0; } ];
    operator = x: if x.key < 100000 then [ { key = x.key + 1; } ] else [ ];
  });
  bigSort = builtins.elemAt (builtins.sort builtins.lessThan (builtins.genList (i: 200000 - i) 200000)) 199999;
}
