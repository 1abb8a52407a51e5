//! Writing values out: as `nix-instantiate --eval` prints them
//! (`print`), as JSON (`json`) and as XML (`xml`). The builtins `toJSON`
//! and `toXML`, the command line and the REPL all write through here.

pub mod json;
pub mod print;
pub mod xml;
