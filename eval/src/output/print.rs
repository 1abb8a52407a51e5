//! Printing values the way `nix-instantiate --eval` prints them, and as
//! the JSON `nix-instantiate --eval --json` prints.
//!
//! Both printers walk the value with an explicit work stack, so values
//! nested arbitrarily deep (a million nested lists, say) print without
//! growing the Rust stack.
//!
//! # Output format
//!
//! - `null`, `true`, `false`, integers in decimal;
//! - floats as C++ streams print them by default: like `printf("%g")`,
//!   six significant digits, trailing zeros removed (`1`, `0.1`,
//!   `1.23457e+08`, `1.5e-07`, `inf`, `-nan`); see [`format_float`];
//! - strings as Nix string literals, paths as plain text;
//! - `{ a = 1; "b c" = [ 1 2 ]; }`, `[ ]`, `{ }`;
//! - `<LAMBDA>`, `<PRIMOP>`, `<PRIMOP-APP>` (a partially applied builtin),
//!   `«thunk»` (a value not evaluated yet, as current Nix prints it;
//!   C++ Nix 2.8 printed `<CODE>`), `«potential infinite
//!   recursion»` (a value being evaluated).
//!
//! # «repeated»
//!
//! Like C++ Nix, a container printed once is printed as `«repeated»` when
//! it is met again, anywhere later in the output (not only on the current
//! path). Empty sets and lists are never `«repeated»`. What counts as "the
//! same" follows C++ Nix, where a set is identified by its (shared)
//! attribute storage and a list by the memory cell holding the list value:
//!
//! - a non-empty set is identified by its storage: every copy of it is the
//!   same set;
//! - a non-empty list reached through a thunk is identified by that thunk;
//!   a list stored directly in its parent by the list itself. So a list
//!   computed by an expression is a new list even if the expression
//!   returned an existing one: `let x = [ x ]; in x` prints as
//!   `[ [ «repeated» ] ]`, exactly as C++ Nix prints it.

use crate::value::{
    is_bare_identifier, write_nix_string_literal, NixString, Thunk, ThunkRepr, Value,
};
use std::collections::HashSet;
use std::fmt::Write as _;
use std::rc::Rc;

/// `value` as `nix-instantiate --eval` prints it (without the newline).
pub fn print_value(value: &Value) -> Vec<u8> {
    let mut out = Vec::new();
    print_value_to(&mut out, value);
    out
}

