//! The lexer: Nix source to tokens, with the rules of C++ Nix's flex
//! lexer. Written by hand because the token boundaries are part of the
//! language: the longest match wins among all rules (`1/2` is a path,
//! `a->b` is `a-` `>` `b`, `x.5` is `x` `.5`), and strings, indented
//! strings and paths are lexed in modes of their own that nest through
//! `${ }`. The lexer keeps a stack of modes as flex keeps its stack of
//! start conditions; `{` and `${` push the default mode and `}` pops it.
//!
//! It works on bytes and makes one pass; whitespace and comments are
//! skipped. Errors (an unterminated comment, a path ending in a slash)
//! become an [`TokenKind::Error`] token and a message.

use super::token::{Span, Token, TokenKind};
use super::SyntaxError;

/// The tokens of a source, ending with [`TokenKind::Eof`], and the
/// lexer's errors.
pub struct Lexed {
    /// The tokens, in source order.
    pub tokens: Vec<Token>,
    /// Errors such as an unterminated comment, each with an [`TokenKind::Error`] token.
    pub errors: Vec<SyntaxError>,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Mode {
    Default,
    /// Inside `"..."`.
    Str,
    /// Inside `''...''`.
    IndStr,
    /// Inside a path literal, after a piece not ending in `/`.
    InPath,
    /// Inside a path literal, right after a `/`: the path may not end here.
    InPathSlash,
}

/// Splits `source` into tokens.
pub fn lex(source: &str) -> Lexed {
    let mut lexer = Lexer::new(source);
    lexer.tokens.reserve(source.len() / 5 + 16);
    lexer.fill(usize::MAX);
    Lexed {
        tokens: lexer.tokens,
        errors: lexer.errors,
    }
}

/// The lexer's state: it makes tokens as they are asked for
/// ([`Lexer::fill`]), so that the parser needs no vector of all tokens.
pub struct Lexer<'s> {
    src: &'s [u8],
    pos: usize,
    modes: Vec<Mode>,
    /// Tokens made and not taken yet; the last is [`TokenKind::Eof`]
    /// once the end is reached.
    pub(super) tokens: Vec<Token>,
    done: bool,
    pub(super) errors: Vec<SyntaxError>,
}

// Character classes, one bit each, looked up in a table.
const PATH: u8 = 1;
const IDENT_START: u8 = 2;
const IDENT: u8 = 4;
const URI: u8 = 8;
/// Text of a `"` string that needs no attention (not `"`, `\\`, `$`).
const STR_PLAIN: u8 = 16;
/// Text of a `''` string that needs no attention (not `'`, `$`).
const IND_PLAIN: u8 = 32;
const SPACE: u8 = 64;

const fn classes() -> [u8; 256] {
    let mut table = [0u8; 256];
    let mut b = 0usize;
    while b < 256 {
        let c = b as u8;
        let mut class = 0;
        let alnum = c.is_ascii_alphanumeric();
        if alnum || matches!(c, b'.' | b'_' | b'-' | b'+') {
            class |= PATH;
        }
        if c.is_ascii_alphabetic() || c == b'_' {
            class |= IDENT_START;
        }
        if alnum || matches!(c, b'_' | b'\'' | b'-') {
            class |= IDENT;
        }
        if alnum
            || matches!(
                c,
                b'%' | b'/'
                    | b'?'
                    | b':'
                    | b'@'
                    | b'&'
                    | b'='
                    | b'+'
                    | b'$'
                    | b','
                    | b'-'
                    | b'_'
                    | b'.'
                    | b'!'
                    | b'~'
                    | b'*'
                    | b'\''
            )
        {
            class |= URI;
        }
        if !matches!(c, b'"' | b'\\' | b'$') {
            class |= STR_PLAIN;
        }
        if !matches!(c, b'\'' | b'$') {
            class |= IND_PLAIN;
        }
        if matches!(c, b' ' | b'\t' | b'\r' | b'\n') {
            class |= SPACE;
        }
        table[b] = class;
        b += 1;
    }
    table
}

static CLASSES: [u8; 256] = classes();

#[inline(always)]
fn is(b: u8, class: u8) -> bool {
    CLASSES[b as usize] & class != 0
}

