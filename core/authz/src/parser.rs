//! Hand-written recursive-descent parser for the policy language (grammar in the crate docs
//! and in `docs/authz-policy.md`).

use crate::ast::{CmpOp, Combining, Expr, PolicyDocument, Pos, Rule, RuleKind, SetOp, Var};
use crate::error::{AuthzError, Location};
use crate::lexer::{tokenize, Tok, Token};
use crate::model::{AuditLevel, Obligation, MASK_KINDS};
use crate::timeutil;
use crate::value::Value;

/// Deepest nesting of expressions accepted (keeps recursion bounded on hostile input).
const MAX_DEPTH: usize = 64;

/// Parses policy text. `source` names the text in error locations (a file path, say).
pub fn parse_policies(source: &str, text: &str) -> Result<PolicyDocument, AuthzError> {
    let tokens = tokenize(text).map_err(|(pos, message)| AuthzError::Syntax {
        location: loc(source, pos),
        message,
    })?;
    let mut p = Parser {
        source,
        tokens,
        i: 0,
        depth: 0,
    };
    p.document()
}

pub(crate) fn loc(source: &str, pos: Pos) -> Location {
    Location {
        source: source.to_string(),
        line: pos.line,
        column: pos.column,
    }
}

struct Parser<'a> {
    source: &'a str,
    tokens: Vec<Token>,
    i: usize,
    depth: usize,
}

fn describe(t: &Tok) -> String {
    match t {
        Tok::Ident(s) => format!("`{s}`"),
        Tok::Str(s) => format!("string {s:?}"),
        Tok::Int(n) => format!("integer {n}"),
        Tok::Punct(p) => format!("`{p}`"),
        Tok::Eof => "end of input".to_string(),
    }
}

impl<'a> Parser<'a> {
    fn peek(&self) -> &Tok {
        self.tokens.get(self.i).map(|t| &t.tok).unwrap_or(&Tok::Eof)
    }
    fn pos(&self) -> Pos {
        self.tokens
            .get(self.i)
            .or_else(|| self.tokens.last())
            .map(|t| t.pos)
            .unwrap_or_default()
    }
    fn bump(&mut self) -> Tok {
        let t = self.peek().clone();
        if self.i < self.tokens.len() {
            self.i += 1;
        }
        t
    }
    fn err<T>(&self, message: impl Into<String>) -> Result<T, AuthzError> {
        Err(AuthzError::Syntax {
            location: loc(self.source, self.pos()),
            message: message.into(),
        })
    }
    fn invalid<T>(&self, pos: Pos, message: impl Into<String>) -> Result<T, AuthzError> {
        Err(AuthzError::Invalid {
            location: loc(self.source, pos),
            message: message.into(),
        })
    }
    fn is_punct(&self, p: &str) -> bool {
        matches!(self.peek(), Tok::Punct(q) if *q == p)
    }
    fn is_ident(&self, s: &str) -> bool {
        matches!(self.peek(), Tok::Ident(q) if q == s)
    }
    fn expect_punct(&mut self, p: &str) -> Result<(), AuthzError> {
        if self.is_punct(p) {
            self.bump();
            Ok(())
        } else {
            self.err(format!("expected `{p}`, found {}", describe(self.peek())))
        }
    }
    fn ident(&mut self, what: &str) -> Result<String, AuthzError> {
        match self.peek().clone() {
            Tok::Ident(s) => {
                self.bump();
                Ok(s)
            }
            other => self.err(format!("expected {what}, found {}", describe(&other))),
        }
    }
    fn string(&mut self, what: &str) -> Result<String, AuthzError> {
        match self.peek().clone() {
            Tok::Str(s) => {
                self.bump();
                Ok(s)
            }
            other => self.err(format!(
                "expected {what} (a string), found {}",
                describe(&other)
            )),
        }
    }

    fn document(&mut self) -> Result<PolicyDocument, AuthzError> {
        let mut doc = PolicyDocument::default();
        let mut ids = std::collections::HashSet::new();
        while *self.peek() != Tok::Eof {
            if self.is_ident("combining") {
                let pos = self.pos();
                self.bump();
                let name = self.ident("a combining algorithm")?;
                let Some(alg) = Combining::parse(&name) else {
                    return self.invalid(
                        pos,
                        format!("unknown combining algorithm `{name}` (deny_overrides, permit_overrides, first_applicable)"),
                    );
                };
                if doc.combining.is_some() || !doc.rules.is_empty() {
                    return self.invalid(pos, "`combining` must come once, before the rules");
                }
                doc.combining = Some(alg);
                self.expect_punct(";")?;
                continue;
            }
            let rule = self.rule(doc.rules.len())?;
            if !ids.insert(rule.id.clone()) {
                return self.invalid(rule.pos, format!("duplicate rule id `{}`", rule.id));
            }
            doc.rules.push(rule);
        }
        Ok(doc)
    }

