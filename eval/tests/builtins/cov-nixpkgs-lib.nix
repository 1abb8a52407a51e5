# Library code written the way nixpkgs' lib writes it (fixed points and
# overlays, recursiveUpdate, foldr, string helpers, version checks, a tiny
# module system merging definitions with zipAttrsWith and priorities),
# checked against C++ Nix.
let
  lib = rec {
    # trivial / fixed-points
    id = x: x;
    const = x: _: x;
    flip = f: a: b: f b a;
    fix = f: let x = f x; in x;
    extends = overlay: f: (final: let prev = f final; in prev // overlay final prev);
    composeExtensions = f: g: final: prev:
      let fApplied = f final prev; prev' = prev // fApplied; in fApplied // g final prev';
    makeExtensible = rattrs: fix (final: rattrs final // {
      extend = overlay: makeExtensible (extends overlay rattrs);
    });

    # lists
    foldr = op: nul: list:
      let len = builtins.length list;
          fold' = n: if n == len then nul else op (builtins.elemAt list n) (fold' (n + 1));
      in fold' 0;
    foldl = op: nul: list:
      let foldl' = n: if n == -1 then nul else op (foldl' (n - 1)) (builtins.elemAt list n);
      in foldl' (builtins.length list - 1);
    range = first: last: if first > last then [ ] else builtins.genList (n: first + n) (last - first + 1);
    imap1 = f: list: builtins.genList (n: f (n + 1) (builtins.elemAt list n)) (builtins.length list);
    flatten = x: if builtins.isList x then builtins.concatMap (y: flatten y) x else [ x ];
    unique = foldl (acc: e: if builtins.elem e acc then acc else acc ++ [ e ]) [ ];
    optional = cond: elem: if cond then [ elem ] else [ ];
    optionals = cond: elems: if cond then elems else [ ];
    last = list: builtins.elemAt list (builtins.length list - 1);
    take = count: list: builtins.genList (n: builtins.elemAt list n) (if count < builtins.length list then count else builtins.length list);
    sort = builtins.sort;

    # strings
    concatStrings = builtins.concatStringsSep "";
    concatMapStrings = f: list: concatStrings (map f list);
    concatMapStringsSep = sep: f: list: builtins.concatStringsSep sep (map f list);
    concatImapStringsSep = sep: f: list: builtins.concatStringsSep sep (imap1 f list);
    optionalString = cond: string: if cond then string else "";
    hasPrefix = pref: str: builtins.substring 0 (builtins.stringLength pref) str == pref;
    hasSuffix = suffix: content:
      let lenContent = builtins.stringLength content; lenSuffix = builtins.stringLength suffix;
      in lenContent >= lenSuffix && builtins.substring (lenContent - lenSuffix) lenContent content == suffix;
    removePrefix = prefix: str:
      let preLen = builtins.stringLength prefix; in
      if builtins.substring 0 preLen str == prefix
      then builtins.substring preLen (builtins.stringLength str - preLen) str else str;
    splitString = sep: s: builtins.filter builtins.isString
      (builtins.split (builtins.replaceStrings [ "." "+" "*" ] [ "\\." "\\+" "\\*" ] sep) s);
    lowerChars = builtins.genList (i: builtins.substring i 1 "abcdefghijklmnopqrstuvwxyz") 26;
    upperChars = builtins.genList (i: builtins.substring i 1 "ABCDEFGHIJKLMNOPQRSTUVWXYZ") 26;
    toUpper = builtins.replaceStrings lowerChars upperChars;
    escapeShellArg = arg: "'${builtins.replaceStrings [ "'" ] [ "'\\''" ] (toString arg)}'";
    fixedWidthString = width: filler: str:
      let strw = builtins.stringLength str; in
      if strw >= width then str else fixedWidthString width filler (filler + str);
    stringToCharacters = s: builtins.genList (p: builtins.substring p 1 s) (builtins.stringLength s);

    # versions
    versionOlder = v1: v2: builtins.compareVersions v2 v1 == 1;
    versionAtLeast = v1: v2: !versionOlder v1 v2;
    versions = {
      major = v: builtins.elemAt (builtins.splitVersion v) 0;
      majorMinor = v: builtins.concatStringsSep "." (take 2 (builtins.splitVersion v));
    };

    # attrsets
    nameValuePair = name: value: { inherit name value; };
    genAttrs = names: f: builtins.listToAttrs (map (n: nameValuePair n (f n)) names);
    mapAttrs' = f: set: builtins.listToAttrs (map (attr: f attr set.${attr}) (builtins.attrNames set));
    filterAttrs = pred: set: builtins.listToAttrs (builtins.concatMap
      (name: let v = set.${name}; in if pred name v then [ (nameValuePair name v) ] else [ ]) (builtins.attrNames set));
    mapAttrsToList = f: attrs: map (name: f name attrs.${name}) (builtins.attrNames attrs);
    attrByPath = attrPath: default: set:
      let attr = builtins.head attrPath; in
      if attrPath == [ ] then set
      else if set ? ${attr} then attrByPath (builtins.tail attrPath) default set.${attr}
      else default;
    setAttrByPath = attrPath: value:
      if attrPath == [ ] then value
      else { ${builtins.head attrPath} = setAttrByPath (builtins.tail attrPath) value; };
    collect = pred: attrs:
      if pred attrs then [ attrs ]
      else if builtins.isAttrs attrs then builtins.concatMap (collect pred) (builtins.attrValues attrs)
      else [ ];
    isDerivation = value: value.type or null == "derivation";
    mapAttrsRecursiveCond = cond: f: set:
      let recurse = path: builtins.mapAttrs (name: value:
            if builtins.isAttrs value && cond value then recurse (path ++ [ name ]) value
            else f (path ++ [ name ]) value);
      in recurse [ ] set;
    mapAttrsRecursive = mapAttrsRecursiveCond (as: true);
    recursiveUpdateUntil = pred: lhs: rhs:
      let f = attrPath: builtins.zipAttrsWith (n: values:
            let here = attrPath ++ [ n ]; in
            if builtins.length values == 1 || pred here (builtins.elemAt values 1) (builtins.head values)
            then builtins.head values
            else f here values);
      in f [ ] [ rhs lhs ];
    recursiveUpdate = recursiveUpdateUntil (path: lhs: rhs: !(builtins.isAttrs lhs && builtins.isAttrs rhs));
    zipAttrs = builtins.zipAttrsWith (name: values: values);

    # a tiny module system: definitions with priorities, mkIf, mkMerge
    mkOverride = priority: content: { _type = "override"; inherit priority content; };
    mkDefault = mkOverride 1000;
    mkForce = mkOverride 50;
    mkIf = condition: content: { _type = "if"; inherit condition content; };
    mkMerge = contents: { _type = "merge"; inherit contents; };
    pushDown = def:
      if def._type or null == "merge" then builtins.concatMap pushDown def.contents
      else if def._type or null == "if" then (if def.condition then pushDown def.content else [ ])
      else [ def ];
    priorityOf = def: if def._type or null == "override" then def.priority else 100;
    contentOf = def: if def._type or null == "override" then def.content else def;
    mergeDefinitions = name: defs:
      let flat = builtins.concatMap pushDown defs;
          best = builtins.foldl' (p: d: if priorityOf d < p then priorityOf d else p) 9999 flat;
          winners = map contentOf (builtins.filter (d: priorityOf d == best) flat);
      in if winners == [ ] then throw "option '${name}' has no definition"
         else if builtins.all builtins.isList winners then builtins.concatLists winners
         else if builtins.all builtins.isAttrs winners then evalModules' winners
         else builtins.head (lib.sort (a: b: builtins.lessThan b a) winners);
    evalModules' = modules: builtins.zipAttrsWith mergeDefinitions (builtins.concatMap pushDown modules);
    evalModules = modules:
      fix (config: evalModules' (map (m: if builtins.isFunction m then m { inherit config lib; } else m) modules));
  };

  # Overlays on a package set, nixpkgs-style.
  base = final: { a = 1; b = final.a + 1; name = "base"; };
  overlay1 = final: prev: { a = prev.a * 10; c = final.b + 100; };
  overlay2 = final: prev: { name = prev.name + "+2"; b = prev.b + 1000; };
  extensible = lib.makeExtensible base;
  extended = (extensible.extend overlay1).extend overlay2;

  modules = [
    { networking.hostName = lib.mkDefault "default-host"; services.list = [ "a" ]; }
    ({ config, lib, ... }: {
      networking.hostName = "machine";
      networking.domain = "example.org";
      networking.fqdn = "${config.networking.hostName}.${config.networking.domain}";
      services.list = lib.mkIf (config.networking.domain != "") [ "b" ];
    })
    ({ lib, ... }: lib.mkMerge [ { services.enable = lib.mkForce false; } { services.enable = true; services.list = [ "c" ]; } ])
  ];
