# Constants: langVersion is 6 (as in C++ Nix 2.8 to 2.31); nixVersion is
# the version whose language we implement (here "2.31.0", while C++ Nix 2.8
# gives "2.8.0"), checked the way nixpkgs' lib checks it (lib/minver.nix
# requires 2.3.17; lib.versionAtLeast uses compareVersions).
let
  versionAtLeast = v: min: builtins.compareVersions v min >= 0;
in
{
  langVersion = builtins.langVersion;
  nixVersionIsString = builtins.isString builtins.nixVersion;
  nixVersionAtLeast = map (versionAtLeast builtins.nixVersion) [ "2.3" "2.3.17" "2.8" "1.11" ];
  nixVersionShape = builtins.match "[0-9]+\\.[0-9]+(\\.[0-9]+)?.*" builtins.nixVersion != null;
  nixVersionTopLevel = __nixVersion == builtins.nixVersion;
  currentSystem = builtins.match "[a-z0-9_]+-[a-z]+" builtins.currentSystem != null;
  currentTime = builtins.isInt builtins.currentTime && builtins.currentTime > 1600000000;
  storeDir = builtins.storeDir;
  nixPath = builtins.isList builtins.nixPath;
  getEnvUnset = builtins.getEnv "TVIX_TEST_VARIABLE_THAT_IS_NOT_SET";
  trueFalseNull = [ builtins.true builtins.false builtins.null ];
  builtinsInBuiltins = builtins.builtins.builtins.langVersion;
  topLevel = [ (__add 1 2) (isNull null) (baseNameOf "a/b") (dirOf "a/b") (removeAttrs { a = 1; b = 2; } [ "a" ]) (map (x: x) [ 1 ]) (toString 1) ];
}
