# The shop's API configuration with a mistake: the new "inventory"
# backend is given no options, not even `{ }`, so the list holds a
# function waiting for them where an upstream was expected.
let
  base = import ./config.nix { environment = "staging"; };
  inherit (import ./upstreams.nix { domain = "staging.shop.internal"; }) backend;
in
base // {
  upstreams = base.upstreams ++ [ (backend "inventory") ];
}
