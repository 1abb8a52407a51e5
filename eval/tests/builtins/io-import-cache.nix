# import evaluates each file once per evaluation, however the path is
# spelled (the trace shows once); scopedImport evaluates it afresh.
let
  a = import ./io-data/allowed/counted.nix;
  b = import ./io-data/allowed/../allowed/counted.nix;
  c = import ./io-data/allowed/counted-link.nix;
  d = import "${toString ./io-data}/allowed/counted.nix";
  e = scopedImport { } ./io-data/allowed/counted.nix;
in
[ a b c d e ]
