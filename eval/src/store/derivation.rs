//! What `derivationStrict` computes once the attributes are read: the
//! output paths (input-addressed from the hash of the derivation with
//! its outputs masked, or fixed from the declared hash), the `.drv`
//! path (a text path over the ATerm, referring to every input), and the
//! hash of a derivation modulo fixed-output derivations
//! (`hashDerivationModulo`), remembered per derivation so that those
//! depending on it hash it once. Also the closure of a derivation, which
//! a string that brings all its outputs adds to a derivation's inputs.

use super::aterm::{Derivation, Output};
use super::path::{is_derivation, Hash, Method};
use super::Store;
use crate::errors::ErrorKind;
use crate::hash::{base16, Algo};
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

/// The declared output of a fixed-output derivation.
pub struct FixedOutput {
    /// Whether the hash is of a flat file or of a NAR serialisation.
    pub method: Method,
    /// The expected hash of the output.
    pub hash: Hash,
}

impl Store {
    /// Completes `drv` (its outputs named, without paths) with its output
    /// paths and their environment variables, and gives it its path. The
    /// derivation is remembered for those that depend on it.
    pub fn add_derivation(
        &self,
        mut drv: Derivation,
        fixed: Option<FixedOutput>,
    ) -> Result<(String, Rc<Derivation>), ErrorKind> {
        if let Some(fixed) = fixed {
            let path = self.fixed_path(fixed.method, &fixed.hash, &drv.name)?;
            drv.env.insert(b"out".to_vec(), path.clone().into_bytes());
            drv.outputs.insert(
                "out".into(),
                Output {
                    path,
                    hash_algo: format!("{}{}", fixed.method.prefix(), fixed.hash.algo.name()),
                    hash: base16(&fixed.hash.digest),
                },
            );
        } else {
            for (name, output) in drv.outputs.iter_mut() {
                *output = Output::default();
                drv.env.insert(name.as_bytes().to_vec(), Vec::new());
            }
            let hash = self.hash_modulo(&drv, true)?;
            for (name, output) in drv.outputs.iter_mut() {
                output.path = self.dir.output(name, &hash, &drv.name)?;
                drv.env
                    .insert(name.as_bytes().to_vec(), output.path.clone().into_bytes());
            }
        }
        let mut references = drv.input_srcs.clone();
        references.extend(drv.input_drvs.keys().cloned());
        let mut file_name = drv.name.clone();
        file_name.extend_from_slice(b".drv");
        let drv_path = self
            .dir
            .text(&file_name, &drv.to_aterm(None, false), &references)?;
        let hash = self.hash_modulo(&drv, false)?;
        let drv = Rc::new(drv);
        self.drv_hashes.borrow_mut().insert(drv_path.clone(), hash);
        self.derivations
            .borrow_mut()
            .insert(drv_path.clone(), drv.clone());
        Ok((drv_path, drv))
    }

    /// The hash of `drv` modulo fixed-output derivations: a fixed-output
    /// derivation is hashed by its output alone; any other by its ATerm
    /// with each input derivation replaced by that input's own hash.
    fn hash_modulo(&self, drv: &Derivation, mask_outputs: bool) -> Result<Vec<u8>, ErrorKind> {
        if drv.is_fixed_output() {
            if let Some(out) = drv.outputs.get("out") {
                let text = format!("fixed:out:{}:{}:{}", out.hash_algo, out.hash, out.path);
                return Ok(Algo::Sha256.digest(text.as_bytes()));
            }
        }
        let mut inputs: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (input, outputs) in &drv.input_drvs {
            let hash = self.drv_hashes.borrow().get(input).cloned();
            let hash = hash.ok_or_else(|| unknown_derivation(input))?;
            inputs
                .entry(base16(&hash))
                .or_default()
                .extend(outputs.iter().cloned());
        }
        Ok(Algo::Sha256.digest(&drv.to_aterm(Some(&inputs), mask_outputs)))
    }

    /// The output names of a derivation made in this evaluation.
    pub fn output_names(&self, drv_path: &str) -> Result<BTreeSet<String>, ErrorKind> {
        let derivations = self.derivations.borrow();
        let drv = derivations
            .get(drv_path)
            .ok_or_else(|| unknown_derivation(drv_path))?;
        Ok(drv.outputs.keys().cloned().collect())
    }

    /// `path` and everything it refers to, transitively: for a
    /// derivation its input sources and input derivations, for a text
    /// file its references. Other paths refer to nothing.
    pub fn closure(&self, path: &str) -> Result<BTreeSet<String>, ErrorKind> {
        let mut seen = BTreeSet::new();
        let mut work = vec![path.to_string()];
        while let Some(path) = work.pop() {
            if !seen.insert(path.clone()) {
                continue;
            }
            if is_derivation(&path) {
                let derivations = self.derivations.borrow();
                let drv = derivations
                    .get(&path)
                    .ok_or_else(|| unknown_derivation(&path))?;
                work.extend(drv.input_srcs.iter().cloned());
                work.extend(drv.input_drvs.keys().cloned());
            } else if let Some(references) = self.references.borrow().get(&path) {
                work.extend(references.iter().cloned());
            }
        }
        Ok(seen)
    }
}

fn unknown_derivation(path: &str) -> ErrorKind {
    ErrorKind::UnknownDerivation(path.to_string())
}
