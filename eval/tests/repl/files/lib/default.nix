# A directory's default.nix, imported by config.nix.
{
  url = name: port: "http://${name}:${toString port}";
}
