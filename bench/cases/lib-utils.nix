# nixpkgs lib's utility functions at scale: what configurations and package
# sets spend their time on outside the module system.
#
# - lib.strings: concatMapStringsSep, splitString, escapeShellArg(s),
#   toUpper/toLower, hasPrefix/hasSuffix/hasInfix, removePrefix/Suffix,
#   replaceStrings, fixedWidthNumber, escapeNixString, versionOlder,
#   toInt, concatLines, optionalString, sanitizeDerivationName;
# - lib.lists: foldl', unique, sort, flatten, range, imap0/imap1,
#   zipLists(With), partition, groupBy', count, take/drop/sublist, last,
#   init, reverseList, intersectLists/subtractLists, findFirst, toposort;
# - lib.attrsets: mapAttrs', filterAttrs, recursiveUpdate, foldAttrs,
#   genAttrs, attrsToList, collect, setAttrByPath, getAttrFromPath,
#   attrByPath, mapAttrsRecursive, zipAttrsWith, updateManyAttrsByPath,
#   cartesianProduct, concatMapAttrs, mergeAttrsList, filterAttrsRecursive;
# - fixed points: a makeExtensible set extended by a chain of overlays,
#   lib.fix with lib.extends and composeManyExtensions;
# - lib.types checks (`types.str.check` ...) on many values;
# - lib.generators: toINI, toKeyValue, toGitINI, toJSON, toPretty.
#
# The result is a small summary: sizes, samples, and hashes of the
# large generated strings.
let
  lib = import <nixpkgs-lib>;
  n = 6000;
  inherit (lib) strings lists attrsets;

  hash = s: builtins.hashString "sha256" s;

  # ---------------------------------------------------------------- strings
  words = map (i: "word-${toString i}.${lib.elemAt [ "alpha" "beta" "gamma" "delta" ] (lib.mod i 4)}") (
    lib.range 1 n
  );
  text = strings.concatMapStringsSep "\n" (w: "${w} = it's ${strings.toUpper w}; $HOME") words;
  lines = strings.splitString "\n" text;
  shell = strings.escapeShellArgs lines;
  upperLower = map (l: strings.toLower (strings.toUpper l)) lines;
  prefixed = lib.filter (l: strings.hasPrefix "word-1" l && strings.hasSuffix "$HOME" l) lines;
  infixed = lib.count (strings.hasInfix "gamma") lines;
  stripped = map (l: strings.removeSuffix " $HOME" (strings.removePrefix "word-" l)) lines;
  replaced = map (
    lib.replaceStrings
      [
        "alpha"
        "beta"
        "'"
        "$"
      ]
      [
        "A"
        "B"
        "\\'"
        "\\$"
      ]
  ) lines;
  padded = map (i: strings.fixedWidthNumber 6 i) (lib.range 1 n);
  nixStrings = map strings.escapeNixString (lib.take 500 lines);
  versions = map (i: "1.${toString (lib.mod i 17)}.${toString (lib.mod i 5)}") (lib.range 1 500);
  olderCount = lib.count (v: strings.versionOlder v "1.8.2") versions;
  ints = map strings.toIntBase10 (lib.take 300 padded) ++ map (w: strings.toInt (lib.last (strings.splitString "-" (lib.head (strings.splitString "." w))))) (lib.take 300 words);
  drvNames = map (w: strings.sanitizeDerivationName "${w} (${w})!") (lib.take 300 words);
  stringsResult = {
    textHash = hash text;
    shellHash = hash shell;
    lines = lib.length lines;
    upperLowerHash = hash (strings.concatLines upperLower);
    prefixed = lib.length prefixed;
    inherit infixed olderCount;
    strippedSample = lib.elemAt stripped 7;
    replacedHash = hash (lib.concatStrings replaced);
    paddedLast = lib.last padded;
    nixStringSample = lib.elemAt nixStrings 3;
    intsSum = lib.foldl' builtins.add 0 ints;
    drvNameSample = lib.elemAt drvNames 11;
    optional = strings.optionalString (olderCount > 0) "some older";
  };

  # ------------------------------------------------------------------ lists
  nums = map (i: lib.mod (i * 7919) 1009) (lib.range 1 n);
  uniq = lists.unique nums;
  sorted = lib.sort (a: b: a < b) nums;
  nested = lib.genList (i: [
    i
    [
      (i * 2)
      [ (i * 3) ]
    ]
  ]) (n / 2);
  flat = lists.flatten nested;
  indexed = lists.imap0 (i: x: i + x) nums;
  indexed1 = lists.imap1 (i: x: i * x) (lib.take 500 nums);
  zipped = lists.zipListsWith (a: b: a - b) nums sorted;
  pairs = lists.zipLists (lib.take 300 nums) (lib.take 300 words);
  parts = lists.partition (x: lib.mod x 2 == 0) nums;
  grouped = lists.groupBy' (acc: x: acc + x) 0 (x: toString (lib.mod x 10)) nums;
  windows = map (i: lib.foldl' builtins.add 0 (lists.sublist i 10 nums)) (lib.range 0 400);
  inter = lists.intersectLists (lib.take 600 uniq) (lib.drop 300 uniq);
  subtracted = lists.subtractLists (lib.take 400 uniq) (lib.take 800 uniq);
  found = lists.findFirst (x: x > 1000) null nums;
  reversedInit = lists.init (lists.reverseList sorted);
  # A dependency graph of 150 nodes, sorted topologically.
  graph = lib.genList (i: {
    name = "n${toString i}";
    deps = lib.filter (d: d >= 0) [
      (i - 1)
      (i - 7)
      (i / 2 - 1)
    ];
  }) 150;
  topo = lists.toposort (a: b: lib.elem a.name (map (d: "n${toString d}") b.deps)) (
    lists.reverseList graph
  );
  listsResult = {
    unique = lib.length uniq;
    sortedHead = lib.take 5 sorted;
    flat = lib.length flat;
    flatSum = lib.foldl' builtins.add 0 flat;
    indexedSum = lib.foldl' builtins.add 0 indexed;
    indexed1Sum = lib.foldl' builtins.add 0 indexed1;
    zippedSum = lib.foldl' builtins.add 0 zipped;
    pairSample = lib.elemAt pairs 9;
    right = lib.length parts.right;
    inherit grouped found;
    windowsSum = lib.foldl' builtins.add 0 windows;
    inter = lib.length inter;
    subtracted = lib.length subtracted;
    reversedInitLast = lib.last reversedInit;
    topoHead = map (x: x.name) (lib.take 5 topo.result);
  };

  # -------------------------------------------------------------- attrsets
  names = map (i: "key${toString i}") (lib.range 1 n);
  base = lib.genAttrs names (k: {
    name = k;
    len = lib.stringLength k;
    meta = {
      tags = [
        k
        "x"
      ];
      level = lib.mod (lib.stringLength k) 3;
    };
  });
  renamed = attrsets.mapAttrs' (k: v: lib.nameValuePair "r-${k}" (v // { renamed = true; })) base;
  filtered = attrsets.filterAttrs (k: v: v.meta.level == 1) renamed;
  updated = attrsets.recursiveUpdate base (
    lib.genAttrs (lib.take 500 names) (k: {
      meta.level = 9;
      meta.extra.deep = k;
    })
  );
  folded = attrsets.foldAttrs (x: acc: acc + x) 0 (
    map (i: {
      a = i;
      b = i * 2;
      "c${toString (lib.mod i 10)}" = 1;
    }) (lib.range 1 n)
  );
  asList = attrsets.attrsToList base;
  collected = attrsets.collect lib.isString updated;
  paths = lib.genList (i: [
    "p${toString (lib.mod i 13)}"
    "q${toString (lib.mod i 7)}"
    "r${toString i}"
  ]) 400;
  deep = lib.foldl' (acc: p: attrsets.recursiveUpdate acc (attrsets.setAttrByPath p (lib.length p))) { } (
    lib.take 150 paths
  );
  fetched = map (p: attrsets.attrByPath p 0 deep) paths;
  gotten = map (p: attrsets.getAttrFromPath p deep) (lib.take 150 paths);
  recMapped = attrsets.mapAttrsRecursive (path: v: if lib.isInt v then v + lib.length path else v) deep;
  zippedAttrs = attrsets.zipAttrsWith (name: vs: lib.length vs) (lib.attrValues base);
  manyUpdated = attrsets.updateManyAttrsByPath (map (p: {
    path = p;
    update = old: (if old == null then 0 else old) + 1;
  }) (lib.take 100 paths)) deep;
  product = attrsets.cartesianProduct {
    a = lib.range 1 20;
    b = [
      "x"
      "y"
      "z"
    ];
    c = [
      true
      false
    ];
  };
  concatMapped = attrsets.concatMapAttrs (k: v: {
    "${k}-a" = v.len;
    "${k}-b" = v.meta.level;
  }) (lib.genAttrs (lib.take 2000 names) (k: base.${k}));
  merged = attrsets.mergeAttrsList (map (i: { "m${toString (lib.mod i 300)}" = i; }) (lib.range 1 n));
  recFiltered = attrsets.filterAttrsRecursive (k: v: k != "tags") updated;
  attrsResult = {
    renamed = lib.length (lib.attrNames renamed);
    filtered = lib.length (lib.attrNames filtered);
    updatedSample = updated.key7.meta;
    inherit folded zippedAttrs;
    asList = lib.length asList;
    collected = lib.length collected;
    deepKeys = lib.attrNames deep;
    fetchedSum = lib.foldl' builtins.add 0 fetched;
    gottenSum = lib.foldl' builtins.add 0 gotten;
    recMappedSample = recMapped.p3.q3;
    manyUpdatedSample = manyUpdated.p1;
    product = lib.length product;
    productLast = lib.last product;
    concatMapped = lib.length (lib.attrNames concatMapped);
    merged = lib.length (lib.attrNames merged);
    recFilteredSample = recFiltered.key3;
  };

  # ---------------------------------------------------------- fixed points
  # A base set of 300 attributes extended by 150 overlays, each reading
  # `final` and `prev`.
  baseSet = lib.makeExtensible (
    final: lib.genAttrs (map (i: "pkg${toString i}") (lib.range 1 300)) (k: { name = k; version = 1; }) // {
      counter = 0;
    }
  );
  overlay =
    i: final: prev:
    let
      k = "pkg${toString (lib.mod (i * 37) 300 + 1)}";
    in
    {
      counter = prev.counter + 1;
      ${k} = prev.${k} // {
        version = prev.${k}.version + 1;
        dep = final.pkg1.name;
      };
      "extra${toString i}" = final.counter * i;
    };
  extended = lib.foldl' (acc: i: acc.extend (overlay i)) baseSet (lib.range 1 250);
  composed = lib.fix (
    lib.extends (lib.composeManyExtensions (map overlay (lib.range 1 250))) (
      final: lib.genAttrs (map (i: "pkg${toString i}") (lib.range 1 300)) (k: { name = k; version = 1; }) // {
        counter = 0;
      }
    )
  );
  fixResult = {
    counter = extended.counter;
    versions = lib.foldl' (acc: i: acc + extended."pkg${toString i}".version) 0 (lib.range 1 300);
    extras = lib.foldl' (acc: i: acc + extended."extra${toString i}") 0 (lib.range 1 250);
    composedEqual = composed.counter == extended.counter && composed.pkg38 == extended.pkg38;
  };

  # ------------------------------------------------------------------ types
  inherit (lib) types;
  values = lib.genList (
    i:
    lib.elemAt [
      i
      "s${toString i}"
      true
      null
      [ i ]
      { a = i; }
      (i * 1.5)
    ] (lib.mod i 7)
  ) (4 * n);
  checks = {
    str = lib.count types.str.check values;
    int = lib.count types.int.check values;
    bool = lib.count types.bool.check values;
    port = lib.count types.port.check values;
    nullOrStr = lib.count (types.nullOr types.str).check values;
    listOfInt = lib.count (types.listOf types.int).check values;
    attrsOfInt = lib.count (types.attrsOf types.int).check values;
    enum = lib.count (types.enum [ true null ]).check values;
    strMatching = lib.count (types.strMatching "s[0-9]*7").check values;
    either = lib.count (types.either types.int types.float).check values;
    oneOf = lib.count (types.oneOf [ types.bool types.str types.float ]).check values;
  };

  # ------------------------------------------------------------- generators
  iniData = lib.listToAttrs (
    map (
      i:
      lib.nameValuePair "section${toString i}" (
        lib.listToAttrs (
          map (j: lib.nameValuePair "key${toString j}" (
            lib.elemAt [
              j
              "value ${toString (i * j)}"
              (lib.mod j 2 == 0)
            ] (lib.mod j 3)
          )) (lib.range 1 10)
        )
      )
    ) (lib.range 1 500)
  );
  ini = lib.generators.toINI { } iniData;
  keyValue = lib.generators.toKeyValue { } (lib.listToAttrs (map (i: lib.nameValuePair "k${toString i}" i) (lib.range 1 n)));
  gitIni = lib.generators.toGitINI {
    user = {
      name = "bench";
      email = "bench@example.org";
    };
    remote = lib.listToAttrs (
      map (i: lib.nameValuePair "r${toString i}" { url = "https://example.org/${toString i}.git"; }) (lib.range 1 500)
    );
  };
  json = lib.generators.toJSON { } iniData;
  pretty = lib.generators.toPretty { } (lib.take 200 (lib.attrValues updated));
  generatorsResult = {
    iniHash = hash ini;
    keyValueHash = hash keyValue;
    gitIniHash = hash gitIni;
    jsonHash = hash json;
    prettyHash = hash pretty;
    prettyLength = lib.stringLength pretty;
  };
in
{
  strings = stringsResult;
  lists = listsResult;
  attrsets = attrsResult;
  fixedPoints = fixResult;
  types = checks;
  generators = generatorsResult;
}
