//! tvix-serde: typed configuration written in Nix.
//!
//! [`from_str`] and [`from_file`] evaluate Nix code strictly with
//! [tvix-eval](tvix_eval) and deserialise the value into any
//! `T: serde::Deserialize`; [`from_value`] and [`Deserializer`] work on a
//! value evaluated already. [`to_string`] goes the other way: any
//! `T: serde::Serialize` written as a Nix expression that evaluates back
//! to the same value. The user guide is `docs/serde.md`.
//!
//! ```
//! use serde::Deserialize;
//!
//! #[derive(Deserialize, Debug, PartialEq)]
//! #[serde(rename_all = "lowercase")]
//! enum Level { Debug, Info }
//!
//! #[derive(Deserialize)]
//! struct Config {
//!     name: String,
//!     ports: Vec<u16>,
//!     level: Level,
//!     #[serde(default)]
//!     replicas: Option<u32>,
//! }
//!
//! let config: Config = tvix_serde::from_str(r#"
//!   let base = 8000; in {
//!     name = "web";
//!     ports = map (n: base + n) [ 80 443 ];
//!     level = "info";
//!   }
//! "#).unwrap();
//! assert_eq!(config.name, "web");
//! assert_eq!(config.ports, [8080, 8443]);
//! assert_eq!(config.level, Level::Info);
//! assert_eq!(config.replicas, None);
//! ```
//!
//! How Nix values map to serde's data model:
//!
//! | Nix | Rust |
//! |---|---|
//! | `null` | `Option::None`, `()`, unit structs, unit variants |
//! | `true`, `false` | `bool` |
//! | integers | all integer types (range checked), `f32`, `f64` |
//! | floats | `f32` (range checked), `f64` |
//! | strings | `String`, `char` (one character), bytes, `PathBuf` |
//! | paths | `PathBuf`, `String` |
//! | lists | `Vec`, tuples, arrays, sets |
//! | attribute sets | structs, maps (keys parsed from names) |
//! | `"Variant"`, `{ Variant = ...; }` | enums (externally tagged) |

#![deny(missing_docs)]

mod data_de;
mod de;
mod error;
mod key;
mod load;
mod path;
mod ser;
mod unexpected;

pub use de::{Deserializer, MAX_DEPTH};
pub use error::{Category, Error, Location, Warning};
pub use load::{
    Loaded, from_file, from_file_with_config, from_str, from_str_with_config, from_value,
    load_file, load_str,
};
pub use ser::{
    NixExpr, SerializeError, SerializeErrorKind, SerializeList, SerializeSet, SerializeVariant,
    Serializer, to_string, to_writer,
};

/// The evaluator, re-exported for its [`EvaluationBuilder`](tvix_eval::EvaluationBuilder)
/// and [`Value`](tvix_eval::Value).
///
/// ```
/// let value = tvix_serde::tvix_eval::Evaluation::builder().build().evaluate("1 + 1").value;
/// assert_eq!(tvix_serde::from_value::<i64>(&value.unwrap()).unwrap(), 2);
/// ```
pub use tvix_eval;