/// `[a-zA-Z0-9._+-]`: the characters of path segments.
#[inline(always)]
fn is_path_char(b: u8) -> bool {
    is(b, PATH)
}

#[inline(always)]
fn is_ident_start(b: u8) -> bool {
    is(b, IDENT_START)
}

#[inline(always)]
fn is_ident_char(b: u8) -> bool {
    is(b, IDENT)
}

#[inline(always)]
fn is_uri_char(b: u8) -> bool {
    is(b, URI)
}

/// The keyword spelled `word`, if it is one.
pub fn keyword(word: &[u8]) -> Option<TokenKind> {
    Some(match word {
        b"if" => TokenKind::If,
        b"then" => TokenKind::Then,
        b"else" => TokenKind::Else,
        b"assert" => TokenKind::Assert,
        b"with" => TokenKind::With,
        b"let" => TokenKind::Let,
        b"in" => TokenKind::In,
        b"rec" => TokenKind::Rec,
        b"inherit" => TokenKind::Inherit,
        b"or" => TokenKind::OrKw,
        _ => return None,
    })
}

impl<'s> Lexer<'s> {
    #[inline]
    fn at(&self, i: usize) -> u8 {
        // NUL never starts or continues a token, so it stands for the end.
        self.src.get(i).copied().unwrap_or(0)
    }

    fn at_end(&self, i: usize) -> bool {
        i >= self.src.len()
    }

    #[inline]
    fn push(&mut self, kind: TokenKind, start: usize, end: usize) {
        self.tokens.push(Token {
            kind,
            span: Span::new(start, end),
        });
    }

    /// Reports an error; `at_end` when more source could mend it.
    fn error(&mut self, start: usize, end: usize, message: &str, at_end: bool) {
        let mut error = SyntaxError::syntax(Span::new(start, end), message.to_string());
        error.at_end = at_end;
        self.errors.push(error);
    }

    fn mode(&self) -> Mode {
        self.modes.last().copied().unwrap_or(Mode::Default)
    }

    /// A lexer at the start of `source`.
    pub fn new(source: &'s str) -> Self {
        Lexer {
            src: source.as_bytes(),
            pos: 0,
            modes: vec![Mode::Default],
            tokens: Vec::new(),
            done: false,
            errors: Vec::new(),
        }
    }

    /// Makes tokens until [`Lexer::tokens`] holds `len` of them, or the
    /// last one is the end of the file.
    pub(super) fn fill(&mut self, len: usize) {
        while self.tokens.len() < len && !self.done {
            let more = match self.mode() {
                Mode::Default => self.default_token(),
                Mode::Str => self.string_token(),
                Mode::IndStr => self.ind_string_token(),
                mode @ (Mode::InPath | Mode::InPathSlash) => self.path_token(mode),
            };
            if !more {
                self.done = true;
                let end = self.src.len();
                self.push(TokenKind::Eof, end, end);
            }
        }
    }

    /// Makes no more tokens: the only one left is the end of the file.
    pub(super) fn stop(&mut self) {
        let end = self.src.len();
        self.tokens.clear();
        self.push(TokenKind::Eof, end, end);
        self.done = true;
    }

    /// The errors found so far.
    pub fn errors(&self) -> &[SyntaxError] {
        &self.errors
    }

    /// Skips whitespace and comments; false at the end of the source.
    fn skip_trivia(&mut self) -> bool {
        loop {
            match self.at(self.pos) {
                b' ' | b'\t' | b'\r' | b'\n' => {
                    self.pos = self.scan(self.pos + 1, |b| is(b, SPACE));
                }
                b'#' => {
                    let rest = &self.src[self.pos..];
                    let len = rest
                        .iter()
                        .position(|&b| b == b'\n' || b == b'\r')
                        .unwrap_or(rest.len());
                    self.pos += len;
                }
                b'/' if self.at(self.pos + 1) == b'*' => {
                    let body = &self.src[self.pos + 2..];
                    match body.windows(2).position(|w| w == b"*/") {
                        Some(i) => self.pos += 2 + i + 2,
                        None => {
                            let (start, end) = (self.pos, self.src.len());
                            self.push(TokenKind::Error, start, end);
                            self.error(start, end, "unterminated comment", true);
                            self.pos = end;
                            return false;
                        }
                    }
                }
                _ => return !self.at_end(self.pos),
            }
        }
    }

