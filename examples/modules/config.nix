# A user's configuration of the example web service: a module that sets
# the options `schema.nix` declares.
{ lib, config, ... }:
{
  services.web = {
    enable = true;
    workers = 6;
    # Overrides any other definition of the log level, whatever its priority.
    logLevel = lib.mkForce "warn";
    virtualHosts = {
      "shop.example" = {
        root = "/srv/shop";
        aliases = [ "www.shop.example" ];
        tls = true;
      };
      "status.example".root = "/srv/status";
    };
    # Only set when the service runs.
    extraHeaders = lib.mkIf config.services.web.enable {
      "X-Frame-Options" = "DENY";
    };
  };

  database.url = lib.mkDefault "postgres://localhost/shop";

  imports = [ ./production.nix ];
}