/// Appends the printed form of `value` (see [`print_value`]) to `out`.
pub fn print_value_to(out: &mut Vec<u8>, value: &Value) {
    enum Task {
        /// A value, with the thunk it was reached through (if any).
        Value(Value, Option<usize>),
        /// `NAME = ` of an attribute.
        Name(NixString),
        Text(&'static [u8]),
    }

    let mut seen: HashSet<usize> = HashSet::new();
    let mut work = vec![Task::Value(value.clone(), None)];
    while let Some(task) = work.pop() {
        let (value, via_thunk) = match task {
            Task::Text(text) => {
                out.extend_from_slice(text);
                continue;
            }
            Task::Name(name) => {
                write_attr_name(out, name.as_bytes());
                out.extend_from_slice(b" = ");
                continue;
            }
            Task::Value(value, via_thunk) => (value, via_thunk),
        };
        match value {
            Value::Null => out.extend_from_slice(b"null"),
            Value::Bool(true) => out.extend_from_slice(b"true"),
            Value::Bool(false) => out.extend_from_slice(b"false"),
            Value::Integer(i) => {
                let _ = write!(ByteWriter(out), "{i}");
            }
            Value::Float(f) => out.extend_from_slice(format_float(f).as_bytes()),
            Value::String(s) => write_nix_string_literal(out, s.as_bytes()),
            Value::Path(p) => out.extend_from_slice(p.as_os_str().as_encoded_bytes()),
            Value::Closure(_) => out.extend_from_slice(b"<LAMBDA>"),
            Value::Builtin(b) if b.applied().is_empty() => out.extend_from_slice(b"<PRIMOP>"),
            Value::Builtin(_) => out.extend_from_slice(b"<PRIMOP-APP>"),
            Value::Thunk(thunk) => match thunk_state(&thunk) {
                ThunkState::Evaluated(inner) => {
                    work.push(Task::Value(inner, Some(thunk_identity(&thunk))))
                }
                ThunkState::Blackhole => {
                    out.extend_from_slice("«potential infinite recursion»".as_bytes())
                }
                ThunkState::Pending => out.extend_from_slice("«thunk»".as_bytes()),
            },
            Value::Attrs(attrs) => {
                if !attrs.is_empty() && !seen.insert(attrs.identity()) {
                    out.extend_from_slice("«repeated»".as_bytes());
                    continue;
                }
                out.extend_from_slice(b"{ ");
                work.push(Task::Text(b"}"));
                for (name, value) in attrs.iter().rev() {
                    work.push(Task::Text(b"; "));
                    work.push(Task::Value(value.clone(), None));
                    work.push(Task::Name(name.clone()));
                }
            }
            Value::List(list) => {
                if !list.is_empty() && !seen.insert(via_thunk.unwrap_or_else(|| list.identity())) {
                    out.extend_from_slice("«repeated»".as_bytes());
                    continue;
                }
                out.extend_from_slice(b"[ ");
                work.push(Task::Text(b"]"));
                for value in list.iter().rev() {
                    work.push(Task::Text(b" "));
                    work.push(Task::Value(value.clone(), None));
                }
            }
        }
    }
}

/// How much of a value an error message shows, in bytes.
const ERROR_VALUE_LIMIT: usize = 1024;

/// `value` printed for an error message (`expected a string but found a
/// set: { a = 1; }`): as [`print_value`] prints it, cut short with `…`
/// when long.
pub fn print_value_for_error(value: &Value) -> String {
    let printed = print_value(value);
    let text = String::from_utf8_lossy(&printed);
    if text.len() <= ERROR_VALUE_LIMIT {
        return text.into_owned();
    }
    let mut end = ERROR_VALUE_LIMIT;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &text[..end])
}

/// Writes an attribute name: bare if it is an identifier, else quoted.
pub fn write_attr_name(out: &mut Vec<u8>, name: &[u8]) {
    // `or` is a keyword only in `a.b or c`; C++ Nix prints it bare.
    if name == b"or" || is_bare_identifier(name) {
        out.extend_from_slice(name);
    } else {
        write_nix_string_literal(out, name);
    }
}

enum ThunkState {
    Evaluated(Value),
    Blackhole,
    Pending,
}

fn thunk_state(thunk: &Thunk) -> ThunkState {
    match &*thunk.repr() {
        ThunkRepr::Evaluated(v) => ThunkState::Evaluated(v.clone()),
        ThunkRepr::Blackhole => ThunkState::Blackhole,
        ThunkRepr::Suspended { .. } | ThunkRepr::Apply { .. } | ThunkRepr::Placeholder => {
            ThunkState::Pending
        }
    }
}

fn thunk_identity(thunk: &Thunk) -> usize {
    Rc::as_ptr(&thunk.0) as *const () as usize
}

/// `fmt::Write` into a byte buffer.
struct ByteWriter<'a>(&'a mut Vec<u8>);

impl std::fmt::Write for ByteWriter<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.extend_from_slice(s.as_bytes());
        Ok(())
    }
}

