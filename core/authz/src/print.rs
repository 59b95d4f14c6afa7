//! Printing rules back to policy text (the inverse of the parser).

use crate::ast::{Expr, PolicyDocument, Rule, RuleKind};
use crate::model::Obligation;
use crate::timeutil::format_hhmm;
use crate::value::Value;
use std::fmt::{self, Display, Formatter, Write};

fn write_str_lit(f: &mut Formatter<'_>, s: &str) -> fmt::Result {
    f.write_char('"')?;
    for c in s.chars() {
        match c {
            '"' => f.write_str("\\\"")?,
            '\\' => f.write_str("\\\\")?,
            '\n' => f.write_str("\\n")?,
            '\t' => f.write_str("\\t")?,
            c => f.write_char(c)?,
        }
    }
    f.write_char('"')
}

fn write_value(f: &mut Formatter<'_>, v: &Value) -> fmt::Result {
    match v {
        Value::Bool(b) => write!(f, "{b}"),
        Value::Long(n) => write!(f, "{n}"),
        Value::String(s) => write_str_lit(f, s),
        Value::Set(items) => {
            f.write_char('[')?;
            for (i, x) in items.iter().enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                write_value(f, x)?;
            }
            f.write_char(']')
        }
    }
}

fn atomic(e: &Expr) -> bool {
    matches!(
        e,
        Expr::Lit(_)
            | Expr::Var(_)
            | Expr::Attr { .. }
            | Expr::Set(_)
            | Expr::SetOp { .. }
            | Expr::WithinHours { .. }
            | Expr::Consented { .. }
    ) && !matches!(e, Expr::Lit(Value::Long(n)) if *n < 0)
}

struct Sub<'a>(&'a Expr);

impl Display for Sub<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        if atomic(self.0) {
            write!(f, "{}", self.0)
        } else {
            write!(f, "({})", self.0)
        }
    }
}

impl Display for Expr {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            Expr::Lit(v) => write_value(f, v),
            Expr::Var(v) => f.write_str(v.as_str()),
            Expr::Attr { var, name, .. } => write!(f, "{}.{name}", var.as_str()),
            Expr::Set(items) => {
                f.write_char('[')?;
                for (i, x) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{x}")?;
                }
                f.write_char(']')
            }
            Expr::Not(a) => write!(f, "!{}", Sub(a)),
            Expr::And(a, b) => write!(f, "{} && {}", Sub(a), Sub(b)),
            Expr::Or(a, b) => write!(f, "{} || {}", Sub(a), Sub(b)),
            Expr::Cmp { op, left, right } => {
                write!(f, "{} {} {}", Sub(left), op.as_str(), Sub(right))
            }
            Expr::In { item, set } => write!(f, "{} in {}", Sub(item), Sub(set)),
            Expr::Has { var, name, .. } => write!(f, "{} has {name}", var.as_str()),
            Expr::SetOp { op, target, arg } => {
                write!(f, "{}.{}(", Sub(target), op.as_str())?;
                if let Some(a) = arg {
                    write!(f, "{a}")?;
                }
                f.write_char(')')
            }
            Expr::WithinHours { time, from, to } => {
                write!(
                    f,
                    "within_hours({time}, \"{}\", \"{}\")",
                    format_hhmm(*from),
                    format_hhmm(*to)
                )
            }
            Expr::Consented { label } => {
                f.write_str("consented(")?;
                write_str_lit(f, label)?;
                f.write_char(')')
            }
        }
    }
}

fn write_names(f: &mut Formatter<'_>, key: &str, names: &Option<Vec<String>>) -> fmt::Result {
    match names {
        None => write!(f, "{key}: *"),
        Some(l) if l.len() == 1 => write!(f, "{key}: {}", l[0]),
        Some(l) => write!(f, "{key}: [{}]", l.join(", ")),
    }
}

impl Display for Obligation {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            Obligation::Mask { field, kind } => write!(f, "mask({field}, {kind})"),
            Obligation::Redact { field } => write!(f, "redact({field})"),
            Obligation::Audit { level } => write!(f, "audit({})", level.as_str()),
            Obligation::Encrypt { field: Some(x) } => write!(f, "encrypt({x})"),
            Obligation::Encrypt { field: None } => f.write_str("encrypt"),
            Obligation::RequireReason => f.write_str("require_reason"),
        }
    }
}

impl Display for Rule {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_str("@id(")?;
        write_str_lit(f, &self.id)?;
        f.write_str(")\n")?;
        f.write_str(match self.kind {
            RuleKind::Permit => "permit",
            RuleKind::Forbid if self.hard => "forbid hard",
            RuleKind::Forbid => "forbid",
            RuleKind::Obligate => "obligate",
        })?;
        f.write_char('(')?;
        write_names(f, "role", &self.roles)?;
        f.write_str(", ")?;
        write_names(f, "action", &self.actions)?;
        f.write_str(", ")?;
        write_names(f, "resource", &self.resources)?;
        f.write_char(')')?;
        if let Some(w) = &self.when {
            write!(f, "\n  when {{ {w} }}")?;
        }
        if let Some(u) = &self.unless {
            write!(f, "\n  unless {{ {u} }}")?;
        }
        if !self.obligations.is_empty() {
            f.write_str("\n  obligations { ")?;
            for (i, o) in self.obligations.iter().enumerate() {
                if i > 0 {
                    f.write_str("; ")?;
                }
                write!(f, "{o}")?;
            }
            f.write_str(" }")?;
        }
        if !self.advice.is_empty() {
            f.write_str("\n  advice { ")?;
            for (i, a) in self.advice.iter().enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                write_str_lit(f, a)?;
            }
            f.write_str(" }")?;
        }
        f.write_str(";\n")
    }
}

impl Display for PolicyDocument {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        if let Some(c) = self.combining {
            writeln!(f, "combining {};\n", c.as_str())?;
        }
        for r in &self.rules {
            write!(f, "{r}")?;
        }
        Ok(())
    }
}
