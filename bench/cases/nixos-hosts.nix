# A fleet of NixOS-like hosts, as a deployment tool evaluates them: one
# `lib.evalModules` per host over shared modules, with `specialArgs`
# (host name, inventory) and `_module.args` (site data), then one
# `extendModules` variant per host (as NixOS specialisations do).
#
# The shared modules model what a real system configuration spends its
# time on: `fileSystems`, `users.users`/`users.groups` and
# `networking.interfaces` as `attrsOf (submodule ({ name, ... }: ...))`
# with defaults computed from `name` and `config`; 60 feature switches,
# each a module whose whole `config` is `mkIf` on its switch and that adds
# packages, users, file systems and kernel modules; `mkDefault`/`mkForce`
# and `mkOrder` on lists; `types.package`-like string lists; an
# `assertions` check over all file systems.
#
# The result: per host the file systems, users, interfaces and summaries,
# and what the variant changes.
let
  lib = import <nixpkgs-lib>;
  nHosts = 20;
  nFeatures = 60;
  inherit (lib)
    types
    mkOption
    mkIf
    mkMerge
    mkDefault
    mkForce
    mkBefore
    mkAfter
    ;

  inventory = lib.genAttrs (map (h: "host${toString h}") (lib.range 1 nHosts)) (
    h:
    let
      i = lib.toInt (lib.removePrefix "host" h);
    in
    {
      index = i;
      role = lib.elemAt [ "web" "db" "build" "edge" ] (lib.mod i 4);
      disks = lib.genList (d: "/dev/disk/by-id/disk-${h}-${toString d}") (2 + lib.mod i 3);
      nics = lib.genList (n: "eth${toString n}") (1 + lib.mod i 3);
      features = lib.filter (f: lib.mod (f * (i + 3)) 5 != 0) (lib.range 1 nFeatures);
    }
  );

  fileSystemsModule =
    { config, lib, ... }:
    {
      options.fileSystems = mkOption {
        default = { };
        type = types.attrsOf (
          types.submodule (
            { name, config, ... }:
            {
              options = {
                mountPoint = mkOption {
                  type = types.str;
                  default = name;
                };
                device = mkOption {
                  type = types.nullOr types.str;
                  default = null;
                };
                label = mkOption {
                  type = types.nullOr types.str;
                  default = null;
                };
                fsType = mkOption {
                  type = types.str;
                  default = "auto";
                };
                options = mkOption {
                  type = types.nonEmptyListOf types.str;
                  default = [ "defaults" ];
                };
                neededForBoot = mkOption {
                  type = types.bool;
                  default = false;
                };
                depends = mkOption {
                  type = types.listOf types.str;
                  default = [ ];
                };
              };
              config = {
                device = mkIf (config.label != null) (mkDefault "/dev/disk/by-label/${config.label}");
                options = mkIf (config.fsType == "tmpfs") [
                  "mode=755"
                  "nosuid"
                ];
                neededForBoot = mkIf (lib.elem name [
                  "/"
                  "/nix"
                  "/var"
                ]) (mkDefault true);
              };
            }
          )
        );
      };
      options.boot.initrd.supportedFilesystems = mkOption {
        type = types.listOf types.str;
        default = [ ];
      };
      config.boot.initrd.supportedFilesystems = lib.unique (
        lib.mapAttrsToList (_: fs: fs.fsType) (lib.filterAttrs (_: fs: fs.neededForBoot) config.fileSystems)
      );
      config.assertions = lib.mapAttrsToList (n: fs: {
        assertion = fs.device != null || fs.fsType == "tmpfs";
        message = "file system ${n} has no device";
      }) config.fileSystems;
    };

  usersModule =
    { config, lib, ... }:
    {
      options.users.users = mkOption {
        default = { };
        type = types.attrsOf (
          types.submodule (
            { name, config, ... }:
            {
              options = {
                name = mkOption {
                  type = types.passwdEntry types.str;
                  default = name;
                };
                uid = mkOption {
                  type = types.nullOr types.int;
                  default = null;
                };
                group = mkOption {
                  type = types.str;
                  default = "users";
                };
                extraGroups = mkOption {
                  type = types.listOf types.str;
                  default = [ ];
                };
                home = mkOption {
                  type = types.passwdEntry types.path;
                  default = "/var/empty";
                };
                isNormalUser = mkOption {
                  type = types.bool;
                  default = false;
                };
                openssh.authorizedKeys.keys = mkOption {
                  type = types.listOf types.singleLineStr;
                  default = [ ];
                };
                packages = mkOption {
                  type = types.listOf types.str;
                  default = [ ];
                };
              };
              config = mkIf config.isNormalUser {
                home = mkDefault "/home/${config.name}";
                extraGroups = [ "users" ];
              };
            }
          )
        );
      };
      options.users.groups = mkOption {
        default = { };
        type = types.attrsOf (
          types.submodule (
            { name, ... }:
            {
              options.name = mkOption {
                type = types.str;
                default = name;
              };
              options.gid = mkOption {
                type = types.nullOr types.int;
                default = null;
              };
              options.members = mkOption {
                type = types.listOf types.str;
                default = [ ];
              };
            }
          )
        );
      };
      config.users.groups = lib.mkMerge (
        lib.mapAttrsToList (
          n: u:
          lib.genAttrs ([ u.group ] ++ u.extraGroups) (g: {
            members = [ n ];
          })
        ) config.users.users
      );
    };

  networkingModule =
    { config, lib, hostName, ... }:
    {
      options.networking = {
        hostName = mkOption {
          type = types.strMatching "^[a-z0-9-]+$";
          default = hostName;
        };
        domain = mkOption {
          type = types.nullOr types.str;
          default = null;
        };
        fqdn = mkOption {
          type = types.str;
          readOnly = true;
        };
        interfaces = mkOption {
          default = { };
          type = types.attrsOf (
            types.submodule (
              { name, config, ... }:
              {
                options = {
                  name = mkOption {
                    type = types.str;
                    default = name;
                  };
                  mtu = mkOption {
                    type = types.nullOr types.ints.unsigned;
                    default = null;
                  };
                  useDHCP = mkOption {
                    type = types.nullOr types.bool;
                    default = null;
                  };
                  ipv4.addresses = mkOption {
                    default = [ ];
                    type = types.listOf (
                      types.submodule {
                        options.address = mkOption { type = types.str; };
                        options.prefixLength = mkOption { type = types.addCheck types.int (n: n >= 0 && n <= 32); };
                      }
                    );
                  };
                };
              }
            )
          );
        };
        firewall.allowedTCPPorts = mkOption {
          type = types.listOf types.port;
          default = [ ];
        };
      };
      config.networking.fqdn = if config.networking.domain != null then "${config.networking.hostName}.${config.networking.domain}" else config.networking.hostName;
    };

  miscModule =
    { lib, ... }:
    {
      options = {
        environment.systemPackages = mkOption {
          type = types.listOf types.str;
          default = [ ];
        };
        boot.kernelModules = mkOption {
          type = types.listOf types.str;
          default = [ ];
        };
        services.openssh.enable = mkOption {
          type = types.bool;
          default = false;
        };
        services.openssh.ports = mkOption {
          type = types.listOf types.port;
          default = [ 22 ];
        };
        assertions = mkOption {
          type = types.listOf types.unspecified;
          default = [ ];
        };
        system.name = mkOption {
          type = types.str;
          default = "system";
        };
        features = lib.genAttrs (map (f: "f${toString f}") (lib.range 1 nFeatures)) (f: {
          enable = lib.mkEnableOption "feature ${f}";
          level = mkOption {
            type = types.ints.between 0 10;
            default = 1;
          };
        });
      };
    };

  # Feature f: everything it does is under `mkIf cfg.enable`.
  feature =
    f:
    { config, lib, site, ... }:
    let
      cfg = config.features."f${toString f}";
    in
    {
      config = mkIf cfg.enable (mkMerge [
        {
          environment.systemPackages = [ "pkg-f${toString f}" ] ++ lib.optional (cfg.level > 3) "pkg-f${toString f}-extra";
          boot.kernelModules = mkIf (lib.mod f 6 == 0) [ "mod${toString f}" ];
          networking.firewall.allowedTCPPorts = mkIf (lib.mod f 4 == 0) [ (9000 + f) ];
        }
        (mkIf (lib.mod f 5 == 1) {
          users.users."svc-f${toString f}" = {
            uid = 400 + f;
            group = "svc";
            extraGroups = mkIf (lib.mod f 2 == 0) [ "wheel" ];
          };
        })
        (mkIf (lib.mod f 7 == 2) {
          fileSystems."/var/lib/f${toString f}" = {
            label = "f${toString f}";
            fsType = "ext4";
            depends = [ "/var" ];
            options = mkAfter [ "noatime" ];
          };
        })
        (mkIf (lib.mod f 11 == 3 && config.features."f${toString (f + 1)}".enable or false) {
          environment.systemPackages = mkBefore [ "glue-f${toString f}" ];
          features."f${toString f}".level = mkForce 7;
        })
        (mkIf (lib.mod f 13 == 0) {
          users.users = lib.mapAttrs (_: _: { packages = [ "site-tool-${toString f}" ]; }) site.admins;
        })
      ]);
    };

  hostModule =
    { config, lib, hostName, inventory, site, ... }:
    let
      me = inventory.${hostName};
    in
    {
      networking.domain = site.domain;
      features = lib.listToAttrs (
        map (f: lib.nameValuePair "f${toString f}" {
          enable = true;
          level = mkDefault (lib.mod (f + me.index) 10);
        }) me.features
      );
      fileSystems = {
        "/" = {
          device = lib.head me.disks;
          fsType = "ext4";
        };
        "/nix" = {
          label = "nix";
          fsType = "btrfs";
          options = [
            "compress=zstd"
            "noatime"
          ];
        };
        "/var" = {
          device = lib.last me.disks;
          fsType = "xfs";
        };
        "/tmp" = {
          fsType = "tmpfs";
        };
      }
      // lib.listToAttrs (
        lib.imap1 (d: disk: lib.nameValuePair "/data/${toString d}" {
          device = disk;
          fsType = if me.role == "db" then "xfs" else "ext4";
          options = mkIf (me.role == "db") [ "nobarrier" ];
        }) me.disks
      );
      users.users = lib.mapAttrs (n: a: {
        isNormalUser = true;
        uid = a.uid;
        extraGroups = [ "wheel" ] ++ lib.optional (me.role == "build") "nixbld";
        openssh.authorizedKeys.keys = a.keys;
      }) site.admins;
      networking.interfaces = lib.listToAttrs (
        lib.imap0 (k: nic: lib.nameValuePair nic {
          useDHCP = k == 0;
          mtu = if me.role == "edge" then 9000 else null;
          ipv4.addresses = lib.optional (k > 0) {
            address = "10.${toString me.index}.${toString k}.1";
            prefixLength = 24;
          };
        }) me.nics
      );
      services.openssh.enable = true;
      services.openssh.ports = mkIf (me.role == "edge") (mkForce [ 2222 ]);
      system.name = mkDefault "${hostName}-${me.role}";
    };

  site = {
    domain = "example.org";
    admins = lib.genAttrs [ "alice" "bob" "carol" "dave" ] (n: {
      uid = 1000 + lib.stringLength n;
      keys = [ "ssh-ed25519 AAAA${n}" ];
    });
  };

  baseModules = [
    fileSystemsModule
    usersModule
    networkingModule
    miscModule
    { _module.args.site = site; }
  ]
  ++ map feature (lib.range 1 nFeatures);

  evalHost =
    hostName:
    lib.evalModules {
      specialArgs = {
        inherit hostName inventory;
      };
      modules = baseModules ++ [ hostModule ];
    };

  summarise = config: {
    inherit (config) fileSystems networking;
    users = lib.mapAttrs (_: u: {
      inherit (u) uid group extraGroups home packages;
    }) config.users.users;
    groups = lib.mapAttrs (_: g: g.members) config.users.groups;
    initrd = config.boot.initrd.supportedFilesystems;
    packages = config.environment.systemPackages;
    kernelModules = config.boot.kernelModules;
    ssh = config.services.openssh;
    failed = map (a: a.message) (lib.filter (a: !a.assertion) config.assertions);
    enabled = lib.attrNames (lib.filterAttrs (_: f: f.enable) config.features);
    levels = lib.foldl' (s: f: s + f.level) 0 (lib.attrValues config.features);
    name = config.system.name;
  };
in
lib.mapAttrs (
  hostName: _:
  let
    base = evalHost hostName;
    variant = base.extendModules {
      modules = [
        {
          features.f1.enable = mkForce false;
          features.f2.enable = true;
          fileSystems."/scratch".fsType = "tmpfs";
          system.name = "${hostName}-variant";
        }
      ];
    };
    b = summarise base.config;
    v = summarise variant.config;
  in
  b
  // {
    variant = {
      inherit (v) name enabled initrd;
      fileSystems = lib.attrNames v.fileSystems;
      packages = lib.length v.packages;
    };
  }
) inventory
