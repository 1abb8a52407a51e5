//! Derivations and their ATerm serialisation, the text of a `.drv` file
//! as C++ Nix writes it (`Derivation::unparse`): `Derive(outputs, input
//! derivations, input sources, system, builder, args, env)`, strings
//! quoted with `\"`, `\\`, `\n`, `\r` and `\t` escaped, every collection
//! sorted. The same text, with input derivations replaced by their
//! hashes, is what derivation hashes are computed from.

use std::collections::{BTreeMap, BTreeSet};

/// One output of a derivation.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Output {
    /// The store path (empty while it is being computed).
    pub path: String,
    /// For a fixed output: the method and algorithm (`r:sha256`).
    pub hash_algo: String,
    /// For a fixed output: the expected hash in base-16.
    pub hash: String,
}

impl Output {
    /// Whether the output is fixed: its hash is known in advance.
    pub fn is_fixed(&self) -> bool {
        !self.hash.is_empty()
    }
}

/// A derivation as stored in a `.drv` file. Strings are bytes, as Nix
/// strings are.
#[derive(Clone, Debug, Default)]
pub struct Derivation {
    /// The `name` attribute (not part of the ATerm).
    pub name: Vec<u8>,
    /// The outputs by name (`out`, `dev`, ...).
    pub outputs: BTreeMap<String, Output>,
    /// Derivations it depends on, with the outputs it uses.
    pub input_drvs: BTreeMap<String, BTreeSet<String>>,
    /// Store paths of sources it depends on (copied paths, `toFile` files).
    pub input_srcs: BTreeSet<String>,
    /// The platform it builds on (`x86_64-linux`).
    pub system: Vec<u8>,
    /// The program run to build it.
    pub builder: Vec<u8>,
    /// The arguments of the builder.
    pub args: Vec<Vec<u8>>,
    /// The environment of the builder: the derivation's attributes as strings, and the output paths.
    pub env: BTreeMap<Vec<u8>, Vec<u8>>,
}

impl Derivation {
    /// Whether this is a fixed-output derivation (one output `out` with
    /// a known hash).
    pub fn is_fixed_output(&self) -> bool {
        self.outputs.len() == 1 && self.outputs.get("out").is_some_and(Output::is_fixed)
    }

    /// The ATerm text. `input_drvs` replaces the input derivations (by
    /// their hashes when hashing); `mask_outputs` leaves output paths
    /// empty.
    pub fn to_aterm(
        &self,
        input_drvs: Option<&BTreeMap<String, BTreeSet<String>>>,
        mask_outputs: bool,
    ) -> Vec<u8> {
        let mut out = b"Derive([".to_vec();
        for (i, (name, output)) in self.outputs.iter().enumerate() {
            separator(&mut out, i);
            out.push(b'(');
            let path = if mask_outputs {
                ""
            } else {
                output.path.as_str()
            };
            strings(
                &mut out,
                [
                    name.as_bytes(),
                    path.as_bytes(),
                    output.hash_algo.as_bytes(),
                    output.hash.as_bytes(),
                ],
            );
            out.push(b')');
        }
        out.extend_from_slice(b"],[");
        for (i, (drv, outputs)) in input_drvs.unwrap_or(&self.input_drvs).iter().enumerate() {
            separator(&mut out, i);
            out.push(b'(');
            quote(&mut out, drv.as_bytes());
            out.extend_from_slice(b",[");
            strings(&mut out, outputs.iter().map(String::as_bytes));
            out.extend_from_slice(b"])");
        }
        out.extend_from_slice(b"],[");
        strings(&mut out, self.input_srcs.iter().map(String::as_bytes));
        out.extend_from_slice(b"],");
        quote(&mut out, &self.system);
        out.push(b',');
        quote(&mut out, &self.builder);
        out.extend_from_slice(b",[");
        strings(&mut out, self.args.iter().map(Vec::as_slice));
        out.extend_from_slice(b"],[");
        for (i, (key, value)) in self.env.iter().enumerate() {
            separator(&mut out, i);
            out.push(b'(');
            strings(&mut out, [key.as_slice(), value.as_slice()]);
            out.push(b')');
        }
        out.extend_from_slice(b"])");
        out
    }
}

fn separator(out: &mut Vec<u8>, index: usize) {
    if index > 0 {
        out.push(b',');
    }
}

/// Quoted strings separated by commas.
fn strings<'a>(out: &mut Vec<u8>, items: impl IntoIterator<Item = &'a [u8]>) {
    for (i, item) in items.into_iter().enumerate() {
        separator(out, i);
        quote(out, item);
    }
}

/// A string in double quotes, escaped as ATerm does.
fn quote(out: &mut Vec<u8>, s: &[u8]) {
    out.push(b'"');
    for &c in s {
        match c {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            c => out.push(c),
        }
    }
    out.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialises_like_nix() {
        let mut drv = Derivation::default();
        drv.outputs.insert(
            "out".into(),
            Output {
                path: "/nix/store/x-a".into(),
                ..Output::default()
            },
        );
        drv.input_srcs.insert("/nix/store/y-src".into());
        drv.system = b"x86_64-linux".to_vec();
        drv.builder = b"/bin/sh".to_vec();
        drv.args = vec![b"-c".to_vec(), b"echo \"hi\"\n".to_vec()];
        drv.env.insert(b"out".to_vec(), b"/nix/store/x-a".to_vec());
        let text = String::from_utf8(drv.to_aterm(None, false)).unwrap();
        assert_eq!(
            text,
            r#"Derive([("out","/nix/store/x-a","","")],[],["/nix/store/y-src"],"x86_64-linux","/bin/sh",["-c","echo \"hi\"\n"],[("out","/nix/store/x-a")])"#
        );
        let masked = String::from_utf8(drv.to_aterm(None, true)).unwrap();
        assert!(masked.starts_with(r#"Derive([("out","","","")]"#));
    }
}
