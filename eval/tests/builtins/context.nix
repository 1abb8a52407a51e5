# String contexts: what getContext shows, and how contexts flow through
# string operations (no store: contexts come from appendContext).
let
  p = "/nix/store/0123456789abcdfghijklmnpqrsvwxyz-source";
  d = "/nix/store/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-hello.drv";
  plain = builtins.appendContext "plain" { ${p} = { path = true; }; };
  out = builtins.appendContext "out" { ${d} = { outputs = [ "out" "dev" "out" ]; }; };
  deep = builtins.appendContext "deep" { ${d} = { allOutputs = true; }; };
  gc = builtins.getContext;
  keys = s: builtins.attrNames (gc s);
in
{
  shapes = map gc [ plain out deep "none" ];
  merged = gc (builtins.appendContext plain {
    ${d} = { path = true; allOutputs = true; outputs = [ "bin" ]; };
  });
  ignored = gc (builtins.appendContext "x" { ${p} = { path = false; outputs = [ ]; allOutputs = false; }; });
  has = map builtins.hasContext [ plain "none" (builtins.unsafeDiscardStringContext plain) ];
  flows = map keys [
    "${plain}-${out}"
    (plain + out)
    (plain + "x")
    ("x" + plain)
    (builtins.concatStringsSep plain [ "a" "b" ])
    (builtins.concatStringsSep plain [ ])
    (builtins.concatStringsSep "," [ plain out ])
    (builtins.substring 0 0 plain)
    (builtins.substring 100 1 plain)
    (builtins.replaceStrings [ "l" ] [ out ] plain)
    (builtins.replaceStrings [ "z" ] [ out ] plain)
    (builtins.replaceStrings [ plain ] [ "x" ] "plain")
    (toString [ plain out ])
    (toString { __toString = self: plain; })
    (toString { outPath = out; })
    (dirOf plain)
    (baseNameOf plain)
    (builtins.toJSON { a = plain; b = [ out ]; })
    (builtins.toXML [ plain ])
    (builtins.unsafeDiscardStringContext plain)
  ];
  # Results of regular expressions have no context.
  regex = map keys (builtins.filter builtins.isString (builtins.split "a" plain) ++ builtins.match "(p)(.*)" plain);
  # Equality and ordering ignore contexts.
  compare = [ (plain == "plain") (plain != "plain") (plain < "plaio") ([ plain ] == [ "plain" ]) ];
  discardOutputs = map gc [
    (builtins.unsafeDiscardOutputDependency deep)
    (builtins.unsafeDiscardOutputDependency out)
    (builtins.unsafeDiscardOutputDependency plain)
  ];
  addOutputs = gc (builtins.addDrvOutputDependencies (builtins.appendContext "" { ${d} = { path = true; }; }));
  addOutputsIdempotent = gc (builtins.addDrvOutputDependencies deep);
  length = builtins.stringLength "${plain}${out}";
  # The eta rule: a string is its discarded self with its context added.
  eta = builtins.appendContext (builtins.unsafeDiscardStringContext plain) (gc plain) == plain;
  sameContext = gc (builtins.appendContext (builtins.unsafeDiscardStringContext out) (gc out)) == gc out;
}
