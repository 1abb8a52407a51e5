# Derivations as C++ Nix computes them without building: input-addressed
# output paths from the hash of the derivation with its outputs masked,
# drv paths from the ATerm, inputs from string contexts (a single output,
# a derivation with all its outputs and its closure, plain paths), the
# attributes `derivation` adds, and equality by `outPath`.
let
  base = {
    system = "x86_64-linux";
    builder = "/bin/sh";
  };
  mk = attrs: derivation (base // attrs);
  a = mk {
    name = "a";
    args = [
      "-c"
      "echo ${./store-data/hello.txt} > $out"
    ];
    src = ./store-data;
  };
  multi = mk {
    name = "multi";
    outputs = [
      "out"
      "dev"
      "bin"
    ];
    dep = a;
  };
  usesDev = mk {
    name = "uses-dev";
    dev = multi.dev;
    bin = "${multi.bin}/bin/x";
  };
  usesAll = mk {
    name = "uses-all";
    everything = usesDev.drvPath;
  };
  usesDrvFile = mk {
    name = "uses-drv-file";
    drv = builtins.unsafeDiscardOutputDependency usesDev.drvPath;
  };
  usesText = mk {
    name = "uses-text";
    script = builtins.toFile "script.sh" "echo ${./store-data/hello.txt}";
  };
  coerced = mk {
    name = "coerced";
    int = 42;
    float = 1.5;
    yes = true;
    no = false;
    nothing = null;
    list = [
      1
      "two"
      [ 3 ]
      null
      false
      ./store-data/hello.txt
    ];
    escapes = "quote \" backslash \\ newline \n tab \t return \r";
    set = {
      outPath = "/some/where";
    };
  };
  # `derivation` maps over `outputs`; `derivationStrict` also takes a
  # string of names.
  outputsString = builtins.derivationStrict (
    base
    // {
      name = "outputs-string";
      outputs = " out  lib\n";
    }
  );
  same1 = mk { name = "same"; };
  same2 = mk { name = "same"; } // {
    extra = 1;
  };
  other = mk {
    name = "same";
    builder = "/bin/bash";
  };
in
{
  a = [
    a.drvPath
    a.outPath
    a.name
    a.type
    a.outputName
    a.system
  ];
  attrNames = builtins.attrNames multi;
  multi = map (o: [
    o.outputName
    o.outPath
    o.drvPath
  ]) multi.all;
  sameOutput = multi.dev.bin.outPath == multi.bin.outPath;
  drvAttrs = multi.drvAttrs.outputs;
  usesDev = usesDev.drvPath;
  usesAll = [
    usesAll.drvPath
    usesAll.outPath
  ];
  usesDrvFile = usesDrvFile.drvPath;
  usesText = usesText.drvPath;
  coerced = coerced.drvPath;
  inherit outputsString;
  contexts = {
    drvPath = builtins.getContext a.drvPath;
    outPath = builtins.getContext a.outPath;
    dev = builtins.getContext multi.dev.outPath;
    interpolated = builtins.getContext "${multi}${multi.bin}";
    discarded = builtins.getContext (builtins.unsafeDiscardOutputDependency a.drvPath);
  };
  equality = [
    (same1 == same2)
    (same1 == other)
    (same1 == same1.out)
  ];
  strict = builtins.derivationStrict (base // { name = "strict"; });
  typeOfDerivation = builtins.typeOf derivation;
}
