//! HL7 escape sequences: decoding to plain text, decoding to tokens that re-encode exactly, and
//! encoding plain text.
//!
//! Supported: `\F\ \S\ \T\ \R\ \E\ \P\` (delimiters), `\Xhh..\` (hex bytes), `\H\ \N\`
//! (highlighting), and the formatted-text commands `\.br\ \.sp\ \.in\ \.ti\ \.sk\ \.ce\ \.fi\ \.nf\`.
//! Anything else (`\Cxxyy\`, `\Mxxyyzz\`, `\Z..\`, malformed sequences) is kept verbatim and
//! reported by [`decode_checked`].
//!
//! Plain-text decoding of formatting: `\.br\` and `\.ce\` become a line feed, `\.sp n\` n line
//! feeds (1 when n is absent), `\.sk n\` n spaces; `\H\ \N\ \.in\ \.ti\ \.fi\ \.nf\` carry no
//! text and decode to nothing. Use [`tokens`] to keep them.

use crate::delimiters::Delimiters;
use crate::Hl7Error;
use std::borrow::Cow;

/// Which delimiter an escape sequence stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Escaped {
    /// `\F\`: the field separator.
    Field,
    /// `\S\`: the component separator.
    Component,
    /// `\T\`: the subcomponent separator.
    Subcomponent,
    /// `\R\`: the repetition separator.
    Repetition,
    /// `\E\`: the escape character.
    Escape,
    /// `\P\`: the truncation character.
    Truncation,
}

/// A piece of an escaped value. Re-encoding the tokens with [`encode_tokens`] gives back the
/// original text exactly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token<'s> {
    /// Text with no escapes.
    Text(&'s str),
    /// A delimiter written as an escape.
    Delimiter(Escaped),
    /// `\H\` (true) or `\N\` (false).
    Highlight(bool),
    /// `\Xhh..\`: the hex digits as written.
    Hex(&'s str),
    /// A formatted-text command such as `.br`, `.sp3`, `.in+4`: the command and its argument.
    Format {
        /// `br`, `sp`, `in`, `ti`, `sk`, `ce`, `fi` or `nf`.
        command: &'s str,
        /// The argument as written (may be empty).
        argument: &'s str,
    },
    /// An escape sequence this library does not interpret, kept verbatim including its
    /// escape characters.
    Unknown(&'s str),
}

/// An escape sequence that was kept verbatim because it is unknown or malformed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownEscape {
    /// Byte offset of the sequence within the value.
    pub offset: usize,
    /// The sequence as written.
    pub sequence: String,
}

/// Splits an escaped value into tokens.
pub fn tokens<'s>(raw: &'s str, d: &Delimiters) -> Vec<Token<'s>> {
    let mut out = Vec::new();
    let Some(esc) = d.escape else {
        if !raw.is_empty() {
            out.push(Token::Text(raw));
        }
        return out;
    };
    let mut rest_start = 0;
    let bytes = raw.as_bytes();
    let mut i = 0;
    while i < raw.len() {
        if bytes[i] as char != esc {
            i += 1;
            continue;
        }
        if rest_start < i {
            out.push(Token::Text(&raw[rest_start..i]));
        }
        match raw[i + 1..].find(esc) {
            Some(len) => {
                let end = i + 1 + len;
                out.push(classify(&raw[i + 1..end], &raw[i..=end], d));
                i = end + 1;
            }
            None => {
                // Unterminated: keep the rest verbatim.
                out.push(Token::Unknown(&raw[i..]));
                i = raw.len();
            }
        }
        rest_start = i;
    }
    if rest_start < raw.len() {
        out.push(Token::Text(&raw[rest_start..]));
    }
    out
}

fn classify<'s>(inner: &'s str, whole: &'s str, d: &Delimiters) -> Token<'s> {
    match inner {
        "F" => return Token::Delimiter(Escaped::Field),
        "S" => return Token::Delimiter(Escaped::Component),
        "T" => return Token::Delimiter(Escaped::Subcomponent),
        "R" => return Token::Delimiter(Escaped::Repetition),
        "E" => return Token::Delimiter(Escaped::Escape),
        "P" if d.truncation.is_some() => return Token::Delimiter(Escaped::Truncation),
        "H" => return Token::Highlight(true),
        "N" => return Token::Highlight(false),
        _ => {}
    }
    if let Some(hex) = inner.strip_prefix('X') {
        if !hex.is_empty() && hex.len() % 2 == 0 && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Token::Hex(hex);
        }
    }
    if let Some(cmd) = inner.strip_prefix('.') {
        for (name, signed) in [
            ("br", None),
            ("sp", Some(false)),
            ("in", Some(true)),
            ("ti", Some(true)),
            ("sk", Some(false)),
            ("ce", None),
            ("fi", None),
            ("nf", None),
        ] {
            if let Some(arg) = cmd.strip_prefix(name) {
                if valid_argument(arg, signed) {
                    return Token::Format {
                        command: name,
                        argument: arg,
                    };
                }
            }
        }
    }
    Token::Unknown(whole)
}

fn valid_argument(arg: &str, signed: Option<bool>) -> bool {
    match signed {
        None => arg.is_empty(),
        Some(allow_sign) => {
            let digits = if allow_sign {
                arg.strip_prefix(['+', '-']).unwrap_or(arg)
            } else {
                arg.strip_prefix('+').unwrap_or(arg)
            };
            digits.bytes().all(|b| b.is_ascii_digit()) && (arg.is_empty() || !digits.is_empty())
        }
    }
}

