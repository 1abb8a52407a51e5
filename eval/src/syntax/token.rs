//! Tokens of the Nix language: their kinds, byte spans, and the names
//! syntax errors use for them (those of C++ Nix's parser where it has
//! one: `'if'`, `identifier`, `'~/…' path`, ...).

/// A byte range of the source, `start..end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct Span {
    /// Byte offset of the first character.
    pub start: u32,
    /// Byte offset just past the last character.
    pub end: u32,
}

impl Span {
    /// The span of bytes `start..end`.
    pub fn new(start: usize, end: usize) -> Span {
        Span {
            start: start as u32,
            end: end as u32,
        }
    }

    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    /// The span as a range of byte offsets, for slicing the source.
    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    /// Its length in bytes.
    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    /// Whether it covers no bytes.
    pub fn is_empty(self) -> bool {
        self.end == self.start
    }
}

/// What a token is. Whitespace and comments are not tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum TokenKind {
    /// The keyword `if`.
    If,
    /// The keyword `then`.
    Then,
    /// The keyword `else`.
    Else,
    /// The keyword `assert`.
    Assert,
    /// The keyword `with`.
    With,
    /// The keyword `let`.
    Let,
    /// The keyword `in`.
    In,
    /// The keyword `rec`.
    Rec,
    /// The keyword `inherit`.
    Inherit,
    /// The keyword `or`.
    OrKw,
    /// `...`
    Ellipsis,
    /// `==`
    Eq,
    /// `!=`
    Neq,
    /// `<=`
    Leq,
    /// `>=`
    Geq,
    /// `&&`
    And,
    /// `||`
    Or,
    /// `->`
    Impl,
    /// `//`
    Update,
    /// `++`
    Concat,
    /// `<|`
    PipeFrom,
    /// `|>`
    PipeInto,
    /// `(`
    LParen,
    /// `)`
    RParen,
    /// `[`
    LBracket,
    /// `]`
    RBracket,
    /// `{`
    LBrace,
    /// `}`
    RBrace,
    /// `:`
    Colon,
    /// `;`
    Semicolon,
    /// `,`
    Comma,
    /// `@`
    At,
    /// `?`
    Question,
    /// `.`
    Dot,
    /// `=`
    Assign,
    /// `+`
    Plus,
    /// `-`
    Minus,
    /// `*`
    Star,
    /// `/` (division; a slash between names makes a path).
    Slash,
    /// `<`
    Less,
    /// `>`
    Greater,
    /// `!`
    Not,
    /// An identifier: a variable or attribute name such as `foo'-bar_2`.
    Ident,
    /// An integer literal.
    Int,
    /// A float literal.
    Float,
    /// An unquoted URL such as `http://example.org`.
    Uri,
    /// `<nixpkgs/lib>`
    SearchPath,
    /// The first piece of a path literal (`./a/b`, `/etc`, `a/` before
    /// `${`): absolute or relative. Always followed by pieces and
    /// interpolations, then [`TokenKind::PathEnd`].
    Path,
    /// The first piece of a `~/` path literal.
    HomePath,
    /// A piece of a path literal after an interpolation.
    PathPiece,
    /// The end of a path literal (empty span).
    PathEnd,
    /// `${`
    DollarCurly,
    /// `"`, opening or closing a string.
    Quote,
    /// Text of a `"` string, escapes still in it.
    StrText,
    /// `''` opening an indented string (with the spaces and newline that
    /// follow it on its line).
    IndOpen,
    /// Text of an indented string whose indentation is stripped.
    IndText,
    /// Text of an indented string that ends its line's indentation:
    /// `''$`, `'''`, `''\x`, or a lone `$` or `'`.
    IndEscape,
    /// `''` closing an indented string.
    IndClose,
    /// A character no rule matches (`$`, `%`, `&`, `|`, `~`, ...).
    Unknown,
    /// Where the lexer found an error (an unterminated comment, a path
    /// ending in a slash); the message is in the lexer's errors.
    Error,
    /// The end of the source (empty span); always the last token.
    Eof,
}

impl TokenKind {
    /// The name of the token in syntax errors.
    pub fn describe(self) -> &'static str {
        use TokenKind::*;
        match self {
            If => "'if'",
            Then => "'then'",
            Else => "'else'",
            Assert => "'assert'",
            With => "'with'",
            Let => "'let'",
            In => "'in'",
            Rec => "'rec'",
            Inherit => "'inherit'",
            OrKw => "'or'",
            Ellipsis => "'...'",
            Eq => "'=='",
            Neq => "'!='",
            Leq => "'<='",
            Geq => "'>='",
            And => "'&&'",
            Or => "'||'",
            Impl => "'->'",
            Update => "'//'",
            Concat => "'++'",
            PipeFrom => "'<|'",
            PipeInto => "'|>'",
            LParen => "'('",
            RParen => "')'",
            LBracket => "'['",
            RBracket => "']'",
            LBrace => "'{'",
            RBrace => "'}'",
            Colon => "':'",
            Semicolon => "';'",
            Comma => "','",
            At => "'@'",
            Question => "'?'",
            Dot => "'.'",
            Assign => "'='",
            Plus => "'+'",
            Minus => "'-'",
            Star => "'*'",
            Slash => "'/'",
            Less => "'<'",
            Greater => "'>'",
            Not => "'!'",
            Ident => "identifier",
            Int => "integer",
            Float => "floating-point literal",
            Uri => "URI",
            SearchPath => "'<…>' path",
            Path => "path",
            HomePath => "'~/…' path",
            PathPiece => "path",
            PathEnd => "end of path",
            DollarCurly => "'${'",
            Quote => "'\"'",
            StrText | IndText | IndEscape => "string",
            IndOpen => "start of an indented string",
            IndClose => "end of an indented string",
            Unknown => "invalid token",
            Error => "invalid token",
            Eof => "end of file",
        }
    }
}

/// A token: its kind and where it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// What the token is.
    pub kind: TokenKind,
    /// Where it is in the source.
    pub span: Span,
}
