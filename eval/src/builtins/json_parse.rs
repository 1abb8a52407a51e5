//! The JSON parser behind `builtins.fromJSON`: strict JSON, building
//! Nix values directly with an explicit stack of open containers, so a
//! document nested a million levels deep parses without growing the
//! Rust stack.
//!
//! Numbers follow C++ Nix (nlohmann::json): integers that fit 64 bits
//! are integers, other numbers floats, and a float overflow is an error;
//! integers beyond `2^63` and strings with NUL bytes are errors (as in
//! newer C++ Nix; 2.8 wrapped and truncated them); a repeated key keeps
//! its last value.

use crate::errors::{ErrorKind, FromJsonError};
use crate::value::{NixAttrs, NixList, NixString, Value};
use std::collections::HashMap;

/// A container being parsed.
enum Open {
    List(Vec<Value>),
    Object(Vec<(NixString, Value)>, NixString),
}

struct Parser<'a> {
    s: &'a [u8],
    pos: usize,
    /// Object keys seen so far, to share their storage.
    keys: HashMap<&'a [u8], NixString>,
}

impl<'a> Parser<'a> {
    fn error(&self, what: &'static str) -> ErrorKind {
        let before = &self.s[..self.pos.min(self.s.len())];
        let line = before.iter().filter(|&&c| c == b'\n').count() + 1;
        let column = before.len()
            - before
                .iter()
                .rposition(|&c| c == b'\n')
                .map_or(0, |p| p + 1)
            + 1;
        ErrorKind::FromJson(FromJsonError::Syntax {
            line,
            column,
            problem: what,
        })
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.s.get(self.pos) {
            self.pos += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.s.get(self.pos).copied()
    }

    fn expect(&mut self, c: u8, what: &'static str) -> Result<(), ErrorKind> {
        self.skip_ws();
        if self.peek() == Some(c) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.error(what))
        }
    }

    fn literal(&mut self, word: &[u8], value: Value) -> Result<Value, ErrorKind> {
        if self.s[self.pos..].starts_with(word) {
            self.pos += word.len();
            Ok(value)
        } else {
            Err(self.error("invalid literal"))
        }
    }

    fn hex4(&mut self) -> Result<u32, ErrorKind> {
        let digits = self
            .s
            .get(self.pos..self.pos + 4)
            .ok_or_else(|| self.error("invalid \\u escape"))?;
        let text = std::str::from_utf8(digits).map_err(|_| self.error("invalid \\u escape"))?;
        let n = u32::from_str_radix(text, 16).map_err(|_| self.error("invalid \\u escape"))?;
        self.pos += 4;
        Ok(n)
    }

    /// A string; `self.pos` is just after the opening quote. Nix strings
    /// cannot hold NUL bytes.
    fn string_bytes(&mut self) -> Result<Vec<u8>, ErrorKind> {
        let bytes = self.raw_string_bytes()?;
        if bytes.contains(&0) {
            let shown = String::from_utf8_lossy(&bytes).replace('\0', "\u{2400}");
            return Err(ErrorKind::FromJson(FromJsonError::NullByte(shown)));
        }
        Ok(bytes)
    }

    fn raw_string_bytes(&mut self) -> Result<Vec<u8>, ErrorKind> {
        let mut out = Vec::new();
        loop {
            let start = self.pos;
            while let Some(&c) = self.s.get(self.pos) {
                if c == b'"' || c == b'\\' || c < 0x20 {
                    break;
                }
                self.pos += 1;
            }
            out.extend_from_slice(&self.s[start..self.pos]);
            match self.peek() {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.pos += 1;
                    let c = self
                        .peek()
                        .ok_or_else(|| self.error("unterminated string"))?;
                    self.pos += 1;
                    match c {
                        b'"' | b'\\' | b'/' => out.push(c),
                        b'b' => out.push(8),
                        b'f' => out.push(12),
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'u' => {
                            let mut code = self.hex4()?;
                            if (0xD800..0xDC00).contains(&code) {
                                if !self.s[self.pos..].starts_with(b"\\u") {
                                    return Err(self.error("unpaired surrogate in string"));
                                }
                                self.pos += 2;
                                let low = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&low) {
                                    return Err(self.error("unpaired surrogate in string"));
                                }
                                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
                            } else if (0xDC00..0xE000).contains(&code) {
                                return Err(self.error("unpaired surrogate in string"));
                            }
                            let ch = char::from_u32(code)
                                .ok_or_else(|| self.error("invalid \\u escape"))?;
                            let mut buf = [0u8; 4];
                            out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                        }
                        _ => return Err(self.error("invalid escape in string")),
                    }
                }
                Some(_) => return Err(self.error("control character in string")),
                None => return Err(self.error("unterminated string")),
            }
        }
    }

    fn key(&mut self) -> Result<NixString, ErrorKind> {
        self.expect(b'"', "expected a string as object key")?;
        let start = self.pos;
        let bytes = self.string_bytes()?;
        let raw = &self.s[start..self.pos - 1];
        if raw.len() == bytes.len() && raw.len() <= 64 {
            if let Some(k) = self.keys.get(raw) {
                return Ok(k.clone());
            }
            let k = NixString::new(bytes);
            if self.keys.len() < 100_000 {
                self.keys.insert(raw, k.clone());
            }
            return Ok(k);
        }
        Ok(NixString::new(bytes))
    }

    fn number(&mut self) -> Result<Value, ErrorKind> {
        let start = self.pos;
        let digits = |p: &mut Self| {
            let from = p.pos;
            while p.peek().is_some_and(|c| c.is_ascii_digit()) {
                p.pos += 1;
            }
            p.pos - from
        };
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        let int_start = self.pos;
        if digits(self) == 0 {
            return Err(self.error("invalid number"));
        }
        if self.s[int_start] == b'0' && self.pos - int_start > 1 {
            return Err(self.error("invalid number: leading zero"));
        }
        let mut is_float = false;
        if self.peek() == Some(b'.') {
            self.pos += 1;
            is_float = true;
            if digits(self) == 0 {
                return Err(self.error("invalid number"));
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            is_float = true;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            if digits(self) == 0 {
                return Err(self.error("invalid number"));
            }
        }
        let text = std::str::from_utf8(&self.s[start..self.pos]).unwrap_or("0");
        if !is_float {
            if let Ok(i) = text.parse::<i64>() {
                return Ok(Value::Integer(i));
            }
            if text.parse::<u64>().is_ok() {
                return Err(ErrorKind::FromJson(FromJsonError::UnsignedOutOfRange(
                    text.to_string(),
                )));
            }
        }
        match text.parse::<f64>() {
            Ok(f) if f.is_finite() => Ok(Value::Float(f)),
            _ => Err(ErrorKind::FromJson(FromJsonError::NumberOverflow(
                text.to_string(),
            ))),
        }
    }

    fn parse(mut self) -> Result<Value, ErrorKind> {
        let mut stack: Vec<Open> = Vec::new();
        loop {
            // Parse a value (or open a container).
            self.skip_ws();
            let c = self
                .peek()
                .ok_or_else(|| self.error("unexpected end of input"))?;
            let mut value = match c {
                b'{' => {
                    self.pos += 1;
                    self.skip_ws();
                    if self.peek() == Some(b'}') {
                        self.pos += 1;
                        Value::Attrs(NixAttrs::new())
                    } else {
                        let key = self.key()?;
                        self.expect(b':', "expected ':'")?;
                        stack.push(Open::Object(Vec::new(), key));
                        continue;
                    }
                }
                b'[' => {
                    self.pos += 1;
                    self.skip_ws();
                    if self.peek() == Some(b']') {
                        self.pos += 1;
                        Value::List(NixList::new())
                    } else {
                        stack.push(Open::List(Vec::new()));
                        continue;
                    }
                }
                b'"' => {
                    self.pos += 1;
                    Value::String(NixString::new(self.string_bytes()?))
                }
                b't' => self.literal(b"true", Value::Bool(true))?,
                b'f' => self.literal(b"false", Value::Bool(false))?,
                b'n' => self.literal(b"null", Value::Null)?,
                b'-' | b'0'..=b'9' => self.number()?,
                _ => return Err(self.error("unexpected character")),
            };
            // Add the value to the enclosing containers, closing them
            // as they end.
            loop {
                match stack.last_mut() {
                    None => {
                        self.skip_ws();
                        if self.pos != self.s.len() {
                            return Err(self.error("expected end of input"));
                        }
                        return Ok(value);
                    }
                    Some(Open::List(items)) => {
                        items.push(value);
                        self.skip_ws();
                        match self.peek() {
                            Some(b',') => {
                                self.pos += 1;
                                break;
                            }
                            Some(b']') => {
                                self.pos += 1;
                                let Some(Open::List(items)) = stack.pop() else {
                                    unreachable!()
                                };
                                value = Value::List(NixList::from(items));
                            }
                            _ => return Err(self.error("expected ',' or ']'")),
                        }
                    }
                    Some(Open::Object(entries, key)) => {
                        entries.push((key.clone(), value));
                        self.skip_ws();
                        match self.peek() {
                            Some(b',') => {
                                self.pos += 1;
                                let next = self.key()?;
                                self.expect(b':', "expected ':'")?;
                                if let Some(Open::Object(_, key)) = stack.last_mut() {
                                    *key = next;
                                }
                                break;
                            }
                            Some(b'}') => {
                                self.pos += 1;
                                let Some(Open::Object(entries, _)) = stack.pop() else {
                                    unreachable!()
                                };
                                value = Value::Attrs(entries.into_iter().collect());
                            }
                            _ => return Err(self.error("expected ',' or '}'")),
                        }
                    }
                }
            }
        }
    }
}

