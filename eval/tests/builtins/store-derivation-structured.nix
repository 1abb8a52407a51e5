# Derivation attributes: `__structuredAttrs` (everything but `args` as
# JSON in `__json`, paths copied), `__ignoreNulls`, `passAsFile`
# (an ordinary attribute), and a derivation using another's outputs
# through structured attributes.
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
  dep = mk { name = "dep"; };
  structured = mk {
    name = "structured";
    __structuredAttrs = true;
    args = [ "-e" ./store-data/hello.txt ];
    outputs = [
      "out"
      "doc"
    ];
    number = 1;
    float = 0.5;
    text = "with \"quotes\" and\nnewline";
    nothing = null;
    nested = {
      list = [
        true
        null
        { inherit dep; }
      ];
      path = ./store-data;
    };
  };
  ignoring = mk {
    name = "ignoring";
    __ignoreNulls = true;
    kept = "yes";
    dropped = null;
  };
  notIgnoring = mk {
    name = "not-ignoring";
    kept = "yes";
    dropped = null;
  };
  structuredIgnoring = mk {
    name = "structured-ignoring";
    __structuredAttrs = true;
    __ignoreNulls = true;
    dropped = null;
  };
  passAsFile = mk {
    name = "pass-as-file";
    passAsFile = [ "big" ];
    big = "a lot of text";
  };
  structuredFalse = mk {
    name = "structured-false";
    __structuredAttrs = false;
  };
in
map (d: [
  d.drvPath
  d.outPath
]) [
  structured
  structured.doc
  ignoring
  notIgnoring
  structuredIgnoring
  passAsFile
  structuredFalse
]