    /// One token in the default mode; false at the end of the source.
    fn default_token(&mut self) -> bool {
        if !self.skip_trivia() {
            return false;
        }
        let start = self.pos;
        let c = self.at(start);
        // The common cases first: a name or a number not followed by
        // anything that could make it a path or a URI.
        if is_ident_start(c) {
            let end = self.scan(start + 1, is_ident_char);
            if !matches!(self.at(end), b'/' | b':' | b'.' | b'+') {
                let kind = keyword(&self.src[start..end]).unwrap_or(TokenKind::Ident);
                self.push(kind, start, end);
                self.pos = end;
                return true;
            }
        } else if c.is_ascii_digit() {
            let end = self.scan(start + 1, |b| b.is_ascii_digit());
            let next = self.at(end);
            if !is_path_char(next) && next != b'/' {
                self.push(TokenKind::Int, start, end);
                self.pos = end;
                return true;
            }
        }
        match c {
            // Punctuation no longer token starts with.
            b';' => self.single(TokenKind::Semicolon, 1),
            b',' => self.single(TokenKind::Comma, 1),
            b'(' => self.single(TokenKind::LParen, 1),
            b')' => self.single(TokenKind::RParen, 1),
            b'[' => self.single(TokenKind::LBracket, 1),
            b']' => self.single(TokenKind::RBracket, 1),
            b':' => self.single(TokenKind::Colon, 1),
            b'@' => self.single(TokenKind::At, 1),
            b'?' => self.single(TokenKind::Question, 1),
            b'=' if self.at(start + 1) != b'=' => self.single(TokenKind::Assign, 1),
            b'$' if self.at(start + 1) == b'{' => {
                self.modes.push(Mode::Default);
                self.single(TokenKind::DollarCurly, 2)
            }
            b'{' => {
                self.modes.push(Mode::Default);
                self.single(TokenKind::LBrace, 1)
            }
            b'}' => {
                // The bottom of the stack stays.
                if self.modes.len() > 1 {
                    self.modes.pop();
                }
                self.single(TokenKind::RBrace, 1)
            }
            b'"' => {
                if self.plain_string(start) {
                    return true;
                }
                self.modes.push(Mode::Str);
                self.single(TokenKind::Quote, 1)
            }
            b'\'' if self.at(start + 1) == b'\'' => {
                // `''` and, if only spaces follow on its line, them and
                // the newline.
                let spaces = self.scan(start + 2, |b| b == b' ');
                let end = if self.at(spaces) == b'\n' {
                    spaces + 1
                } else {
                    start + 2
                };
                self.modes.push(Mode::IndStr);
                self.push(TokenKind::IndOpen, start, end);
                self.pos = end;
                true
            }
            _ => self.longest_match(start, c),
        }
    }

    fn single(&mut self, kind: TokenKind, len: usize) -> bool {
        let start = self.pos;
        self.push(kind, start, start + len);
        self.pos = start + len;
        true
    }

    /// The end of the run of bytes from `i` that `accept` takes.
    #[inline(always)]
    fn scan(&self, i: usize, accept: impl Fn(u8) -> bool) -> usize {
        match self.src.get(i..) {
            Some(rest) => i + rest.iter().position(|&b| !accept(b)).unwrap_or(rest.len()),
            None => i,
        }
    }

