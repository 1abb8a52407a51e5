//! The tests of `tvix_serde::to_string`, in one test binary:
//!
//! - `round_trip`: `from_str(to_string(x)) == x` over the data model and
//!   generated values;
//! - `against_nix`: the texts evaluated by C++ Nix (skipped without
//!   `nix-instantiate`);
//! - `goldens`: the layout, against `goldens/NAME.nix`;
//! - `errors`: what cannot be written, and the errors saying so.

mod against_nix;
mod errors;
mod goldens;
mod round_trip;
mod support;
