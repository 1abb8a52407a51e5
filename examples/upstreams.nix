# The backends of the shop, shared by the services that talk to them.
{ domain }:
rec {
  # A backend by name; options may set its port and load-balancing weight.
  backend = name: { port ? 8080, weight ? 1 }: {
    inherit name port weight;
    url = "http://${name}.${domain}:${toString port}";
  };

  all = [
    (backend "catalog" { })
    (backend "payments" { port = 9443; weight = 3; })
    (backend "search" { weight = 2; })
  ];
}