    /// The longest match among the rules that can start with `c`; on a
    /// tie, the rule listed first in C++ Nix's lexer.
    fn longest_match(&mut self, start: usize, c: u8) -> bool {
        let mut best = (0usize, TokenKind::Unknown);
        let mut path_start_only = false;
        let take = |len: usize, kind: TokenKind, best: &mut (usize, TokenKind)| {
            if len > best.0 {
                *best = (len, kind);
                true
            } else {
                false
            }
        };
        if is_ident_start(c) {
            let end = self.scan(start + 1, is_ident_char);
            let kind = keyword(&self.src[start..end]).unwrap_or(TokenKind::Ident);
            take(end - start, kind, &mut best);
        }
        if let Some((len, kind)) = self.operator(start, c) {
            take(len, kind, &mut best);
        }
        if c.is_ascii_digit() {
            let end = self.scan(start + 1, |b| b.is_ascii_digit());
            take(end - start, TokenKind::Int, &mut best);
        }
        if c.is_ascii_digit() || c == b'.' {
            take(self.float_len(start), TokenKind::Float, &mut best);
        }
        if is_path_char(c) || c == b'/' {
            // `a/${` and `./${`: the segment is the path's first piece.
            let chars = self.scan(start, is_path_char);
            if self.at(chars) == b'/' && self.at(chars + 1) == b'$' && self.at(chars + 2) == b'{' {
                let won = take(chars + 3 - start, TokenKind::Path, &mut best);
                path_start_only |= won;
            }
            if take(self.path_len(start), TokenKind::Path, &mut best) {
                path_start_only = false;
            }
        }
        if c == b'~' {
            if self.src[start..].starts_with(b"~/${") && take(4, TokenKind::HomePath, &mut best) {
                path_start_only = true;
            }
            let segments = self.segments_len(start + 1);
            if segments > 0 && take(1 + segments, TokenKind::HomePath, &mut best) {
                path_start_only = false;
            }
        }
        if c == b'<' {
            take(
                self.search_path_len(start),
                TokenKind::SearchPath,
                &mut best,
            );
        }
        if c.is_ascii_alphabetic() {
            take(self.uri_len(start), TokenKind::Uri, &mut best);
        }
        if best.0 == 0 {
            best = match single_char(c) {
                Some(kind) => (1, kind),
                // A whole character, for the message.
                None => (utf8_len(c).min(self.src.len() - start), TokenKind::Unknown),
            };
        }
        let (mut len, kind) = best;
        match kind {
            TokenKind::Path | TokenKind::HomePath => {
                if path_start_only {
                    // Only up to the slash: `${` comes next.
                    len -= 2;
                    self.modes.push(Mode::InPathSlash);
                } else if self.at(start + len - 1) == b'/' {
                    self.modes.push(Mode::InPathSlash);
                } else {
                    self.modes.push(Mode::InPath);
                }
            }
            _ => {}
        }
        self.push(kind, start, start + len);
        self.pos = start + len;
        true
    }

    /// Operators of more than one character, and `...`.
    fn operator(&self, start: usize, c: u8) -> Option<(usize, TokenKind)> {
        let next = self.at(start + 1);
        let kind = match (c, next) {
            (b'.', b'.') if self.at(start + 2) == b'.' => return Some((3, TokenKind::Ellipsis)),
            (b'=', b'=') => TokenKind::Eq,
            (b'!', b'=') => TokenKind::Neq,
            (b'<', b'=') => TokenKind::Leq,
            (b'>', b'=') => TokenKind::Geq,
            (b'&', b'&') => TokenKind::And,
            (b'|', b'|') => TokenKind::Or,
            (b'-', b'>') => TokenKind::Impl,
            (b'/', b'/') => TokenKind::Update,
            (b'+', b'+') => TokenKind::Concat,
            (b'|', b'>') => TokenKind::PipeInto,
            (b'<', b'|') => TokenKind::PipeFrom,
            _ => return None,
        };
        Some((2, kind))
    }

    /// `(([1-9][0-9]*\.[0-9]*)|(0?\.[0-9]+))([Ee][+-]?[0-9]+)?`
    fn float_len(&self, start: usize) -> usize {
        let c = self.at(start);
        let mut i;
        if (b'1'..=b'9').contains(&c) {
            i = self.scan(start + 1, |b| b.is_ascii_digit());
            if self.at(i) != b'.' {
                return 0;
            }
            i = self.scan(i + 1, |b| b.is_ascii_digit());
        } else {
            i = start;
            if c == b'0' {
                i += 1;
            }
            if self.at(i) != b'.' || !self.at(i + 1).is_ascii_digit() {
                return 0;
            }
            i = self.scan(i + 1, |b| b.is_ascii_digit());
        }
        if matches!(self.at(i), b'e' | b'E') {
            let mut j = i + 1;
            if matches!(self.at(j), b'+' | b'-') {
                j += 1;
            }
            if self.at(j).is_ascii_digit() {
                i = self.scan(j, |b| b.is_ascii_digit());
            }
        }
        i - start
    }

