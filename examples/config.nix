# An application's configuration, written in Nix.
let
  port = 8080;
  mkUpstream = name: weight: { inherit name weight; url = "http://${name}.internal:${toString port}"; };
in
{
  listen = { address = "0.0.0.0"; inherit port; };
  workers = 4;
  upstreams = map (n: mkUpstream n 10) [ "alpha" "beta" ];
  features = { tls = false; compression = true; };
}
