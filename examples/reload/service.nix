# The configuration of a pretend service that reloads it while running
# (`cargo run --release --example reload`). Edit this file,
# `upstreams.nix` or `motd.txt`, or create `local.nix` with overrides
# (say `{ port = 9090; }`): the service loads it again, and keeps the
# previous configuration if the new one does not load.
let
  local = if builtins.pathExists ./local.nix then import ./local.nix else { };
  environment = builtins.getEnv "SHOP_ENV";
in
{
  name = "shop-api";
  environment = if environment == "" then "production" else environment;
  port = 8080;
  logLevel = "info";
  motd = builtins.readFile ./motd.txt;
  upstreams = import ./upstreams.nix;
} // local
