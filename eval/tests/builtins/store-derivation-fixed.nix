# Fixed-output derivations: the output path from the declared hash
# (flat or recursive, every algorithm and encoding), and the hash of a
# derivation depending on one, which sees only the fixed output
# (hashDerivationModulo).
let
  mk =
    attrs:
    derivation (
      {
        system = "x86_64-linux";
        builder = "/bin/sh";
      }
      // attrs
    );
  empty = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";
  flat = mk {
    name = "flat";
    outputHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    outputHashAlgo = "sha256";
  };
  flatDefaultMode = mk {
    name = "flat";
    outputHash = "sha256-${empty}";
    outputHashMode = "flat";
  };
  recursive = mk {
    name = "recursive";
    outputHash = "sha256-${empty}";
    outputHashMode = "recursive";
  };
  nix32 = mk {
    name = "nix32";
    outputHash = "0mdqa9w1p6cmli6976v4wi0sw9r4p5prkj7lzfd1877wk11c9c73";
    outputHashAlgo = "sha256";
    outputHashMode = "recursive";
  };
  sha1 = mk {
    name = "sha1";
    outputHash = "da39a3ee5e6b4b0d3255bfef95601890afd80709";
    outputHashAlgo = "sha1";
  };
  sha1Recursive = mk {
    name = "sha1-recursive";
    outputHash = "sha1-2jmj7l5rSw0yVb/vlWAYkK/YBwk=";
    outputHashMode = "recursive";
  };
  sha512 = mk {
    name = "sha512";
    outputHash = "sha512-z4PhNX7vuL3xVChQ1m2AB9Yg5AULVxXcg/SpIdNs6c5H0NE8XYXysP+DGNKHfuwvY7kxvUdBeoGlODJ6+SfaPg==";
  };
  md5 = mk {
    name = "md5";
    outputHash = "d41d8cd98f00b204e9800998ecf8427e";
    outputHashAlgo = "md5";
  };
  # Two fixed-output derivations with the same output but different
  # builders: what depends on them gets the same paths.
  fetchA = mk {
    name = "source";
    outputHash = "sha256-${empty}";
    url = "https://a.example/x";
  };
  fetchB = mk {
    name = "source";
    outputHash = "sha256-${empty}";
    builder = "/bin/bash";
    url = "https://b.example/x";
  };
  build = src: mk {
    name = "build";
    inherit src;
  };
in
{
  paths = map (d: [
    d.outPath
    d.drvPath
  ]) [
    flat
    flatDefaultMode
    recursive
    nix32
    sha1
    sha1Recursive
    sha512
    md5
    fetchA
    fetchB
  ];
  sameFixedOutput = fetchA.outPath == fetchB.outPath;
  differentDrv = fetchA.drvPath == fetchB.drvPath;
  dependents = [
    (build fetchA).outPath
    (build fetchB).outPath
    (build fetchA).drvPath
    (build fetchB).drvPath
  ];
}