/// Parses a JSON document into a Nix value.
pub(crate) fn from_json(s: &[u8]) -> Result<Value, ErrorKind> {
    if let Err(e) = std::str::from_utf8(s) {
        return Err(ErrorKind::FromJson(FromJsonError::InvalidUtf8(
            e.valid_up_to(),
        )));
    }
    Parser {
        s,
        pos: 0,
        keys: HashMap::new(),
    }
    .parse()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Result<Value, ErrorKind> {
        from_json(s.as_bytes())
    }

    #[test]
    fn numbers() {
        assert!(matches!(parse("12").unwrap(), Value::Integer(12)));
        assert!(matches!(parse("-0").unwrap(), Value::Integer(0)));
        assert!(parse("18446744073709551615").is_err());
        assert!(matches!(
            parse("-9223372036854775808").unwrap(),
            Value::Integer(i64::MIN)
        ));
        assert!(matches!(
            parse("-9223372036854775809").unwrap(),
            Value::Float(_)
        ));
        assert!(parse("\"a\\u0000b\"").is_err());
        assert!(matches!(parse("1.5").unwrap(), Value::Float(f) if f == 1.5));
        assert!(matches!(parse("1E2").unwrap(), Value::Float(f) if f == 100.0));
        assert!(parse("1e400").is_err());
        assert!(parse("[01]").is_err());
        assert!(parse("1.").is_err());
    }

    #[test]
    fn structure_errors() {
        for bad in [
            "",
            "[1,]",
            "{\"a\" 1}",
            "[1 2]",
            "{\"a\":1,}",
            "[1] x",
            "\"\\ud800\"",
            "tru",
            "\"a",
        ] {
            assert!(parse(bad).is_err(), "{bad:?} should not parse");
        }
    }

    #[test]
    fn deep_nesting() {
        let depth = 1_000_000;
        let doc = "[".repeat(depth) + &"]".repeat(depth);
        assert!(matches!(parse(&doc).unwrap(), Value::List(_)));
    }

    #[test]
    fn escapes() {
        let v = parse(r#""a\"\\\/\n\u00e9\ud83d\ude00""#).unwrap();
        let Value::String(s) = v else { panic!() };
        assert_eq!(s.as_bytes(), "a\"\\/\né😀".as_bytes());
    }
}