    fn rule(&mut self, _index: usize) -> Result<Rule, AuthzError> {
        let start = self.pos();
        let mut id = None;
        let mut advice = Vec::new();
        while self.is_punct("@") {
            self.bump();
            let apos = self.pos();
            let name = self.ident("an annotation name")?;
            self.expect_punct("(")?;
            let value = self.string("the annotation value")?;
            self.expect_punct(")")?;
            match name.as_str() {
                "id" => {
                    if value.trim().is_empty() {
                        return self.invalid(apos, "rule id must not be empty");
                    }
                    id = Some(value)
                }
                "advice" => advice.push(value),
                other => {
                    return self
                        .invalid(apos, format!("unknown annotation `@{other}` (id, advice)"))
                }
            }
        }
        let kpos = self.pos();
        let kind = match self.ident("`permit`, `forbid` or `obligate`")?.as_str() {
            "permit" => RuleKind::Permit,
            "forbid" => RuleKind::Forbid,
            "obligate" => RuleKind::Obligate,
            other => {
                return Err(AuthzError::Syntax {
                    location: loc(self.source, kpos),
                    message: format!("expected `permit`, `forbid` or `obligate`, found `{other}`"),
                })
            }
        };
        let mut hard = false;
        if self.is_ident("hard") {
            if kind != RuleKind::Forbid {
                return self.err("only a forbid rule can be `hard`");
            }
            self.bump();
            hard = true;
        }
        let mut rule = Rule {
            id: id.unwrap_or_else(|| format!("{}:{}", self.source, start.line)),
            kind,
            hard,
            roles: None,
            actions: None,
            resources: None,
            when: None,
            unless: None,
            obligations: Vec::new(),
            advice,
            pos: start,
            name_pos: Vec::new(),
        };
        self.scope(&mut rule)?;
        loop {
            if self.is_ident("when") && rule.when.is_none() && rule.unless.is_none() {
                self.bump();
                rule.when = Some(self.block_expr()?);
            } else if self.is_ident("unless") && rule.unless.is_none() {
                self.bump();
                rule.unless = Some(self.block_expr()?);
            } else if self.is_ident("obligations") && rule.obligations.is_empty() {
                self.bump();
                rule.obligations = self.obligations()?;
            } else if self.is_ident("advice") {
                self.bump();
                self.expect_punct("{")?;
                loop {
                    rule.advice.push(self.string("an advice message")?);
                    if self.is_punct(",") || self.is_punct(";") {
                        self.bump();
                        if self.is_punct("}") {
                            break;
                        }
                    } else {
                        break;
                    }
                }
                self.expect_punct("}")?;
            } else {
                break;
            }
        }
        self.expect_punct(";")?;
        Ok(rule)
    }

    fn scope(&mut self, rule: &mut Rule) -> Result<(), AuthzError> {
        self.expect_punct("(")?;
        let mut seen = [false; 3];
        while !self.is_punct(")") {
            let pos = self.pos();
            let key = self.ident("`role`, `action` or `resource`")?;
            let slot = match key.as_str() {
                "role" => 0,
                "action" => 1,
                "resource" => 2,
                other => {
                    return Err(AuthzError::Syntax {
                        location: loc(self.source, pos),
                        message: format!(
                            "expected `role`, `action` or `resource`, found `{other}`"
                        ),
                    })
                }
            };
            if seen[slot] {
                return self.invalid(pos, format!("`{key}` given twice in the rule scope"));
            }
            seen[slot] = true;
            self.expect_punct(":")?;
            let names = self.name_list(&mut rule.name_pos)?;
            match slot {
                0 => rule.roles = names,
                1 => rule.actions = names,
                _ => rule.resources = names,
            }
            if self.is_punct(",") {
                self.bump();
            } else {
                break;
            }
        }
        self.expect_punct(")")
    }

    fn name_list(
        &mut self,
        positions: &mut Vec<(String, Pos)>,
    ) -> Result<Option<Vec<String>>, AuthzError> {
        if self.is_punct("*") {
            self.bump();
            return Ok(None);
        }
        if self.is_punct("[") {
            self.bump();
            let mut names = Vec::new();
            while !self.is_punct("]") {
                let pos = self.pos();
                let name = self.ident("a name")?;
                positions.push((name.clone(), pos));
                names.push(name);
                if self.is_punct(",") {
                    self.bump();
                } else {
                    break;
                }
            }
            self.expect_punct("]")?;
            if names.is_empty() {
                return self.err("an empty list matches nothing; write `*` for any");
            }
            return Ok(Some(names));
        }
        let pos = self.pos();
        let name = self.ident("a name, `[...]` or `*`")?;
        positions.push((name.clone(), pos));
        Ok(Some(vec![name]))
    }

