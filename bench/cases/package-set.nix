# A nixpkgs-like package set: a fixed point built with `lib.makeScope`,
# packages called with `lib.callPackageWith` (`functionArgs`,
# `intersectAttrs`, `makeOverridable`), a stdenv-like `mkDerivation` whose
# attributes are themselves a fixed point (`finalAttrs`, `overrideAttrs`
# through `lib.extends`), and a chain of overlays applied with
# `overrideScope` that use `.override` and `.overrideAttrs`.
#
# Packages have no builder: each computes an `outPath` from a hash of its
# name, its attributes and its dependencies' `outPath`s (as derivation
# hashing does), so forcing every `outPath` forces the whole dependency
# graph. Most package functions are generated (`lib.setFunctionArgs`, since
# formals cannot be computed); a few are written out with real formals.
#
# The result is a summary: counts, a hash of all output paths, closure
# sizes from `builtins.genericClosure`, samples of attributes.
let
  lib = import <nixpkgs-lib>;
  nPkgs = 4000;
  nOverlays = 40;

  hash = s: builtins.hashString "sha256" s;

  # stdenv.mkDerivation without a builder.
  mkDerivation =
    argsOrFun:
    let
      mk =
        rattrs:
        let
          attrs = lib.fix rattrs;
          name = attrs.name or "${attrs.pname}-${attrs.version}";
          deps =
            (attrs.nativeBuildInputs or [ ])
            ++ (attrs.buildInputs or [ ])
            ++ (attrs.propagatedBuildInputs or [ ]);
          env = lib.mapAttrs (_: v: if lib.isBool v then lib.boolToString v else toString v) (attrs.env or { });
          fingerprint = lib.concatStringsSep "|" (
            [
              name
              (attrs.src.outPath or "")
            ]
            ++ map (d: d.outPath) deps
            ++ lib.mapAttrsToList (n: v: "${n}=${v}") env
            ++ (attrs.configureFlags or [ ])
            ++ map toString (attrs.patches or [ ])
          );
          outPath = "/nix/store/${builtins.substring 0 32 (hash fingerprint)}-${name}";
        in
        removeAttrs attrs [ "passthru" ]
        // (attrs.passthru or { })
        // {
          type = "derivation";
          inherit name outPath env;
          outputs = attrs.outputs or [ "out" ];
          drvPath = "/nix/store/${builtins.substring 0 32 (hash outPath)}-${name}.drv";
          overrideAttrs = f: mk (lib.extends (lib.toExtension f) rattrs);
          meta = {
            available = true;
            outputsToInstall = [ "out" ];
          }
          // (attrs.meta or { });
        };
    in
    mk (if lib.isFunction argsOrFun then argsOrFun else _: argsOrFun);

  fetchurl =
    { url, sha256 }:
    {
      type = "derivation";
      name = baseNameOf url;
      outPath = "/nix/store/${builtins.substring 0 32 (hash "${url}${sha256}")}-${baseNameOf url}";
    };

  # A few packages written with real formals.
  zlib =
    { lib, mkDerivation, fetchurl, static ? false }:
    mkDerivation (finalAttrs: {
      pname = "zlib";
      version = "1.3.1";
      src = fetchurl {
        url = "https://zlib.net/zlib-${finalAttrs.version}.tar.gz";
        sha256 = "0000";
      };
      configureFlags = lib.optional static "--static";
      meta.license = lib.licenses.zlib;
    });
  openssl =
    { lib, mkDerivation, fetchurl, zlib, withZlib ? true, enableDocs ? false }:
    mkDerivation (finalAttrs: {
      pname = "openssl";
      version = "3.4.0";
      src = fetchurl {
        url = "https://openssl.org/openssl-${finalAttrs.version}.tar.gz";
        sha256 = "1111";
      };
      buildInputs = lib.optional withZlib zlib;
      configureFlags = [ (lib.enableFeature enableDocs "docs") ];
      meta.license = lib.licenses.asl20;
    });
  curl =
    { lib, mkDerivation, fetchurl, zlib, openssl, http2 ? true, ... }:
    mkDerivation (finalAttrs: {
      pname = "curl";
      version = "8.11.0";
      src = fetchurl {
        url = "https://curl.se/curl-${finalAttrs.version}.tar.xz";
        sha256 = "2222";
      };
      buildInputs = [
        zlib
        openssl
      ];
      configureFlags = [
        (lib.withFeature http2 "nghttp2")
        (lib.withFeatureAs true "ssl" openssl.outPath)
      ];
      passthru.tests = {
        simple = "ok";
      };
      meta.license = lib.licenses.curl;
    });

  licenses = with lib.licenses; [
    mit
    bsd3
    gpl3Plus
    asl20
    lgpl21Plus
    unfree
  ];

  # Package i depends on a few earlier packages and on the core libraries.
  depsOf =
    i:
    lib.unique (
      lib.filter (d: d >= 0 && d < i) [
        (if lib.mod i 10 != 0 then i - 1 else -1)
        (i / 2)
        (i / 3)
        (lib.mod (i * 7) 97)
      ]
    );
  pkgName = i: "pkg${toString i}";

  generated =
    i:
    let
      depNames = map pkgName (depsOf i);
      extra = lib.elemAt [ [ "zlib" ] [ "openssl" ] [ "curl" ] [ ] ] (lib.mod i 4);
    in
    lib.setFunctionArgs (
      args:
      args.mkDerivation (finalAttrs: {
        pname = pkgName i;
        version = "${toString (lib.mod i 5)}.${toString (lib.mod i 13)}";
        src = args.fetchurl {
          url = "https://example.org/${finalAttrs.pname}-${finalAttrs.version}.tar.gz";
          sha256 = toString i;
        };
        buildInputs = map (d: args.${d}) (depNames ++ extra);
        nativeBuildInputs = lib.optional (lib.mod i 9 == 0) args.zlib;
        configureFlags = [
          (lib.enableFeature (args.enableDocs or false) "docs")
          (lib.withFeatureAs (args.withPrefix or false) "prefix" "/usr")
        ]
        ++ lib.optionals (lib.mod i 2 == 0) [ "--enable-shared" ];
        env = {
          NIX_CFLAGS_COMPILE = "-O2 -DPKG=${toString i}";
          enableParallelBuilding = true;
        };
        passthru.deps = depNames;
        meta = {
          description = "Generated package ${toString i}";
          license = lib.elemAt licenses (lib.mod i (lib.length licenses));
          homepage = "https://example.org/${finalAttrs.pname}";
          priority = lib.mod i 10;
        };
      })
    ) (
      lib.genAttrs (depNames ++ extra ++ [ "zlib" ]) (_: false)
      // {
        lib = false;
        mkDerivation = false;
        fetchurl = false;
        enableDocs = true;
        withPrefix = true;
      }
    );

  newScope = extra: lib.callPackageWith ({ inherit lib; } // extra);

  basePackages =
    self:
    {
      inherit mkDerivation fetchurl;
      zlib = self.callPackage zlib { };
      zlibStatic = self.zlib.override { static = true; };
      openssl = self.callPackage openssl { };
      curl = self.callPackage curl { };
    }
    // lib.listToAttrs (
      map (i: lib.nameValuePair (pkgName i) (self.callPackage (generated i) { })) (lib.range 0 (nPkgs - 1))
    );

  # Overlay k overrides a spread of packages through `.override` and
  # `.overrideAttrs`, and adds a package depending on them.
  overlay =
    k: self: super:
    let
      picks = map (j: lib.mod (k * 131 + j * 17) nPkgs) (lib.range 0 9);
    in
    lib.listToAttrs (
      lib.imap0 (
        j: p:
        lib.nameValuePair (pkgName p) (
          if lib.mod j 2 == 0 then
            super.${pkgName p}.override { enableDocs = true; }
          else
            super.${pkgName p}.overrideAttrs (
              finalAttrs: old: {
                version = "${old.version}-k${toString k}";
                patches = (old.patches or [ ]) ++ [ "fix-${toString k}.patch" ];
              }
            )
        )
      ) picks
    )
    // {
      "overlay${toString k}" = self.callPackage (
        { mkDerivation, curl, ... }:
        mkDerivation {
          name = "overlay-${toString k}";
          buildInputs = [ curl ] ++ map (p: self.${pkgName p}) picks;
        }
      ) { };
      openssl = if k == 3 then super.openssl.override { enableDocs = true; } else super.openssl;
    };

  pkgs = lib.foldl' (scope: k: scope.overrideScope (overlay k)) (lib.makeScope newScope basePackages) (
    lib.range 1 nOverlays
  );

  drvs = lib.filterAttrs (_: lib.isDerivation) pkgs;
  closureOf =
    p:
    builtins.genericClosure {
      startSet = [
        {
          key = p.outPath;
          drv = p;
        }
      ];
      operator =
        item:
        map (d: {
          key = d.outPath;
          drv = d;
        }) (item.drv.buildInputs or [ ] ++ item.drv.nativeBuildInputs or [ ]);
    };
  top = map pkgName (lib.range (nPkgs - 40) (nPkgs - 1));
in
{
  count = lib.length (lib.attrNames drvs);
  outPathsHash = hash (lib.concatMapStringsSep "\n" (d: d.outPath) (lib.attrValues drvs));
  drvPathsHash = hash (lib.concatStrings (lib.mapAttrsToList (n: d: n + d.drvPath) drvs));
  closureSizes = map (n: lib.length (closureOf pkgs.${n})) top;
  free = lib.count (d: d.meta.license.free or true) (lib.attrValues drvs);
  overridden = lib.filter (n: lib.hasInfix "-k" (drvs.${n}.version or "")) (lib.attrNames drvs);
  sample = {
    inherit (pkgs.pkg3200) name version configureFlags;
    out = pkgs.pkg3200.outPath;
    deps = pkgs.pkg3200.deps;
    license = pkgs.pkg3200.meta.license.spdxId;
    curlFlags = pkgs.curl.configureFlags;
    overlay5 = pkgs.overlay5.outPath;
    tests = pkgs.curl.tests;
  };
}
