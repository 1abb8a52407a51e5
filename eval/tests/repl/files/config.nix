# Loaded by load.in: a function whose arguments all have defaults is
# called with them.
{ name ? "web", port ? 8080 }:
let lib = import ./lib; in
{
  inherit name port;
  url = lib.url name port;
  services = { web = { inherit port; }; db = { port = port + 1; }; };
}