/// A float as C++ Nix prints it (a C++ stream's default format, which is
/// `printf("%g")`): six significant digits; fixed notation when the
/// decimal exponent is in `-4..6`, else scientific with a sign and at least
/// two exponent digits; trailing zeros (and a trailing point) removed.
/// `1.0` → `1`, `123456789.0` → `1.23457e+08`, `1.5e-7` → `1.5e-07`,
/// `0.0001` → `0.0001`, `-0.0` → `-0`, infinities `inf`/`-inf`, NaN
/// `nan`/`-nan` by its sign bit.
pub fn format_float(x: f64) -> String {
    const PRECISION: i32 = 6;
    if x.is_nan() {
        return if x.is_sign_negative() { "-nan" } else { "nan" }.to_string();
    }
    if x.is_infinite() {
        return if x < 0.0 { "-inf" } else { "inf" }.to_string();
    }
    if x == 0.0 {
        return if x.is_sign_negative() { "-0" } else { "0" }.to_string();
    }
    // Rounded to PRECISION significant digits, to learn the exponent.
    let scientific = format!("{:.*e}", (PRECISION - 1) as usize, x);
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((&scientific, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    if !(-4..PRECISION).contains(&exponent) {
        let sign = if exponent < 0 { '-' } else { '+' };
        format!(
            "{}e{sign}{:02}",
            strip_fraction_zeros(mantissa),
            exponent.abs()
        )
    } else {
        let fixed = format!("{:.*}", (PRECISION - 1 - exponent) as usize, x);
        strip_fraction_zeros(&fixed).to_string()
    }
}

fn strip_fraction_zeros(s: &str) -> &str {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.')
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::errors::ErrorKind;
    use crate::output::json::{format_json_float, to_json};
    use crate::value::{Builtin, BuiltinDef, NixAttrs, NixList};

    fn p(v: &Value) -> String {
        String::from_utf8(print_value(v)).unwrap()
    }

    fn attrs(entries: &[(&str, Value)]) -> Value {
        Value::Attrs(
            entries
                .iter()
                .map(|(k, v)| (NixString::from(*k), v.clone()))
                .collect(),
        )
    }

    fn list(values: &[Value]) -> Value {
        Value::List(NixList::from(values.to_vec()))
    }

    fn evaluated(v: Value) -> Value {
        Value::Thunk(Thunk::evaluated(v))
    }

    fn builtin(applied: usize) -> Value {
        let def = Rc::new(BuiltinDef::plain("map", "", |_: (Value, Value)| {
            Ok(Value::Null)
        }));
        let mut b = Builtin::new(def);
        b.args = vec![Value::Null; applied];
        Value::Builtin(Rc::new(b))
    }

    #[test]
    fn scalars() {
        assert_eq!(p(&Value::Null), "null");
        assert_eq!(p(&Value::Bool(true)), "true");
        assert_eq!(p(&Value::Bool(false)), "false");
        assert_eq!(p(&Value::Integer(-42)), "-42");
        assert_eq!(p(&Value::Integer(i64::MIN)), "-9223372036854775808");
        assert_eq!(p(&Value::Float(1.5)), "1.5");
        assert_eq!(p(&Value::path("/a/b")), "/a/b");
        assert_eq!(p(&builtin(0)), "<PRIMOP>");
        assert_eq!(p(&builtin(1)), "<PRIMOP-APP>");
    }

    #[test]
    fn strings() {
        assert_eq!(
            p(&Value::from("a\"b\\c\nd\re\tf${g}$h$")),
            r#""a\"b\\c\nd\re\tf\${g}$h$""#
        );
        let raw = Value::String(NixString::new(vec![b'"', 0xff, 0x01, b'"']));
        assert_eq!(print_value(&raw), b"\"\\\"\xff\x01\\\"\"");
    }

    #[test]
    fn floats_like_cpp_streams() {
        let cases: &[(f64, &str)] = &[
            (1.0, "1"),
            (0.1, "0.1"),
            (1e20, "1e+20"),
            (1.5e-7, "1.5e-07"),
            (123456789.0, "1.23457e+08"),
            (1234567.0, "1.23457e+06"),
            (100000.0, "100000"),
            (1000000.0, "1e+06"),
            (999999.5, "1e+06"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (0.00001234567, "1.23457e-05"),
            (1.23456789, "1.23457"),
            (-0.01, "-0.01"),
            (5e22, "5e+22"),
            (6.626e-34, "6.626e-34"),
            (9224617.445991228, "9.22462e+06"),
            (1e-300, "1e-300"),
            (1e100, "1e+100"),
            (0.0, "0"),
            (-0.0, "-0"),
            (3.4, "3.4"),
            (f64::INFINITY, "inf"),
            (f64::NEG_INFINITY, "-inf"),
            (f64::NAN, "nan"),
            (-f64::NAN, "-nan"),
        ];
        for (x, want) in cases {
            assert_eq!(format_float(*x), *want, "{x:e}");
        }
    }

    #[test]
    fn json_floats_like_nlohmann() {
        let cases: &[(f64, &str)] = &[
            (1.0, "1.0"),
            (1.44, "1.44"),
            (0.1, "0.1"),
            (-2.5, "-2.5"),
            (1e20, "1e+20"),
            (1e14, "100000000000000.0"),
            (123456789012345.6, "123456789012345.6"),
            (1e15, "1e+15"),
            (1.5e15, "1.5e+15"),
            (123456789.0, "123456789.0"),
            (1.0 / 3.0, "0.3333333333333333"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (1.5e-7, "1.5e-07"),
            (1.25e-100, "1.25e-100"),
            (0.0, "0.0"),
            (-0.0, "-0.0"),
            (5e-324, "5e-324"),
            (f64::INFINITY, "null"),
            (f64::NAN, "null"),
        ];
        for (x, want) in cases {
            assert_eq!(format_json_float(*x), *want, "{x:e}");
        }
    }

    #[test]
    fn containers() {
        assert_eq!(p(&list(&[])), "[ ]");
        assert_eq!(p(&attrs(&[])), "{ }");
        let v = attrs(&[
            ("b", attrs(&[("c", Value::Integer(2))])),
            ("a", list(&[Value::Integer(1), Value::from("x"), list(&[])])),
            ("b c", Value::Null),
            ("if", Value::Null),
            ("or", Value::Null),
            ("a'-_", Value::Null),
            ("", Value::Null),
            ("1a", Value::Null),
            ("${", Value::Null),
        ]);
        assert_eq!(
            p(&v),
            r#"{ "" = null; "\${" = null; "1a" = null; a = [ 1 "x" [ ] ]; a'-_ = null; b = { c = 2; }; "b c" = null; "if" = null; or = null; }"#
        );
    }

    #[test]
    fn functions_and_thunks() {
        let pending = Value::Thunk(Thunk::placeholder());
        let blackhole = Value::Thunk(Thunk::placeholder());
        if let Value::Thunk(t) = &blackhole {
            t.set(ThunkRepr::Blackhole);
        }
        let v = list(&[pending, evaluated(Value::Integer(3)), blackhole]);
        assert_eq!(p(&v), "[ «thunk» 3 «potential infinite recursion» ]");
    }

    #[test]
    fn repeated_sets() {
        // The same set anywhere later is «repeated», also off the path.
        let inner = attrs(&[("d", list(&[]))]);
        let v = attrs(&[("a", attrs(&[("y", inner.clone())])), ("y", inner)]);
        assert_eq!(p(&v), "{ a = { y = { d = [ ]; }; }; y = «repeated»; }");
        // Empty sets are never «repeated».
        let empty = attrs(&[]);
        assert_eq!(p(&list(&[empty.clone(), empty])), "[ { } { } ]");
    }

    #[test]
    fn repeated_lists() {
        let l = list(&[Value::Integer(1)]);
        // The same list stored twice, or the same thunk twice.
        assert_eq!(p(&list(&[l.clone(), l.clone()])), "[ [ 1 ] «repeated» ]");
        let t = evaluated(l.clone());
        assert_eq!(p(&list(&[t.clone(), t])), "[ [ 1 ] «repeated» ]");
        // A list produced by another thunk is another list (as in C++).
        assert_eq!(
            p(&list(&[evaluated(l.clone()), evaluated(l)])),
            "[ [ 1 ] [ 1 ] ]"
        );
        // Empty lists are never «repeated».
        let e = list(&[]);
        assert_eq!(p(&list(&[e.clone(), e])), "[ [ ] [ ] ]");
    }

    /// `let x = [ x ]; in x`, which C++ Nix prints as `[ [ «repeated» ] ]`.
    #[test]
    fn cycles_terminate() {
        let x = Thunk::placeholder();
        let l = list(&[Value::Thunk(x.clone())]);
        x.set(ThunkRepr::Evaluated(l.clone()));
        assert_eq!(p(&l), "[ [ «repeated» ] ]");
        assert_eq!(p(&evaluated(l.clone())), "[ [ «repeated» ] ]");
        assert!(matches!(to_json(&l), Err(ErrorKind::InfiniteRecursion)));
        // Break the cycle so that the test does not leak.
        x.set(ThunkRepr::Placeholder);

        let y = Thunk::placeholder();
        let s = attrs(&[("y", Value::Thunk(y.clone()))]);
        y.set(ThunkRepr::Evaluated(s.clone()));
        assert_eq!(p(&s), "{ y = «repeated»; }");
        y.set(ThunkRepr::Placeholder);
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        const DEPTH: usize = 1_000_000;
        let mut v = Value::Integer(7);
        for i in 0..DEPTH {
            v = if i % 2 == 0 {
                Value::List(NixList::from(vec![v]))
            } else {
                Value::Attrs(NixAttrs::from_iter([(NixString::from("a"), evaluated(v))]))
            };
        }
        let printed = print_value(&v);
        assert_eq!(
            printed.len(),
            DEPTH / 2 * "[ ".len()
                + DEPTH / 2 * "{ a = ".len()
                + 1
                + DEPTH / 2 * (" ]".len() + "; }".len())
        );
        assert!(printed.starts_with(b"{ a = [ { a = [ "));
        assert!(printed.ends_with(b" ]; } ]; }"));
        let json = to_json(&v).unwrap();
        assert!(json.starts_with(r#"{"a":[{"a":["#));
        assert_eq!(
            json.len(),
            DEPTH / 2 * (r#"{"a":"#.len() + 1) + 1 + DEPTH / 2 * 2
        );
        drop(v);

        let mut l = Value::List(NixList::new());
        for _ in 0..DEPTH {
            l = Value::List(NixList::from(vec![l]));
        }
        let printed = print_value(&l);
        assert_eq!(printed.len(), DEPTH * 4 + 3);
        drop(l);
    }

    #[test]
    fn json() {
        let v = attrs(&[
            (
                "b",
                list(&[
                    Value::Integer(1),
                    Value::Float(1.0),
                    Value::Null,
                    Value::Bool(false),
                ]),
            ),
            (
                "a",
                Value::from("q\"\\/\u{8}\u{c}\n\r\t\u{1}\u{1f}\u{7f}é\u{2028}"),
            ),
            ("c", attrs(&[])),
            ("d", list(&[])),
            ("e", Value::path("/x/y")),
            ("f", evaluated(Value::Integer(2))),
        ]);
        assert_eq!(
            to_json(&v).unwrap(),
            "{\"a\":\"q\\\"\\\\/\\b\\f\\n\\r\\t\\u0001\\u001f\u{7f}é\u{2028}\",\"b\":[1,1.0,null,false],\"c\":{},\"d\":[],\"e\":\"/x/y\",\"f\":2}"
        );
        // outPath stands for its set.
        let drv = attrs(&[
            ("outPath", Value::from("/nix/store/x")),
            ("type", Value::from("derivation")),
        ]);
        assert_eq!(to_json(&list(&[drv])).unwrap(), r#"["/nix/store/x"]"#);
        // Shared values are written each time.
        let shared = list(&[Value::Integer(1)]);
        assert_eq!(
            to_json(&list(&[shared.clone(), shared])).unwrap(),
            "[[1],[1]]"
        );
    }

    #[test]
    fn json_errors() {
        let err = |v: &Value| to_json(v).unwrap_err().to_string();
        assert_eq!(
            err(&builtin(0)),
            "cannot convert the built-in function 'map' to JSON"
        );
        assert_eq!(
            err(&list(&[builtin(1)])),
            "cannot convert the partially applied built-in function 'map' to JSON"
        );
        // Thunks are evaluated: one that cannot be is an error.
        assert_eq!(
            err(&attrs(&[("a", Value::Thunk(Thunk::placeholder()))])),
            "infinite recursion encountered"
        );
        assert!(err(&Value::String(NixString::new(vec![0xff, 0xfe])))
            .ends_with("invalid UTF-8 byte at index 0: 0xFF"));
        assert!(err(&Value::String(NixString::new(vec![b'a', 0xc3, b'('])))
            .ends_with("invalid UTF-8 byte at index 2: 0x28"));
        assert!(err(&Value::String(NixString::new(vec![b'a', 0xe2, 0x82])))
            .ends_with("incomplete UTF-8 string; last byte: 0x82"));
    }
}
