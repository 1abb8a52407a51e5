# The configuration of the shop's API service.
{ environment ? "production" }:
let
  domain = "${environment}.shop.internal";
  inherit (import ./upstreams.nix { inherit domain; }) all;

  defaults = {
    listen = { address = "0.0.0.0"; port = 8080; };
    workers = 4;
    log = { level = "info"; format = "json"; };
  };

  route = upstream: {
    prefix = "/api/${upstream.name}";
    upstream = upstream.name;
  } // (if upstream.name == "payments" then { timeoutSeconds = 5; retries = 0; } else { });
in
defaults // {
  name = "shop-api";
  workers = 8;
  tls.Acme = {
    email = "ops@shop.example";
    domains = [ "api.shop.example" "shop.example" ];
  };
  upstreams = builtins.map (u: u // { healthCheck = "/healthz"; }) all;
  routes = builtins.map route all;
  database = {
    url = "postgres://db.${domain}/shop";
    poolSize = 16;
  };
  cache = null;
  features = [ "checkout" "recommendations" ];
}
