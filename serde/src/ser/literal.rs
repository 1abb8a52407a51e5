//! Nix literals for scalar values, written so that both C++ Nix and
//! tvix-eval read back exactly the value given.
//!
//! Nix has no negative literals: `-5` is negation applied to `5` (in C++
//! Nix, `0 - 5`), so it must be parenthesised where an operand is expected
//! (list elements). `i64::MIN` has no positive counterpart and is
//! written `(-9223372036854775807 - 1)`. A float literal needs a dot
//! before any exponent (`1.0e300`, not `1e300`), and C++ Nix refuses
//! subnormal literals (`5.0e-324`: "invalid float"), so those are written
//! as an exact product of a normal float and a power of two.
//! Negation of `0.0` gives `0.0` in C++ Nix, so `-0.0` is written
//! `(-1.0 * 0.0)`.

use super::error::{SerializeError, SerializeErrorKind};
use tvix_eval::value::write_nix_string_literal;

/// A scalar as Nix source: a literal, or an expression in parentheses.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Literal {
    pub(crate) text: String,
    /// A negation (`-5`), which needs parentheses as a list element.
    pub(crate) negative: bool,
}

impl Literal {
    fn plain(text: impl Into<String>) -> Self {
        Literal {
            text: text.into(),
            negative: false,
        }
    }

    pub(crate) fn null() -> Self {
        Literal::plain("null")
    }

    pub(crate) fn bool(b: bool) -> Self {
        Literal::plain(if b { "true" } else { "false" })
    }

    pub(crate) fn int(i: i64) -> Self {
        if i == i64::MIN {
            return Literal::plain("(-9223372036854775807 - 1)");
        }
        Literal {
            text: i.to_string(),
            negative: i < 0,
        }
    }

    /// An integer of a wider type, if it fits in Nix's 64 bits.
    pub(crate) fn wide_int(i: impl Into<i128>) -> Result<Self, SerializeError> {
        let wide: i128 = i.into();
        i64::try_from(wide)
            .map(Literal::int)
            .map_err(|_| integer_out_of_range(&wide.to_string()))
    }

    pub(crate) fn u128(u: u128) -> Result<Self, SerializeError> {
        i64::try_from(u)
            .map(Literal::int)
            .map_err(|_| integer_out_of_range(&u.to_string()))
    }

    pub(crate) fn f64(x: f64) -> Result<Self, SerializeError> {
        check_finite(x)?;
        Ok(float_literal(x, &format!("{x:?}")))
    }

    /// An `f32`, written with its own shortest digits (`0.1`) when the
    /// double Nix reads from them rounds back to the same `f32` and lies
    /// within `f32`'s range (the deserialiser refuses doubles beyond it,
    /// such as `3.4028235e38` for `f32::MAX`), and with the digits of its
    /// exact double value otherwise.
    pub(crate) fn f32(x: f32) -> Result<Self, SerializeError> {
        let wide = f64::from(x);
        check_finite(wide)?;
        let short = format!("{x:?}");
        let text = match short.parse::<f64>() {
            Ok(parsed)
                if (parsed as f32).to_bits() == x.to_bits()
                    && parsed.abs() <= f64::from(f32::MAX) =>
            {
                short
            }
            _ => format!("{wide:?}"),
        };
        Ok(float_literal(wide, &text))
    }

    pub(crate) fn string(s: &str) -> Result<Self, SerializeError> {
        Ok(Literal::plain(string_literal(s)?))
    }
}

fn integer_out_of_range(digits: &str) -> SerializeError {
    SerializeError::new(
        SerializeErrorKind::IntegerOutOfRange,
        format!("integer `{digits}` is out of range for Nix integers (signed 64-bit)"),
    )
}

fn check_finite(x: f64) -> Result<(), SerializeError> {
    if x.is_finite() {
        return Ok(());
    }
    Err(SerializeError::new(
        SerializeErrorKind::NonFiniteFloat,
        format!("float `{x}` cannot be written in Nix"),
    ))
}