/// Decodes an escaped value to plain text. Borrows when the value has no escape character.
pub fn decode<'s>(raw: &'s str, d: &Delimiters) -> Cow<'s, str> {
    match d.escape {
        Some(esc) if raw.contains(esc) => Cow::Owned(decode_checked(raw, d).0),
        _ => Cow::Borrowed(raw),
    }
}

/// Decodes an escaped value to plain text and lists the sequences kept verbatim.
pub fn decode_checked(raw: &str, d: &Delimiters) -> (String, Vec<UnknownEscape>) {
    let mut out = String::with_capacity(raw.len());
    let mut unknown = Vec::new();
    let mut offset = 0;
    for t in tokens(raw, d) {
        match &t {
            Token::Text(s) => out.push_str(s),
            Token::Delimiter(e) => out.push(delimiter_char(*e, d)),
            Token::Highlight(_) => {}
            Token::Hex(h) => push_hex(&mut out, h),
            Token::Format { command, argument } => {
                let n = argument
                    .trim_start_matches('+')
                    .parse::<usize>()
                    .unwrap_or(1);
                match *command {
                    "br" | "ce" => out.push('\n'),
                    "sp" => out.extend(std::iter::repeat_n('\n', n.clamp(1, 1000))),
                    "sk" => out.extend(std::iter::repeat_n(' ', n.clamp(1, 1000))),
                    _ => {}
                }
            }
            Token::Unknown(s) => {
                unknown.push(UnknownEscape {
                    offset,
                    sequence: s.to_string(),
                });
                out.push_str(s);
            }
        }
        offset += token_len(&t, d);
    }
    (out, unknown)
}

fn token_len(t: &Token<'_>, d: &Delimiters) -> usize {
    let mut s = String::new();
    write_token(&mut s, t, d);
    s.len()
}

fn delimiter_char(e: Escaped, d: &Delimiters) -> char {
    match e {
        Escaped::Field => d.field,
        Escaped::Component => d.component,
        Escaped::Subcomponent => d.subcomponent.unwrap_or('&'),
        Escaped::Repetition => d.repetition,
        Escaped::Escape => d.escape.unwrap_or('\\'),
        Escaped::Truncation => d.truncation.unwrap_or('#'),
    }
}

/// Hex bytes are read as UTF-8 when they form valid UTF-8, else as ISO 8859-1.
fn push_hex(out: &mut String, hex: &str) {
    let bytes: Vec<u8> = hex
        .as_bytes()
        .chunks(2)
        .filter_map(|p| u8::from_str_radix(std::str::from_utf8(p).ok()?, 16).ok())
        .collect();
    match std::str::from_utf8(&bytes) {
        Ok(s) => out.push_str(s),
        Err(_) => out.extend(bytes.iter().map(|&b| char::from(b))),
    }
}

/// Re-encodes tokens to escaped text.
pub fn encode_tokens(tokens: &[Token<'_>], d: &Delimiters) -> String {
    let mut out = String::new();
    for t in tokens {
        write_token(&mut out, t, d);
    }
    out
}

fn write_token(out: &mut String, t: &Token<'_>, d: &Delimiters) {
    let esc = d.escape.unwrap_or('\\');
    match t {
        Token::Text(s) | Token::Unknown(s) => out.push_str(s),
        Token::Delimiter(e) => {
            out.push(esc);
            out.push(match e {
                Escaped::Field => 'F',
                Escaped::Component => 'S',
                Escaped::Subcomponent => 'T',
                Escaped::Repetition => 'R',
                Escaped::Escape => 'E',
                Escaped::Truncation => 'P',
            });
            out.push(esc);
        }
        Token::Highlight(on) => {
            out.push(esc);
            out.push(if *on { 'H' } else { 'N' });
            out.push(esc);
        }
        Token::Hex(h) => {
            out.push(esc);
            out.push('X');
            out.push_str(h);
            out.push(esc);
        }
        Token::Format { command, argument } => {
            out.push(esc);
            out.push('.');
            out.push_str(command);
            out.push_str(argument);
            out.push(esc);
        }
    }
}

/// Escapes plain text so it can be written as a value: delimiters become `\F\ \S\ \T\ \R\ \E\`
/// (and `\P\` when a truncation character is defined), a line feed becomes `\.br\` and a carriage
/// return `\X0D\`, so that `decode(encode(s)) == s` for every `s`.
///
/// Fails when the text needs escaping but the delimiters have no escape character.
pub fn encode<'s>(text: &'s str, d: &Delimiters) -> Result<Cow<'s, str>, Hl7Error> {
    let special = |c: char| {
        c == d.field
            || c == d.component
            || c == d.repetition
            || Some(c) == d.escape
            || Some(c) == d.subcomponent
            || Some(c) == d.truncation
            || c == '\n'
            || c == '\r'
    };
    if !text.contains(special) {
        return Ok(Cow::Borrowed(text));
    }
    let Some(esc) = d.escape else {
        return Err(Hl7Error::Encode {
            reason: "the text holds a delimiter or line break but the message defines no escape character".into(),
        });
    };
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        let code = if c == d.field {
            "F"
        } else if c == d.component {
            "S"
        } else if c == d.repetition {
            "R"
        } else if c == esc {
            "E"
        } else if Some(c) == d.subcomponent {
            "T"
        } else if Some(c) == d.truncation {
            "P"
        } else if c == '\n' {
            ".br"
        } else if c == '\r' {
            "X0D"
        } else {
            out.push(c);
            continue;
        };
        out.push(esc);
        out.push_str(code);
        out.push(esc);
    }
    Ok(Cow::Owned(out))
}