    fn block_expr(&mut self) -> Result<Expr, AuthzError> {
        self.expect_punct("{")?;
        let e = self.expr()?;
        self.expect_punct("}")?;
        Ok(e)
    }

    fn obligations(&mut self) -> Result<Vec<Obligation>, AuthzError> {
        self.expect_punct("{")?;
        let mut out = Vec::new();
        while !self.is_punct("}") {
            let pos = self.pos();
            let name = self.ident("an obligation")?;
            let ob = match name.as_str() {
                "mask" => {
                    self.expect_punct("(")?;
                    let field = self.ident("a field name")?;
                    self.expect_punct(",")?;
                    let kpos = self.pos();
                    let kind = self.ident("an identifier kind")?;
                    if !MASK_KINDS.contains(&kind.as_str()) {
                        return self.invalid(
                            kpos,
                            format!("unknown identifier kind `{kind}` (one of {})", MASK_KINDS.join(", ")),
                        );
                    }
                    self.expect_punct(")")?;
                    Obligation::Mask { field, kind }
                }
                "redact" => {
                    self.expect_punct("(")?;
                    let field = self.ident("a field name")?;
                    self.expect_punct(")")?;
                    Obligation::Redact { field }
                }
                "audit" => {
                    self.expect_punct("(")?;
                    let lpos = self.pos();
                    let level = self.ident("an audit level")?;
                    let Some(level) = AuditLevel::parse(&level) else {
                        return self.invalid(lpos, format!("unknown audit level `{level}` (low, medium, high)"));
                    };
                    self.expect_punct(")")?;
                    Obligation::Audit { level }
                }
                "encrypt" => {
                    let mut field = None;
                    if self.is_punct("(") {
                        self.bump();
                        field = Some(self.ident("a field name")?);
                        self.expect_punct(")")?;
                    }
                    Obligation::Encrypt { field }
                }
                "require_reason" => Obligation::RequireReason,
                other => {
                    return self.invalid(
                        pos,
                        format!("unknown obligation `{other}` (mask, redact, audit, encrypt, require_reason)"),
                    )
                }
            };
            out.push(ob);
            if self.is_punct(";") || self.is_punct(",") {
                self.bump();
            } else {
                break;
            }
        }
        self.expect_punct("}")?;
        Ok(out)
    }