in
{
  fixedPoint = lib.fix (self: { a = 1; b = self.a + 1; });
  overlays = { inherit (extended) a b c name; };
  composed = lib.fix (lib.extends (lib.composeExtensions overlay1 overlay2) base);
  foldr = lib.foldr (x: acc: "(${toString x} ${acc})") "nil" [ 1 2 3 ];
  foldl = lib.foldl (acc: x: "(${acc} ${toString x})") "nil" [ 1 2 3 ];
  lists = {
    range = lib.range 3 7;
    flatten = lib.flatten [ 1 [ 2 [ 3 [ ] ] ] [ [ 4 ] ] ];
    unique = lib.unique [ 3 1 3 2 1 ];
    optionals = lib.optional true "x" ++ lib.optionals false [ "y" ] ++ lib.optional false "z";
    last = lib.last [ 1 2 3 ];
  };
  strings = {
    concatMapStringsSep = lib.concatMapStringsSep ", " (x: "<${x}>") [ "a" "b" "c" ];
    concatImapStringsSep = lib.concatImapStringsSep "-" (i: x: "${toString i}${x}") [ "a" "b" ];
    optionalString = lib.optionalString true "yes" + lib.optionalString false "no";
    prefixes = [ (lib.hasPrefix "foo" "foobar") (lib.hasSuffix "bar" "foobar") (lib.removePrefix "foo" "foobar") ];
    splitString = lib.splitString "." "a.b..c";
    toUpper = lib.toUpper "hello, world";
    escapeShellArg = lib.escapeShellArg "it's";
    fixedWidth = lib.fixedWidthString 5 "0" "42";
    chars = lib.stringToCharacters "abc";
  };
  versions = {
    nixVersionIsRecentEnough = lib.versionAtLeast builtins.nixVersion "2.3";
    checks = [ (lib.versionAtLeast "2.31.0" "2.18") (lib.versionOlder "1.2" "1.10") (lib.versionAtLeast "1.0pre" "1.0") ];
    parts = [ (lib.versions.major "2.31.0") (lib.versions.majorMinor "2.31.0") ];
  };
  attrsets = {
    genAttrs = lib.genAttrs [ "x" "y" ] (n: "value-${n}");
    mapAttrs' = lib.mapAttrs' (n: v: lib.nameValuePair "${n}_" (v * 2)) { a = 1; b = 2; };
    filterAttrs = lib.filterAttrs (n: v: v > 1) { a = 1; b = 2; c = 3; };
    mapAttrsToList = lib.mapAttrsToList (n: v: "${n}=${toString v}") { b = 2; a = 1; };
    attrByPath = [ (lib.attrByPath [ "a" "b" ] "missing" { a.b = 1; }) (lib.attrByPath [ "a" "c" ] "missing" { a.b = 1; }) ];
    setAttrByPath = lib.setAttrByPath [ "x" "y" "z" ] 1;
    collect = lib.collect (x: x ? outPath) { a = { outPath = "1"; }; b.c = { outPath = "2"; }; d = 3; };
    mapAttrsRecursive = lib.mapAttrsRecursive (path: value: "${builtins.concatStringsSep "." path}=${toString value}") { a = { b = 1; c = { d = 2; }; }; e = 3; };
    recursiveUpdate = lib.recursiveUpdate { a = { b = 1; c = { d = 2; }; }; x = 1; } { a = { c = { e = 3; }; f = 4; }; x = { y = 1; }; };
    zipAttrs = lib.zipAttrs [ { a = 1; } { a = 2; b = 3; } ];
    isDerivation = map lib.isDerivation [ { type = "derivation"; } { } 1 ];
  };
  modules = lib.evalModules modules;
}
