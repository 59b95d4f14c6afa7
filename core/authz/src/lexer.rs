//! Tokenizer for the policy language.

use crate::ast::Pos;

/// A token kind.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Tok {
    Ident(String),
    Str(String),
    Int(i64),
    Punct(&'static str),
    Eof,
}

/// A token with the position where it starts.
#[derive(Clone, Debug)]
pub(crate) struct Token {
    pub tok: Tok,
    pub pos: Pos,
}

const PUNCTS: &[&str] = &[
    "==", "!=", "<=", ">=", "&&", "||", "(", ")", "[", "]", "{", "}", ",", ";", ":", ".", "<", ">",
    "!", "@", "*", "-",
];

/// Splits `src` into tokens; an error carries the position and a message.
pub(crate) fn tokenize(src: &str) -> Result<Vec<Token>, (Pos, String)> {
    let chars: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let mut i = 0usize;
    let mut line = 1u32;
    let mut col = 1u32;
    while i < chars.len() {
        let c = chars[i];
        let pos = Pos { line, column: col };
        if c == '\n' {
            i += 1;
            line += 1;
            col = 1;
            continue;
        }
        if c.is_whitespace() {
            i += 1;
            col += 1;
            continue;
        }
        if c == '/' && chars.get(i + 1) == Some(&'/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
            continue;
        }
        if c.is_ascii_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            col += (i - start) as u32;
            out.push(Token {
                tok: Tok::Ident(chars[start..i].iter().collect()),
                pos,
            });
            continue;
        }
        if c.is_ascii_digit() {
            let start = i;
            while i < chars.len() && chars[i].is_ascii_digit() {
                i += 1;
            }
            col += (i - start) as u32;
            let text: String = chars[start..i].iter().collect();
            let n = text
                .parse::<i64>()
                .map_err(|_| (pos, format!("integer `{text}` is out of range")))?;
            out.push(Token {
                tok: Tok::Int(n),
                pos,
            });
            continue;
        }
        if c == '"' {
            i += 1;
            col += 1;
            let mut s = String::new();
            loop {
                let Some(&ch) = chars.get(i) else {
                    return Err((pos, "unterminated string".into()));
                };
                i += 1;
                col += 1;
                match ch {
                    '"' => break,
                    '\n' => return Err((pos, "unterminated string".into())),
                    '\\' => {
                        let Some(&e) = chars.get(i) else {
                            return Err((pos, "unterminated string".into()));
                        };
                        i += 1;
                        col += 1;
                        match e {
                            '"' => s.push('"'),
                            '\\' => s.push('\\'),
                            'n' => s.push('\n'),
                            't' => s.push('\t'),
                            other => {
                                return Err((
                                    Pos {
                                        line,
                                        column: col - 2,
                                    },
                                    format!("unknown escape `\\{other}`"),
                                ))
                            }
                        }
                    }
                    other => s.push(other),
                }
            }
            out.push(Token {
                tok: Tok::Str(s),
                pos,
            });
            continue;
        }
        let mut matched = false;
        for p in PUNCTS {
            let pc: Vec<char> = p.chars().collect();
            if chars.len() >= i + pc.len() && chars[i..i + pc.len()] == pc[..] {
                out.push(Token {
                    tok: Tok::Punct(p),
                    pos,
                });
                i += pc.len();
                col += pc.len() as u32;
                matched = true;
                break;
            }
        }
        if !matched {
            return Err((pos, format!("unexpected character `{c}`")));
        }
    }
    out.push(Token {
        tok: Tok::Eof,
        pos: Pos { line, column: col },
    });
    Ok(out)
}
