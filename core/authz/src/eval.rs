//! Evaluation of conditions against one request.

use crate::ast::{CmpOp, Expr, SetOp, Var};
use crate::consent::ConsentStore;
use crate::model::Request;
use crate::timeutil::{in_window, minute_of_day};
use crate::value::Value;
use std::borrow::Cow;

/// A value seen during evaluation, borrowed from the request or the policy where possible.
#[derive(Clone, Debug)]
pub(crate) enum Val<'a> {
    Bool(bool),
    Long(i64),
    Str(&'a str),
    Set(Cow<'a, [Value]>),
}

impl<'a> Val<'a> {
    pub(crate) fn from_value(v: &'a Value) -> Val<'a> {
        match v {
            Value::Bool(b) => Val::Bool(*b),
            Value::Long(n) => Val::Long(*n),
            Value::String(s) => Val::Str(s),
            Value::Set(items) => Val::Set(Cow::Borrowed(items)),
        }
    }

    fn type_name(&self) -> &'static str {
        match self {
            Val::Bool(_) => "Bool",
            Val::Long(_) => "Long",
            Val::Str(_) => "String",
            Val::Set(_) => "Set",
        }
    }

    fn to_value(&self) -> Value {
        match self {
            Val::Bool(b) => Value::Bool(*b),
            Val::Long(n) => Value::Long(*n),
            Val::Str(s) => Value::String((*s).to_string()),
            Val::Set(items) => Value::Set(items.to_vec()),
        }
    }
}

/// Whether an evaluation value equals a stored value (sets compare as sets).
pub(crate) fn val_eq_value(a: &Val<'_>, b: &Value) -> bool {
    match (a, b) {
        (Val::Bool(x), Value::Bool(y)) => x == y,
        (Val::Long(x), Value::Long(y)) => x == y,
        (Val::Str(x), Value::String(y)) => *x == y.as_str(),
        (Val::Set(x), Value::Set(y)) => set_eq(x, y),
        _ => false,
    }
}

/// Set equality, ignoring order and duplicates.
pub(crate) fn set_eq(x: &[Value], y: &[Value]) -> bool {
    x.iter().all(|i| value_in(i, y)) && y.iter().all(|i| value_in(i, x))
}

/// Membership with set-aware equality of members.
pub(crate) fn value_in(item: &Value, set: &[Value]) -> bool {
    set.iter().any(|v| value_eq(item, v))
}

/// Equality of stored values (sets compare as sets).
pub(crate) fn value_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Set(x), Value::Set(y)) => set_eq(x, y),
        _ => a == b,
    }
}

fn val_eq(a: &Val<'_>, b: &Val<'_>) -> bool {
    match (a, b) {
        (Val::Bool(x), Val::Bool(y)) => x == y,
        (Val::Long(x), Val::Long(y)) => x == y,
        (Val::Str(x), Val::Str(y)) => x == y,
        (Val::Set(x), Val::Set(y)) => set_eq(x, y),
        _ => false,
    }
}

/// Everything an expression can see.
pub(crate) struct Scope<'a> {
    pub req: &'a Request,
    /// Effective role names (direct and inherited).
    pub roles: &'a [&'a str],
    /// Whether a valid break-glass declaration is in force.
    pub break_glass: bool,
    pub consents: &'a ConsentStore,
}

pub(crate) type EvalResult<'a> = Result<Val<'a>, String>;

