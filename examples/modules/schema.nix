# The options of the example web service, declared with nixpkgs lib's
# module system: their types, defaults and documentation. A user's
# configuration (`config.nix`) sets some of them; `lib.evalModules`
# checks and merges the definitions.
{ lib, config, ... }:
let
  inherit (lib) mkOption types;

  virtualHost = types.submodule ({ name, ... }: {
    options = {
      serverName = mkOption {
        type = types.str;
        default = name;
        description = "The host name this virtual host answers to.";
      };
      root = mkOption {
        type = types.str;
        description = "Directory the files are served from.";
      };
      aliases = mkOption {
        type = types.listOf types.str;
        default = [ ];
        description = "Other host names of this virtual host.";
      };
      tls = mkOption {
        type = types.bool;
        default = false;
        description = "Whether to serve this host over TLS.";
      };
    };
  });
in
{
  options.services.web = {
    enable = mkOption {
      type = types.bool;
      default = false;
      description = "Whether to run the web service.";
    };
    port = mkOption {
      type = types.port;
      default = 8080;
      description = "TCP port to listen on.";
    };
    workers = mkOption {
      type = types.ints.positive;
      default = 4;
      description = "Number of worker threads.";
    };
    logLevel = mkOption {
      type = types.enum [ "error" "warn" "info" "debug" ];
      default = "info";
      description = "How much to log.";
    };
    virtualHosts = mkOption {
      type = types.attrsOf virtualHost;
      default = { };
      description = "The virtual hosts, by name.";
    };
    extraHeaders = mkOption {
      type = types.attrsOf types.str;
      default = { };
      description = "Headers added to every response.";
    };
  };

  options.database = {
    url = mkOption {
      type = types.str;
      description = "Where the database is.";
    };
    poolSize = mkOption {
      type = types.ints.between 1 64;
      default = 8;
      description = "Connections kept open.";
    };
  };

  # Defaults that depend on other options: a low priority, so any
  # definition the user makes wins.
  config.database.poolSize = lib.mkDefault (2 * config.services.web.workers);
}
