# Pure evaluation: no files, no environment, no clock, no search path
# (even with -I), but the built-in <nix/...> files.
{
  exists = builtins.pathExists ./io-pure-ok.nix;
  env = builtins.getEnv "HOME";
  time = builtins ? currentTime;
  nixPath = builtins.nixPath;
  fetchurl = builtins.isFunction (import <nix/fetchurl.nix>);
}
