# <nix/fetchurl.nix> is a fixed-output derivation: its paths are
# computed as C++ Nix computes them (nothing is fetched).
let
  fetchurl = import <nix/fetchurl.nix>;
  show = d: [
    d.drvPath
    d.outPath
    d.name
  ];
in
map show [
  (fetchurl {
    url = "https://example.org/a.tar.gz";
    sha256 = "0mdqa9w1p6cmli6976v4wi0sw9r4p5prkj7lzfd1877wk11c9c73";
  })
  (fetchurl {
    url = "https://example.org/b";
    hash = "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";
    name = "renamed";
  })
  (fetchurl {
    url = "https://example.org/tool";
    sha1 = "da39a3ee5e6b4b0d3255bfef95601890afd80709";
    executable = true;
  })
  (fetchurl {
    url = "https://example.org/src.tar.xz";
    sha512 = "z4PhNX7vuL3xVChQ1m2AB9Yg5AULVxXcg/SpIdNs6c5H0NE8XYXysP+DGNKHfuwvY7kxvUdBeoGlODJ6+SfaPg==";
    unpack = true;
  })
]
