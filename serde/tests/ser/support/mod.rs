//! Shared by the tests of `to_string`: the data model types
//! ([`model`]) and the check of a Nix text against C++ Nix ([`nix`]).
#![allow(dead_code)]

pub mod goldens;
pub mod model;
pub mod nix;
pub mod strategies;
