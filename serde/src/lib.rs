//! tvix-serde: deserialize Rust types from Nix expressions evaluated by
//! tvix-eval. Not implemented yet: the `serde::Deserializer` over
//! evaluated values is the subject of its own issue.
