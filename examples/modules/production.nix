# Settings shared by production deployments, imported by `config.nix`.
{ lib, ... }:
{
  services.web.port = 443;
  services.web.logLevel = "debug"; # mkForce in config.nix wins
  database.url = "postgres://db.internal/shop"; # beats config.nix's mkDefault
}