    /// `(\/[a-zA-Z0-9._+-]+)+\/?` from `start`, 0 if it does not match.
    fn segments_len(&self, start: usize) -> usize {
        let mut i = start;
        let mut segments = 0;
        while self.at(i) == b'/' && is_path_char(self.at(i + 1)) {
            i = self.scan(i + 1, is_path_char);
            segments += 1;
        }
        if segments == 0 {
            return 0;
        }
        if self.at(i) == b'/' {
            i += 1;
        }
        i - start
    }

    /// `[a-zA-Z0-9._+-]*(\/[a-zA-Z0-9._+-]+)+\/?`
    fn path_len(&self, start: usize) -> usize {
        let chars = self.scan(start, is_path_char);
        match self.segments_len(chars) {
            0 => 0,
            segments => chars + segments - start,
        }
    }

    /// `<[a-zA-Z0-9._+-]+(\/[a-zA-Z0-9._+-]+)*>`
    fn search_path_len(&self, start: usize) -> usize {
        let first = self.scan(start + 1, is_path_char);
        if first == start + 1 {
            return 0;
        }
        let mut i = first;
        while self.at(i) == b'/' && is_path_char(self.at(i + 1)) {
            i = self.scan(i + 1, is_path_char);
        }
        if self.at(i) == b'>' {
            i + 1 - start
        } else {
            0
        }
    }

    /// `[a-zA-Z][a-zA-Z0-9+.-]*:[a-zA-Z0-9%/?:@&=+$,_.!~*'-]+`
    fn uri_len(&self, start: usize) -> usize {
        let scheme = self.scan(start + 1, |b| {
            b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.')
        });
        if self.at(scheme) != b':' {
            return 0;
        }
        let end = self.scan(scheme + 1, is_uri_char);
        if end == scheme + 1 {
            0
        } else {
            end - start
        }
    }

    /// A string at `start` without escapes or `$` (most strings of
    /// data): its tokens, the ones the string mode would make, at once.
    /// False, and nothing made, for any other string.
    fn plain_string(&mut self, start: usize) -> bool {
        let body = start + 1;
        let Some(rest) = self.src.get(body..) else {
            return false;
        };
        let Some(len) = memchr::memchr3(b'"', b'\\', b'$', rest) else {
            return false;
        };
        let end = body + len;
        if self.src[end] != b'"' {
            return false;
        }
        self.push(TokenKind::Quote, start, body);
        if end > body {
            self.push(TokenKind::StrText, body, end);
        }
        self.push(TokenKind::Quote, end, end + 1);
        self.pos = end + 1;
        true
    }

    /// One token inside `"..."`; false at the end of the source.
    fn string_token(&mut self) -> bool {
        let start = self.pos;
        match self.at(start) {
            _ if self.at_end(start) => false,
            b'"' => {
                self.modes.pop();
                self.single(TokenKind::Quote, 1)
            }
            b'$' if self.at(start + 1) == b'{' => {
                self.modes.push(Mode::Default);
                self.single(TokenKind::DollarCurly, 2)
            }
            _ => {
                let len = self.src.len();
                let mut i = start;
                while i < len {
                    i = self.scan(i, |b| is(b, STR_PLAIN));
                    if i >= len {
                        break;
                    }
                    match self.src[i] {
                        b'"' => break,
                        b'\\' => i += 2,
                        b'$' => match self.at(i + 1) {
                            b'{' => break,
                            // A `$` right before the closing quote.
                            b'"' => i += 1,
                            b'\\' => i += 3,
                            _ => i += 2,
                        },
                        _ => i += 1,
                    }
                }
                // An escape cut off by the end of the source stays in the
                // text; the string is unterminated anyway.
                let end = i.min(len);
                self.push(TokenKind::StrText, start, end);
                self.pos = end;
                true
            }
        }
    }

