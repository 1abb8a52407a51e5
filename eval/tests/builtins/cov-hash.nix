# hashString, hashFile and convertHash with md5, sha1, sha256 and sha512,
# in base16, nix32 (alias base32), base64 and SRI. convertHash is not in
# C++ Nix 2.8 (added in 2.19); its results were checked with 2.8's
# `nix-hash --to-base32` / `--to-base16` and `nix hash to-sri`.
let
  algos = [ "md5" "sha1" "sha256" "sha512" ];
  formats = [ "base16" "nix32" "base32" "base64" "sri" ];
  hex = algo: builtins.hashString algo "abc";
  convert = algo: format: builtins.convertHash { hash = hex algo; hashAlgo = algo; toHashFormat = format; };
  table = builtins.listToAttrs (map (algo: {
    name = algo;
    value = builtins.listToAttrs (map (format: { name = format; value = convert algo format; }) formats);
  }) algos);
  # Every encoding reads back, with the algorithm given or from a prefix.
  roundTrips = builtins.all (algo: builtins.all (format:
    let encoded = convert algo format; in
    builtins.convertHash { hash = encoded; hashAlgo = algo; toHashFormat = "base16"; } == hex algo
    && (format == "sri" || builtins.convertHash { hash = "${algo}:${encoded}"; toHashFormat = "base16"; } == hex algo)
  ) formats) algos;
in
{
  hashString = map hex algos;
  hashStringEmpty = map (algo: builtins.hashString algo "") algos;
  hashStringBinary = builtins.hashString "sha256" "é\n\t";
  hashFile = map (algo: builtins.hashFile algo ./fs-data/a.txt) algos;
  hashFileMatchesString = builtins.hashFile "sha256" ./fs-data/a.txt == builtins.hashString "sha256" (builtins.readFile ./fs-data/a.txt);
  inherit table roundTrips;
  sriWithoutAlgo = builtins.convertHash { hash = table.sha1.sri; toHashFormat = "nix32"; };
  sriWithAlgo = builtins.convertHash { hash = table.sha512.sri; hashAlgo = "sha512"; toHashFormat = "base16"; } == hex "sha512";
}