/// The literal of the finite float `x`, whose shortest round-trip digits
/// (Rust's `{:?}` form, for `x` or for the `f32` it came from) are
/// `digits`.
fn float_literal(x: f64, digits: &str) -> Literal {
    if x == 0.0 {
        return if x.is_sign_negative() {
            Literal::plain("(-1.0 * 0.0)")
        } else {
            Literal::plain("0.0")
        };
    }
    // C++ Nix's `stod` reports subnormals as out of range; multiplying by
    // 2^64 makes them normal, and multiplying back is exact.
    if x.abs() < f64::MIN_POSITIVE {
        let scale = 2f64.powi(64);
        let scaled = x * scale;
        let factor = 1.0 / scale;
        return Literal::plain(format!(
            "({} * {})",
            nix_float_digits(&format!("{scaled:?}")),
            nix_float_digits(&format!("{factor:?}"))
        ));
    }
    Literal {
        text: nix_float_digits(digits),
        negative: x < 0.0,
    }
}

/// Rust's float digits (`1.5`, `1e300`, `-2.5e-7`) in the form of Nix's
/// float grammar, which needs a dot before the exponent.
fn nix_float_digits(digits: &str) -> String {
    match digits.split_once('e') {
        Some((mantissa, exponent)) if !mantissa.contains('.') => {
            format!("{mantissa}.0e{exponent}")
        }
        _ => digits.to_string(),
    }
}

/// `s` as a Nix string literal: `"`, `\`, `${`, newline, carriage return
/// and tab escaped, everything else as it is.
pub(crate) fn string_literal(s: &str) -> Result<String, SerializeError> {
    if s.contains('\0') {
        return Err(SerializeError::new(
            SerializeErrorKind::NulInString,
            format!("string {s:?} contains a NUL character, which Nix strings cannot hold"),
        ));
    }
    let mut out = Vec::with_capacity(s.len() + 2);
    write_nix_string_literal(&mut out, s.as_bytes());
    // Only ASCII was added to valid UTF-8.
    Ok(String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(l: Result<Literal, SerializeError>) -> String {
        l.map(|l| l.text).unwrap_or_else(|e| format!("error: {e}"))
    }

    #[test]
    fn floats_always_have_a_dot() {
        assert_eq!(text(Literal::f64(1.0)), "1.0");
        assert_eq!(text(Literal::f64(1e300)), "1.0e300");
        assert_eq!(text(Literal::f64(-1.5e-7)), "-1.5e-7");
        assert_eq!(text(Literal::f64(0.1)), "0.1");
        assert_eq!(text(Literal::f64(1e16)), "1.0e16");
        assert_eq!(text(Literal::f64(-0.0)), "(-1.0 * 0.0)");
        assert_eq!(text(Literal::f64(0.0)), "0.0");
        assert_eq!(
            text(Literal::f64(5e-324)),
            "(9.113902524445497e-305 * 5.421010862427522e-20)"
        );
        assert_eq!(text(Literal::f32(0.1)), "0.1");
        assert_eq!(text(Literal::f32(16777216.0)), "16777216.0");
        assert_eq!(text(Literal::f32(f32::MAX)), "3.4028234663852886e38");
    }

    #[test]
    fn non_finite_and_wide_integers_fail() {
        assert_eq!(
            text(Literal::f64(f64::NEG_INFINITY)),
            "error: float `-inf` cannot be written in Nix"
        );
        assert!(Literal::u128(u128::from(u64::MAX)).is_err());
        assert!(Literal::wide_int(i128::from(i64::MIN) - 1).is_err());
        assert_eq!(
            text(Literal::wide_int(i64::MIN)),
            "(-9223372036854775807 - 1)"
        );
    }

    #[test]
    fn strings_are_escaped() {
        assert_eq!(
            string_literal("a\"b\\c${d}$e\n\t\r").unwrap(),
            r#""a\"b\\c\${d}$e\n\t\r""#
        );
        assert!(string_literal("a\0").is_err());
    }
}
