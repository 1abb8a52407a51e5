# parseFlakeRef and flakeRefToString for the common input types: the
# attributes of each reference, and the reference written back.
map (s: let a = builtins.parseFlakeRef s; in [ a (builtins.flakeRefToString a) ]) [
  "github:NixOS/nixpkgs"
  "github:NixOS/nixpkgs/0123456789ABCDEF0123456789abcdef01234567"
  "github:NixOS/nixpkgs?ref=nixos-23.05&host=example.org"
  "gitlab:foo/bar/feature/x"
  "git+https://example.org/repo.git?ref=main&rev=0123456789abcdef0123456789abcdef01234567&submodules=1&dir=sub"
  "git+ssh://git@github.com/foo/bar"
  "git+file:///home/user/repo"
  "hg+https://example.org/repo?ref=default"
  "path:/some/dir?lastModified=12"
  "/some/dir"
  "nixpkgs"
  "nixpkgs/nixos-23.05"
  "flake:nixpkgs/0123456789abcdef0123456789abcdef01234567"
  "https://example.org/archive/main.tar.gz?narHash=sha256-abc%2B%3D"
  "tarball+https://example.org/archive"
  "file+https://example.org/data.json"
  "sourcehut:~user/repo"
]
