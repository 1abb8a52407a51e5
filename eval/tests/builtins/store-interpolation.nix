# Paths become store paths (copied, their NAR hashed) wherever C++ Nix
# coerces them with copying: interpolation into a string, `+` on a
# string, string builtins, toJSON. They stay paths in `toString`, in
# path literals with interpolations, `baseNameOf`/`dirOf` and toXML.
let
  d = ./store-data;
  f = ./store-data/hello.txt;
in
{
  file = "${f}";
  dir = "${d}";
  below = "${d}/sub";
  emptyFile = "${./store-data/empty}";
  binaryFile = "${./store-data/binary.bin}";
  subdir = "${./store-data/sub}";
  plus = "" + f;
  plusSet = "x" + { outPath = f; };
  pathPlusString = d + "/hello.txt";
  pathPlusSet = d + { outPath = "/sub"; };
  pathLiteral = ./store-data/${"hello.txt"};
  pathLiteralPath = ./store-data/${f};
  toString = toString f;
  toStringSet = toString { outPath = f; };
  toStringList = toString [ f d ];
  interpolatedSet = "${{ outPath = f; }}";
  interpolatedToString = "${{ __toString = self: f; }}";
  json = builtins.toJSON {
    inherit f;
    list = [ d ];
  };
  xml = builtins.toXML f;
  baseName = baseNameOf f;
  dir' = dirOf f;
  substring = builtins.substring 0 44 f;
  length = builtins.stringLength f;
  discarded = builtins.unsafeDiscardStringContext f;
  joined = builtins.concatStringsSep ":" [
    f
    d
  ];
  context = builtins.getContext "${f}";
  contextOfJson = builtins.getContext (builtins.toJSON [ f ]);
  hasContext = builtins.hasContext "${f}";
  toStringHasContext = builtins.hasContext (toString f);
  sameTwice = "${f}" == "${./store-data/hello.txt}";
  storeDir = builtins.storeDir;
  placeholder = builtins.placeholder "out";
}