impl<'a> Scope<'a> {
    fn attr(&self, var: Var, name: &str) -> EvalResult<'a> {
        let req = self.req;
        match var {
            Var::Principal => {
                if let Some(v) = req.principal.attributes.get(name) {
                    return Ok(Val::from_value(v));
                }
                if name == "roles" {
                    return Ok(Val::Set(Cow::Owned(
                        self.roles
                            .iter()
                            .map(|r| Value::String((*r).to_string()))
                            .collect(),
                    )));
                }
                Err(format!("principal has no attribute `{name}`"))
            }
            Var::Resource => req
                .resource
                .attributes
                .get(name)
                .map(Val::from_value)
                .ok_or_else(|| format!("resource `{}` has no attribute `{name}`", req.resource.id)),
            Var::Context => {
                let env = &req.environment;
                match name {
                    "time" => Ok(Val::Long(env.time)),
                    "break_glass" => Ok(Val::Bool(self.break_glass)),
                    "purpose_of_use" => env
                        .purpose_of_use
                        .as_deref()
                        .map(Val::Str)
                        .ok_or_else(|| "context has no purpose_of_use".to_string()),
                    "origin" => env
                        .origin
                        .as_deref()
                        .map(Val::Str)
                        .ok_or_else(|| "context has no origin".to_string()),
                    "break_glass_reason" => env
                        .break_glass
                        .as_ref()
                        .map(|b| Val::Str(b.reason.as_str()))
                        .ok_or_else(|| "context has no break_glass_reason".to_string()),
                    _ => env
                        .attributes
                        .get(name)
                        .map(Val::from_value)
                        .ok_or_else(|| format!("context has no attribute `{name}`")),
                }
            }
        }
    }

    fn has(&self, var: Var, name: &str) -> bool {
        let req = self.req;
        match var {
            Var::Principal => req.principal.attributes.contains_key(name) || name == "roles",
            Var::Resource => req.resource.attributes.contains_key(name),
            Var::Context => {
                let env = &req.environment;
                match name {
                    "time" | "break_glass" => true,
                    "purpose_of_use" => env.purpose_of_use.is_some(),
                    "origin" => env.origin.is_some(),
                    "break_glass_reason" => env.break_glass.is_some(),
                    _ => env.attributes.contains_key(name),
                }
            }
        }
    }

    /// Evaluates an expression to a boolean.
    pub(crate) fn eval_bool(&self, e: &'a Expr) -> Result<bool, String> {
        match self.eval(e)? {
            Val::Bool(b) => Ok(b),
            other => Err(format!("condition is {}, not Bool", other.type_name())),
        }
    }

    /// Evaluates an expression.
    pub(crate) fn eval(&self, e: &'a Expr) -> EvalResult<'a> {
        match e {
            Expr::Lit(v) => Ok(Val::from_value(v)),
            Expr::Var(Var::Principal) => Ok(Val::Str(&self.req.principal.id)),
            Expr::Var(Var::Resource) => Ok(Val::Str(&self.req.resource.id)),
            Expr::Var(Var::Context) => Err("`context` alone is not a value".into()),
            Expr::Attr { var, name, .. } => self.attr(*var, name),
            Expr::Set(items) => {
                let mut out = Vec::with_capacity(items.len());
                for i in items {
                    out.push(self.eval(i)?.to_value());
                }
                Ok(Val::Set(Cow::Owned(out)))
            }
            Expr::Not(inner) => Ok(Val::Bool(!self.eval_bool(inner)?)),
            Expr::And(a, b) => Ok(Val::Bool(self.eval_bool(a)? && self.eval_bool(b)?)),
            Expr::Or(a, b) => Ok(Val::Bool(self.eval_bool(a)? || self.eval_bool(b)?)),
            Expr::Cmp { op, left, right } => {
                let l = self.eval(left)?;
                let r = self.eval(right)?;
                Ok(Val::Bool(compare(*op, &l, &r)?))
            }
            Expr::In { item, set } => {
                let i = self.eval(item)?;
                match self.eval(set)? {
                    Val::Set(items) => Ok(Val::Bool(items.iter().any(|v| val_eq_value(&i, v)))),
                    other => Err(format!(
                        "`in` needs a Set on the right, not {}",
                        other.type_name()
                    )),
                }
            }
            Expr::Has { var, name, .. } => Ok(Val::Bool(self.has(*var, name))),
            Expr::SetOp { op, target, arg } => {
                let Val::Set(s) = self.eval(target)? else {
                    return Err(format!("`{}` applies to a Set", op.as_str()));
                };
                let arg = match arg {
                    Some(a) => Some(self.eval(a)?),
                    None => None,
                };
                set_op(*op, &s, arg.as_ref())
            }
            Expr::WithinHours { time, from, to } => match self.eval(time)? {
                Val::Long(t) => {
                    let m = minute_of_day(t, self.req.environment.utc_offset_minutes);
                    Ok(Val::Bool(in_window(m, *from, *to)))
                }
                other => Err(format!(
                    "within_hours needs a Long time, not {}",
                    other.type_name()
                )),
            },
            Expr::Consented { label } => {
                let Some(Value::String(patient)) = self.req.resource.attributes.get("patient")
                else {
                    return Err("consented() needs a String resource.patient".into());
                };
                Ok(Val::Bool(self.consents.grants(patient, label, self)))
            }
        }
    }
}

/// Applies a comparison.
pub(crate) fn compare(op: CmpOp, l: &Val<'_>, r: &Val<'_>) -> Result<bool, String> {
    match op {
        CmpOp::Eq => Ok(val_eq(l, r)),
        CmpOp::Ne => Ok(!val_eq(l, r)),
        _ => match (l, r) {
            (Val::Long(a), Val::Long(b)) => Ok(match op {
                CmpOp::Lt => a < b,
                CmpOp::Le => a <= b,
                CmpOp::Gt => a > b,
                _ => a >= b,
            }),
            _ => Err(format!(
                "`{}` compares Long values, not {} and {}",
                op.as_str(),
                l.type_name(),
                r.type_name()
            )),
        },
    }
}

/// Applies a set operation.
pub(crate) fn set_op<'a>(op: SetOp, s: &[Value], arg: Option<&Val<'_>>) -> EvalResult<'a> {
    match (op, arg) {
        (SetOp::IsEmpty, _) => Ok(Val::Bool(s.is_empty())),
        (SetOp::Contains, Some(a)) => Ok(Val::Bool(s.iter().any(|v| val_eq_value(a, v)))),
        (SetOp::ContainsAll, Some(Val::Set(t))) => Ok(Val::Bool(t.iter().all(|v| value_in(v, s)))),
        (SetOp::ContainsAny, Some(Val::Set(t))) => Ok(Val::Bool(t.iter().any(|v| value_in(v, s)))),
        (op, _) => Err(format!("`{}` needs a Set argument", op.as_str())),
    }
}
