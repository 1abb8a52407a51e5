# Evaluates the schema and a configuration with nixpkgs lib's module
# system and returns the merged `config`. `<nixpkgs-lib>` is the search
# path entry the loading program gives; `configuration` is the user's
# module (a path, or an absolute path as a string).
{ configuration ? ./config.nix }:
let
  lib = import <nixpkgs-lib>;
  module = if builtins.isPath configuration then configuration else /. + configuration;
  evaluated = lib.evalModules {
    modules = [ ./schema.nix module ];
  };
in
evaluated.config