    fn expr(&mut self) -> Result<Expr, AuthzError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return self.err(format!("expression nested deeper than {MAX_DEPTH} levels"));
        }
        let r = self.or_expr();
        self.depth -= 1;
        r
    }

    fn or_expr(&mut self) -> Result<Expr, AuthzError> {
        let mut left = self.and_expr()?;
        while self.is_punct("||") {
            self.bump();
            let right = self.and_expr()?;
            left = Expr::Or(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn and_expr(&mut self) -> Result<Expr, AuthzError> {
        let mut left = self.unary()?;
        while self.is_punct("&&") {
            self.bump();
            let right = self.unary()?;
            left = Expr::And(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn unary(&mut self) -> Result<Expr, AuthzError> {
        if self.is_punct("!") {
            self.bump();
            self.depth += 1;
            if self.depth > MAX_DEPTH {
                return self.err(format!("expression nested deeper than {MAX_DEPTH} levels"));
            }
            let inner = self.unary();
            self.depth -= 1;
            return Ok(Expr::Not(Box::new(inner?)));
        }
        self.relation()
    }

    fn relation(&mut self) -> Result<Expr, AuthzError> {
        let left = self.access()?;
        let op = match self.peek() {
            Tok::Punct("==") => Some(CmpOp::Eq),
            Tok::Punct("!=") => Some(CmpOp::Ne),
            Tok::Punct("<") => Some(CmpOp::Lt),
            Tok::Punct("<=") => Some(CmpOp::Le),
            Tok::Punct(">") => Some(CmpOp::Gt),
            Tok::Punct(">=") => Some(CmpOp::Ge),
            _ => None,
        };
        if let Some(op) = op {
            self.bump();
            let right = self.access()?;
            return Ok(Expr::Cmp {
                op,
                left: Box::new(left),
                right: Box::new(right),
            });
        }
        if self.is_ident("in") {
            self.bump();
            let set = self.access()?;
            return Ok(Expr::In {
                item: Box::new(left),
                set: Box::new(set),
            });
        }
        if self.is_ident("has") {
            self.bump();
            let pos = self.pos();
            let name = self.ident("an attribute name")?;
            let Expr::Var(var) = left else {
                return Err(AuthzError::Syntax {
                    location: loc(self.source, pos),
                    message: "`has` applies to `principal`, `resource` or `context`".into(),
                });
            };
            return Ok(Expr::Has { var, name, pos });
        }
        Ok(left)
    }

    fn access(&mut self) -> Result<Expr, AuthzError> {
        let start = self.pos();
        let mut e = self.primary()?;
        while self.is_punct(".") {
            self.bump();
            let pos = self.pos();
            let name = self.ident("an attribute or method name")?;
            if self.is_punct("(") {
                let op = match name.as_str() {
                    "contains" => SetOp::Contains,
                    "containsAll" => SetOp::ContainsAll,
                    "containsAny" => SetOp::ContainsAny,
                    "isEmpty" => SetOp::IsEmpty,
                    other => {
                        return Err(AuthzError::Syntax {
                            location: loc(self.source, pos),
                            message: format!(
                                "unknown method `{other}` (contains, containsAll, containsAny, isEmpty)"
                            ),
                        })
                    }
                };
                self.bump();
                let arg = if op == SetOp::IsEmpty {
                    None
                } else {
                    Some(Box::new(self.expr()?))
                };
                self.expect_punct(")")?;
                e = Expr::SetOp {
                    op,
                    target: Box::new(e),
                    arg,
                };
            } else {
                let Expr::Var(var) = e else {
                    return Err(AuthzError::Syntax {
                        location: loc(self.source, pos),
                        message: "attributes belong to `principal`, `resource` or `context`".into(),
                    });
                };
                e = Expr::Attr {
                    var,
                    name,
                    pos: start,
                };
            }
        }
        Ok(e)
    }

    fn primary(&mut self) -> Result<Expr, AuthzError> {
        let pos = self.pos();
        match self.peek().clone() {
            Tok::Str(s) => {
                self.bump();
                Ok(Expr::Lit(Value::String(s)))
            }
            Tok::Int(n) => {
                self.bump();
                Ok(Expr::Lit(Value::Long(n)))
            }
            Tok::Punct("-") => {
                self.bump();
                match self.bump() {
                    Tok::Int(n) => Ok(Expr::Lit(Value::Long(-n))),
                    other => Err(AuthzError::Syntax {
                        location: loc(self.source, pos),
                        message: format!(
                            "expected an integer after `-`, found {}",
                            describe(&other)
                        ),
                    }),
                }
            }
            Tok::Punct("(") => {
                self.bump();
                let e = self.expr()?;
                self.expect_punct(")")?;
                Ok(e)
            }
            Tok::Punct("[") => {
                self.bump();
                let mut items = Vec::new();
                while !self.is_punct("]") {
                    items.push(self.expr()?);
                    if self.is_punct(",") {
                        self.bump();
                    } else {
                        break;
                    }
                }
                self.expect_punct("]")?;
                Ok(Expr::Set(items))
            }
            Tok::Ident(word) => {
                self.bump();
                match word.as_str() {
                    "true" => Ok(Expr::Lit(Value::Bool(true))),
                    "false" => Ok(Expr::Lit(Value::Bool(false))),
                    "principal" => Ok(Expr::Var(Var::Principal)),
                    "resource" => Ok(Expr::Var(Var::Resource)),
                    "context" => Ok(Expr::Var(Var::Context)),
                    "datetime" => {
                        self.expect_punct("(")?;
                        let spos = self.pos();
                        let s = self.string("an RFC 3339 UTC time")?;
                        self.expect_punct(")")?;
                        match timeutil::parse_rfc3339(&s) {
                            Some(t) => Ok(Expr::Lit(Value::Long(t))),
                            None => self.invalid(
                                spos,
                                format!("`{s}` is not a time like 2026-01-31T08:00:00Z"),
                            ),
                        }
                    }
                    "within_hours" => {
                        self.expect_punct("(")?;
                        let time = self.expr()?;
                        self.expect_punct(",")?;
                        let fpos = self.pos();
                        let from = self.string("a time of day HH:MM")?;
                        self.expect_punct(",")?;
                        let tpos = self.pos();
                        let to = self.string("a time of day HH:MM")?;
                        self.expect_punct(")")?;
                        let Some(from) = timeutil::parse_hhmm(&from) else {
                            return self
                                .invalid(fpos, format!("`{from}` is not a time of day HH:MM"));
                        };
                        let Some(to) = timeutil::parse_hhmm(&to) else {
                            return self
                                .invalid(tpos, format!("`{to}` is not a time of day HH:MM"));
                        };
                        Ok(Expr::WithinHours {
                            time: Box::new(time),
                            from,
                            to,
                        })
                    }
                    "consented" => {
                        self.expect_punct("(")?;
                        let label = self.string("a sensitivity label")?;
                        self.expect_punct(")")?;
                        Ok(Expr::Consented { label })
                    }
                    other => Err(AuthzError::Syntax {
                        location: loc(self.source, pos),
                        message: format!("unexpected `{other}` in an expression"),
                    }),
                }
            }
            other => self.err(format!(
                "expected an expression, found {}",
                describe(&other)
            )),
        }
    }
}
