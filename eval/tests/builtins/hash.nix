# hashString, convertHash, placeholder.
let
  sha256 = builtins.hashString "sha256" "text 1";
in
{
  hashString = map (algo: builtins.hashString algo "hello") [ "md5" "sha1" "sha256" "sha512" ];
  hashEmpty = builtins.hashString "sha256" "";
  convert = map (format: builtins.convertHash { hash = sha256; hashAlgo = "sha256"; toHashFormat = format; })
    [ "base16" "nix32" "base32" "base64" "sri" ];
  convertBack = builtins.convertHash {
    hash = builtins.convertHash { hash = sha256; hashAlgo = "sha256"; toHashFormat = "sri"; };
    toHashFormat = "base16";
  } == sha256;
  convertColon = builtins.convertHash { hash = "md5:" + builtins.hashString "md5" "x"; toHashFormat = "nix32"; };
  placeholder = builtins.placeholder "out";
}