    /// One token inside `''...''`; false at the end of the source.
    fn ind_string_token(&mut self) -> bool {
        let start = self.pos;
        if self.at_end(start) {
            return false;
        }
        let c = self.at(start);
        let next = self.at(start + 1);
        if c == b'\'' && next == b'\'' {
            return match self.at(start + 2) {
                b'$' | b'\'' => {
                    self.push(TokenKind::IndEscape, start, start + 3);
                    self.pos = start + 3;
                    true
                }
                b'\\' if !self.at_end(start + 3) => {
                    let end = start + 3 + utf8_len(self.at(start + 3));
                    let end = end.min(self.src.len());
                    self.push(TokenKind::IndEscape, start, end);
                    self.pos = end;
                    true
                }
                _ => {
                    self.modes.pop();
                    self.single(TokenKind::IndClose, 2)
                }
            };
        }
        if c == b'$' && next == b'{' {
            self.modes.push(Mode::Default);
            return self.single(TokenKind::DollarCurly, 2);
        }
        // A `$` or `'` that cannot start text stands alone.
        let alone = match c {
            b'$' => self.at_end(start + 1) || next == b'\'',
            b'\'' => self.at_end(start + 1) || next == b'$',
            _ => false,
        };
        if alone {
            return self.single(TokenKind::IndEscape, 1);
        }
        let len = self.src.len();
        let mut i = start;
        while i < len {
            i = self.scan(i, |b| is(b, IND_PLAIN));
            if i >= len {
                break;
            }
            match self.src[i] {
                b'$' => match self.src.get(i + 1) {
                    None | Some(b'{' | b'\'') => break,
                    Some(_) => i += 2,
                },
                b'\'' => match self.src.get(i + 1) {
                    None | Some(b'\'' | b'$') => break,
                    Some(_) => i += 2,
                },
                _ => i += 1,
            }
        }
        self.push(TokenKind::IndText, start, i);
        self.pos = i;
        true
    }

    /// One token inside a path literal.
    fn path_token(&mut self, mode: Mode) -> bool {
        let start = self.pos;
        if self.at(start) == b'$' && self.at(start + 1) == b'{' {
            self.modes.pop();
            self.modes.push(Mode::InPath);
            self.modes.push(Mode::Default);
            return self.single(TokenKind::DollarCurly, 2);
        }
        // `{PATH}|{PATH_SEG}|{PATH_CHAR}+`: path characters and slashes,
        // no two slashes in a row (a second one starts the next piece).
        let chars = self.scan(start, is_path_char);
        let mut end = chars + self.segments_len(chars);
        if end == chars && self.at(chars) == b'/' {
            end = chars + 1;
        }
        if end > start {
            self.modes.pop();
            let slash = self.at(end - 1) == b'/';
            self.modes.push(if slash {
                Mode::InPathSlash
            } else {
                Mode::InPath
            });
            self.push(TokenKind::PathPiece, start, end);
            self.pos = end;
            return true;
        }
        self.modes.pop();
        if mode == Mode::InPathSlash {
            self.error(start, start, "path has a trailing slash", false);
        }
        // The character after the path is lexed again as usual.
        self.push(TokenKind::PathEnd, start, start);
        true
    }
}

/// Operators and punctuation of one character.
fn single_char(c: u8) -> Option<TokenKind> {
    Some(match c {
        b'(' => TokenKind::LParen,
        b')' => TokenKind::RParen,
        b'[' => TokenKind::LBracket,
        b']' => TokenKind::RBracket,
        b':' => TokenKind::Colon,
        b';' => TokenKind::Semicolon,
        b',' => TokenKind::Comma,
        b'@' => TokenKind::At,
        b'?' => TokenKind::Question,
        b'.' => TokenKind::Dot,
        b'=' => TokenKind::Assign,
        b'+' => TokenKind::Plus,
        b'-' => TokenKind::Minus,
        b'*' => TokenKind::Star,
        b'/' => TokenKind::Slash,
        b'<' => TokenKind::Less,
        b'>' => TokenKind::Greater,
        b'!' => TokenKind::Not,
        _ => return None,
    })
}

/// The length of the UTF-8 character starting with `b` (1 for a byte
/// that cannot start one).
fn utf8_len(b: u8) -> usize {
    match b {
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf7 => 4,
        _ => 1,
    }
}
