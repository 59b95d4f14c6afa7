//! Query filtering: for a principal, action and resource type, the condition over resource
//! attributes under which access is allowed, as a data structure ([`Residual`]) and as a
//! parameterized SQL WHERE fragment ([`SqlFragment`]).
//!
//! Residual conditions keep the engine's semantics exactly, including errors: a leaf over a
//! missing attribute is an error, `&&`/`||` short-circuit left to right, a forbid whose
//! condition errors counts as applying. The SQL rendering carries this over with two
//! predicates per node (true / error), so a NULL column behaves like a missing attribute.

use crate::ast::{CmpOp, Combining, Expr, RuleKind, SetOp, Var};
use crate::error::AuthzError;
use crate::eval::{compare, set_op, val_eq_value, Scope, Val};
use crate::model::{Environment, Principal, Request, Resource};
use crate::policyset::PolicySet;
use crate::value::{Value, ValueType};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The pseudo-attribute name standing for the resource id in residual leaves.
pub const RESOURCE_ID: &str = "$id";

/// What to filter: everything of a request except the resource.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FilterRequest {
    /// Who asks.
    pub principal: Principal,
    /// The action.
    pub action: String,
    /// The resource type to filter.
    pub resource_type: String,
    /// The circumstances.
    #[serde(default)]
    pub environment: Environment,
}

/// A test on one resource attribute (`$id` is the resource id).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "test")]
pub enum Leaf {
    /// `resource.attr op value`.
    Cmp {
        /// Attribute.
        attr: String,
        /// Operator.
        op: CmpOp,
        /// Value.
        value: Value,
    },
    /// `resource.attr` is one of `values`.
    In {
        /// Attribute.
        attr: String,
        /// Candidates.
        values: Vec<Value>,
    },
    /// The set attribute holds `value`.
    Contains {
        /// Attribute (a set).
        attr: String,
        /// Member.
        value: Value,
    },
    /// The set attribute holds all of `values`.
    ContainsAll {
        /// Attribute (a set).
        attr: String,
        /// Members.
        values: Vec<Value>,
    },
    /// The set attribute holds any of `values`.
    ContainsAny {
        /// Attribute (a set).
        attr: String,
        /// Members.
        values: Vec<Value>,
    },
    /// The set attribute is empty.
    IsEmpty {
        /// Attribute (a set).
        attr: String,
    },
    /// The attribute is present.
    Has {
        /// Attribute.
        attr: String,
    },
    /// The boolean attribute is true.
    IsTrue {
        /// Attribute.
        attr: String,
    },
}

/// A condition over resource attributes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Residual {
    /// Always this value.
    Const(bool),
    /// Always an evaluation error (with the message).
    Error(String),
    /// A test on one attribute (an error when the attribute is missing).
    Leaf(Leaf),
    /// Negation.
    Not(Box<Residual>),
    /// Conjunction, short-circuit left to right.
    And(Vec<Residual>),
    /// Disjunction, short-circuit left to right.
    Or(Vec<Residual>),
    /// Whether a rule applies: its condition, with an error counting as `on_error`.
    Applies {
        /// The rule id.
        rule: String,
        /// The rule's condition.
        cond: Box<Residual>,
        /// What an error counts as (true for forbids: fail closed).
        on_error: bool,
    },
}

impl Residual {
    fn error_free(&self) -> bool {
        match self {
            Residual::Const(_) | Residual::Applies { .. } => true,
            Residual::Error(_) | Residual::Leaf(_) => false,
            Residual::Not(a) => a.error_free(),
            Residual::And(v) | Residual::Or(v) => v.iter().all(Residual::error_free),
        }
    }

    fn and2(a: Residual, b: Residual) -> Residual {
        match (a, b) {
            (Residual::Const(false), _) => Residual::Const(false),
            (Residual::Const(true), b) => b,
            (a, Residual::Const(true)) if a.error_free() => a,
            (a, Residual::Const(false)) if a.error_free() => Residual::Const(false),
            (Residual::And(mut v), b) => {
                v.push(b);
                Residual::And(v)
            }
            (a, b) => Residual::And(vec![a, b]),
        }
    }

    fn or2(a: Residual, b: Residual) -> Residual {
        match (a, b) {
            (Residual::Const(true), _) => Residual::Const(true),
            (Residual::Const(false), b) => b,
            (a, Residual::Const(false)) if a.error_free() => a,
            (a, Residual::Const(true)) if a.error_free() => Residual::Const(true),
            (Residual::Or(mut v), b) => {
                v.push(b);
                Residual::Or(v)
            }
            (a, b) => Residual::Or(vec![a, b]),
        }
    }

    fn not1(a: Residual) -> Residual {
        match a {
            Residual::Const(b) => Residual::Const(!b),
            Residual::Error(e) => Residual::Error(e),
            // `!!x` is `x`, errors included.
            Residual::Not(inner) => *inner,
            a => Residual::Not(Box::new(a)),
        }
    }

    /// Evaluates the condition on a resource of the filtered type.
    pub fn eval(&self, resource: &Resource) -> Result<bool, String> {
        match self {
            Residual::Const(b) => Ok(*b),
            Residual::Error(e) => Err(e.clone()),
            Residual::Leaf(l) => l.eval(resource),
            Residual::Not(a) => Ok(!a.eval(resource)?),
            Residual::And(v) => {
                for r in v {
                    if !r.eval(resource)? {
                        return Ok(false);
                    }
                }
                Ok(true)
            }
            Residual::Or(v) => {
                for r in v {
                    if r.eval(resource)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            Residual::Applies { cond, on_error, .. } => {
                Ok(cond.eval(resource).unwrap_or(*on_error))
            }
        }
    }
}

fn get<'a>(resource: &'a Resource, attr: &str) -> Result<Val<'a>, String> {
    if attr == RESOURCE_ID {
        return Ok(Val::Str(&resource.id));
    }
    resource
        .attributes
        .get(attr)
        .map(Val::from_value)
        .ok_or_else(|| format!("resource `{}` has no attribute `{attr}`", resource.id))
}

impl Leaf {
    /// Evaluates the test on a resource.
    pub fn eval(&self, resource: &Resource) -> Result<bool, String> {
        let set = |attr: &str| -> Result<Vec<Value>, String> {
            match get(resource, attr)? {
                Val::Set(s) => Ok(s.into_owned()),
                _ => Err(format!("resource.{attr} is not a Set")),
            }
        };
        match self {
            Leaf::Cmp { attr, op, value } => {
                compare(*op, &get(resource, attr)?, &Val::from_value(value))
            }
            Leaf::In { attr, values } => {
                let v = get(resource, attr)?;
                Ok(values.iter().any(|x| val_eq_value(&v, x)))
            }
            Leaf::Contains { attr, value } => {
                let s = set(attr)?;
                Ok(matches!(
                    set_op(SetOp::Contains, &s, Some(&Val::from_value(value)))?,
                    Val::Bool(true)
                ))
            }
            Leaf::ContainsAll { attr, values } => {
                let s = set(attr)?;
                Ok(values.iter().all(|v| crate::eval::value_in(v, &s)))
            }
            Leaf::ContainsAny { attr, values } => {
                let s = set(attr)?;
                Ok(values.iter().any(|v| crate::eval::value_in(v, &s)))
            }
            Leaf::IsEmpty { attr } => Ok(set(attr)?.is_empty()),
            Leaf::Has { attr } => Ok(attr == RESOURCE_ID || resource.attributes.contains_key(attr)),
            Leaf::IsTrue { attr } => match get(resource, attr)? {
                Val::Bool(b) => Ok(b),
                _ => Err("condition is not Bool".into()),
            },
        }
    }

    fn attr(&self) -> &str {
        match self {
            Leaf::Cmp { attr, .. }
            | Leaf::In { attr, .. }
            | Leaf::Contains { attr, .. }
            | Leaf::ContainsAll { attr, .. }
            | Leaf::ContainsAny { attr, .. }
            | Leaf::IsEmpty { attr }
            | Leaf::Has { attr }
            | Leaf::IsTrue { attr } => attr,
        }
    }
}

/// The result of filtering.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Filter {
    /// The resource type filtered.
    pub resource_type: String,
    /// Allowed exactly when this holds for a resource.
    pub residual: Residual,
    /// Ids of rules whose conditions could not be expressed over resource attributes (for
    /// example comparing two resource attributes); they were taken conservatively (a permit
    /// as not applying, a forbid as applying), so the filter may hide resources a direct
    /// check would allow, never the reverse.
    pub approximated: Vec<String>,
}

/// Partial value.
enum PVal<'a> {
    Known(Val<'a>),
    Error(String),
    Bool(Residual),
    Attr(String),
}

struct Unsupported;

fn mentions_resource(e: &Expr) -> bool {
    match e {
        Expr::Var(Var::Resource)
        | Expr::Attr {
            var: Var::Resource, ..
        }
        | Expr::Has {
            var: Var::Resource, ..
        } => true,
        Expr::Consented { .. } => true,
        Expr::Lit(_) | Expr::Var(_) | Expr::Attr { .. } | Expr::Has { .. } => false,
        Expr::Set(v) => v.iter().any(mentions_resource),
        Expr::Not(a) => mentions_resource(a),
        Expr::And(a, b) | Expr::Or(a, b) => mentions_resource(a) || mentions_resource(b),
        Expr::Cmp { left, right, .. } => mentions_resource(left) || mentions_resource(right),
        Expr::In { item, set } => mentions_resource(item) || mentions_resource(set),
        Expr::SetOp { target, arg, .. } => {
            mentions_resource(target) || arg.as_deref().is_some_and(mentions_resource)
        }
        Expr::WithinHours { time, .. } => mentions_resource(time),
    }
}

fn flip(op: CmpOp) -> CmpOp {
    match op {
        CmpOp::Lt => CmpOp::Gt,
        CmpOp::Le => CmpOp::Ge,
        CmpOp::Gt => CmpOp::Lt,
        CmpOp::Ge => CmpOp::Le,
        o => o,
    }
}

fn known_set(v: &Val<'_>) -> Option<Vec<Value>> {
    match v {
        Val::Set(s) => Some(s.to_vec()),
        _ => None,
    }
}

struct Pe<'s, 'a> {
    scope: &'s Scope<'a>,
    ps: &'a PolicySet,
}

impl<'s, 'a> Pe<'s, 'a> {
    fn to_bool(&self, p: PVal<'a>) -> Residual {
        match p {
            PVal::Known(Val::Bool(b)) => Residual::Const(b),
            PVal::Known(_) => Residual::Error("condition is not Bool".into()),
            PVal::Error(e) => Residual::Error(e),
            PVal::Bool(r) => r,
            PVal::Attr(a) => Residual::Leaf(Leaf::IsTrue { attr: a }),
        }
    }

    fn bool_of(&self, e: &'a Expr) -> Result<Residual, Unsupported> {
        let p = self.pe(e)?;
        Ok(self.to_bool(p))
    }

    fn pe(&self, e: &'a Expr) -> Result<PVal<'a>, Unsupported> {
        if !mentions_resource(e) {
            return Ok(match self.scope.eval(e) {
                Ok(v) => PVal::Known(v),
                Err(m) => PVal::Error(m),
            });
        }
        Ok(match e {
            Expr::Var(Var::Resource) => PVal::Attr(RESOURCE_ID.into()),
            Expr::Attr {
                var: Var::Resource,
                name,
                ..
            } => PVal::Attr(name.clone()),
            Expr::Has {
                var: Var::Resource,
                name,
                ..
            } => PVal::Bool(Residual::Leaf(Leaf::Has { attr: name.clone() })),
            Expr::Not(a) => PVal::Bool(Residual::not1(self.bool_of(a)?)),
            Expr::And(a, b) => {
                let ra = self.bool_of(a)?;
                if matches!(ra, Residual::Const(false) | Residual::Error(_)) {
                    return Ok(PVal::Bool(ra));
                }
                PVal::Bool(Residual::and2(ra, self.bool_of(b)?))
            }
            Expr::Or(a, b) => {
                let ra = self.bool_of(a)?;
                if matches!(ra, Residual::Const(true) | Residual::Error(_)) {
                    return Ok(PVal::Bool(ra));
                }
                PVal::Bool(Residual::or2(ra, self.bool_of(b)?))
            }
            Expr::Cmp { op, left, right } => {
                let l = self.pe(left)?;
                if let PVal::Error(m) = l {
                    return Ok(PVal::Error(m));
                }
                let r = self.pe(right)?;
                match (l, r) {
                    (_, PVal::Error(m)) => PVal::Error(m),
                    (PVal::Attr(a), PVal::Known(v)) => leaf(Leaf::Cmp {
                        attr: a,
                        op: *op,
                        value: to_value(&v),
                    }),
                    (PVal::Known(v), PVal::Attr(a)) => leaf(Leaf::Cmp {
                        attr: a,
                        op: flip(*op),
                        value: to_value(&v),
                    }),
                    _ => return Err(Unsupported),
                }
            }
            Expr::In { item, set } => {
                let i = self.pe(item)?;
                if let PVal::Error(m) = i {
                    return Ok(PVal::Error(m));
                }
                let s = self.pe(set)?;
                match (i, s) {
                    (_, PVal::Error(m)) => PVal::Error(m),
                    (PVal::Known(v), PVal::Attr(a)) => leaf(Leaf::Contains {
                        attr: a,
                        value: to_value(&v),
                    }),
                    (PVal::Attr(a), PVal::Known(sv)) => match known_set(&sv) {
                        Some(values) => leaf(Leaf::In { attr: a, values }),
                        None => PVal::Error("`in` needs a Set on the right".into()),
                    },
                    _ => return Err(Unsupported),
                }
            }
            Expr::SetOp { op, target, arg } => {
                let t = self.pe(target)?;
                if let PVal::Error(m) = t {
                    return Ok(PVal::Error(m));
                }
                let a = match arg {
                    Some(a) => Some(self.pe(a)?),
                    None => None,
                };
                match (t, a) {
                    (_, Some(PVal::Error(m))) => PVal::Error(m),
                    (PVal::Attr(attr), None) => leaf(Leaf::IsEmpty { attr }),
                    (PVal::Attr(attr), Some(PVal::Known(v))) => match op {
                        SetOp::Contains => leaf(Leaf::Contains {
                            attr,
                            value: to_value(&v),
                        }),
                        SetOp::ContainsAll | SetOp::ContainsAny => match known_set(&v) {
                            Some(values) if *op == SetOp::ContainsAll => {
                                leaf(Leaf::ContainsAll { attr, values })
                            }
                            Some(values) => leaf(Leaf::ContainsAny { attr, values }),
                            None => PVal::Error(format!("`{}` needs a Set argument", op.as_str())),
                        },
                        SetOp::IsEmpty => return Err(Unsupported),
                    },
                    (PVal::Known(tv), Some(PVal::Attr(attr))) => match (op, known_set(&tv)) {
                        (SetOp::Contains, Some(values)) => leaf(Leaf::In { attr, values }),
                        (SetOp::ContainsAny, Some(values)) => {
                            leaf(Leaf::ContainsAny { attr, values })
                        }
                        (_, None) => PVal::Error(format!("`{}` applies to a Set", op.as_str())),
                        _ => return Err(Unsupported),
                    },
                    _ => return Err(Unsupported),
                }
            }
            Expr::Consented { label } => {
                let patients = self.ps.consents.patients_granting(label, self.scope);
                leaf(Leaf::In {
                    attr: "patient".into(),
                    values: patients.into_iter().map(Value::String).collect(),
                })
            }
            _ => return Err(Unsupported),
        })
    }
}

fn leaf(l: Leaf) -> PVal<'static> {
    PVal::Bool(Residual::Leaf(l))
}

fn to_value(v: &Val<'_>) -> Value {
    match v {
        Val::Bool(b) => Value::Bool(*b),
        Val::Long(n) => Value::Long(*n),
        Val::Str(s) => Value::String((*s).to_string()),
        Val::Set(s) => Value::Set(s.to_vec()),
    }
}

impl PolicySet {
    /// The condition over resource attributes under which `fr.principal` may perform
    /// `fr.action` on resources of type `fr.resource_type`.
    pub fn filter(&self, fr: &FilterRequest) -> Result<Filter, AuthzError> {
        if !self.type_known(&fr.resource_type) {
            return Err(AuthzError::Filter {
                message: format!("unknown resource type `{}`", fr.resource_type),
            });
        }
        let req = Request {
            principal: fr.principal.clone(),
            action: fr.action.clone(),
            resource: Resource {
                kind: fr.resource_type.clone(),
                id: String::new(),
                attributes: Default::default(),
            },
            environment: fr.environment.clone(),
        };
        let roles = self.role_set(&req);
        let break_glass = matches!(self.break_glass_status(&req), Some(Ok(())));
        let scope = Scope {
            req: &req,
            roles: &roles.names,
            break_glass,
            consents: &self.consents,
        };
        let pe = Pe {
            scope: &scope,
            ps: self,
        };
        let mut approximated = Vec::new();
        let mut hard = Residual::Const(false);
        let mut entries: Vec<(RuleKind, Residual)> = Vec::new();
        for i in self.candidate_rules(&req) {
            let Some(rule) = self.rules.get(i as usize) else {
                continue;
            };
            if rule.kind == RuleKind::Obligate {
                continue;
            }
            let on_error = rule.kind == RuleKind::Forbid;
            let cond = (|| -> Result<Residual, Unsupported> {
                let mut c = Residual::Const(true);
                if let Some(w) = &rule.when {
                    c = pe.bool_of(w)?;
                }
                if let Some(u) = &rule.unless {
                    if !matches!(c, Residual::Const(false) | Residual::Error(_)) {
                        c = Residual::and2(c, Residual::not1(pe.bool_of(u)?));
                    }
                }
                Ok(c)
            })();
            let cond = match cond {
                Ok(c) => c,
                Err(Unsupported) => {
                    approximated.push(rule.id.clone());
                    Residual::Const(on_error)
                }
            };
            let applies = match cond {
                Residual::Const(b) => Residual::Const(b),
                Residual::Error(_) => Residual::Const(on_error),
                c => Residual::Applies {
                    rule: rule.id.clone(),
                    cond: Box::new(c),
                    on_error,
                },
            };
            if rule.hard {
                hard = Residual::or2(hard, applies);
            } else {
                entries.push((rule.kind, applies));
            }
        }
        let body = match self.combining {
            Combining::DenyOverrides | Combining::PermitOverrides => {
                let mut permit = Residual::Const(false);
                let mut forbid = Residual::Const(false);
                for (k, a) in entries {
                    if k == RuleKind::Permit {
                        permit = Residual::or2(permit, a);
                    } else {
                        forbid = Residual::or2(forbid, a);
                    }
                }
                if self.combining == Combining::DenyOverrides {
                    Residual::and2(Residual::not1(forbid), permit)
                } else {
                    permit
                }
            }
            Combining::FirstApplicable => {
                let mut acc = Residual::Const(false);
                for (k, a) in entries.into_iter().rev() {
                    acc = if k == RuleKind::Permit {
                        Residual::or2(a, acc)
                    } else {
                        Residual::and2(Residual::not1(a), acc)
                    };
                }
                acc
            }
        };
        Ok(Filter {
            resource_type: fr.resource_type.clone(),
            residual: Residual::and2(Residual::not1(hard), body),
            approximated,
        })
    }
}

/// How placeholders are written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SqlPlaceholder {
    /// `$1, $2, ...` (PostgreSQL, psycopg's server-side style, node-postgres).
    #[default]
    Dollar,
    /// `?` (SQLite, MySQL drivers, Django's `raw`/`extra` after conversion to `%s`).
    Question,
    /// `%s` (Python DB-API format style: psycopg, Django `cursor.execute`).
    Percent,
}

/// How set-valued attributes are stored.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SqlSetEncoding {
    /// PostgreSQL arrays (`$1 = ANY(col)`, `col && $1`, `col @> $1`).
    #[default]
    PostgresArray,
    /// JSON arrays in a text column, read with SQLite's `json_each`.
    JsonArray,
}

/// Options for rendering SQL.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SqlOptions {
    /// Placeholder style.
    #[serde(default)]
    pub placeholder: SqlPlaceholder,
    /// Set encoding.
    #[serde(default)]
    pub set_encoding: SqlSetEncoding,
    /// Column for each attribute (identity when absent); `$id` names the id column.
    #[serde(default)]
    pub columns: BTreeMap<String, String>,
    /// Prefix every column with this table alias.
    #[serde(default)]
    pub table_alias: Option<String>,
}

/// A WHERE fragment with its parameters, in placeholder order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SqlFragment {
    /// The SQL text (no trailing semicolon; `TRUE`/`FALSE` when constant).
    pub sql: String,
    /// Parameters, one per placeholder, in order.
    pub params: Vec<Value>,
}

/// SQL tree with constant folding; parameters are bound at render time.
#[derive(Clone, Debug, PartialEq)]
enum Sql {
    Const(bool),
    Raw(Vec<Piece>),
    Not(Box<Sql>),
    And(Vec<Sql>),
    Or(Vec<Sql>),
}

#[derive(Clone, Debug, PartialEq)]
enum Piece {
    Text(String),
    Param(Value),
}

fn and(a: Sql, b: Sql) -> Sql {
    match (a, b) {
        (Sql::Const(false), _) | (_, Sql::Const(false)) => Sql::Const(false),
        (Sql::Const(true), x) | (x, Sql::Const(true)) => x,
        (Sql::And(mut v), x) => {
            v.push(x);
            Sql::And(v)
        }
        (a, b) => Sql::And(vec![a, b]),
    }
}

fn or(a: Sql, b: Sql) -> Sql {
    match (a, b) {
        (Sql::Const(true), _) | (_, Sql::Const(true)) => Sql::Const(true),
        (Sql::Const(false), x) | (x, Sql::Const(false)) => x,
        (Sql::Or(mut v), x) => {
            v.push(x);
            Sql::Or(v)
        }
        (a, b) => Sql::Or(vec![a, b]),
    }
}

fn not(a: Sql) -> Sql {
    match a {
        Sql::Const(b) => Sql::Const(!b),
        Sql::Not(x) => *x,
        x => Sql::Not(Box::new(x)),
    }
}

struct SqlCtx<'a> {
    opts: &'a SqlOptions,
    decl: &'a crate::schema::ResourceDecl,
}

fn is_identifier(s: &str) -> bool {
    !s.is_empty()
        && s.split('.').all(|part| {
            let mut cs = part.chars();
            cs.next()
                .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                && cs.all(|c| c.is_ascii_alphanumeric() || c == '_')
        })
}

impl SqlCtx<'_> {
    fn column(&self, attr: &str) -> Result<String, AuthzError> {
        let col = match self.opts.columns.get(attr) {
            Some(c) => c.clone(),
            None if attr == RESOURCE_ID => "id".to_string(),
            None => attr.to_string(),
        };
        if !is_identifier(&col) {
            return Err(AuthzError::Filter {
                message: format!("`{col}` is not a plain SQL identifier"),
            });
        }
        Ok(match &self.opts.table_alias {
            Some(a) if is_identifier(a) => format!("{a}.{col}"),
            Some(a) => {
                return Err(AuthzError::Filter {
                    message: format!("`{a}` is not a plain SQL identifier"),
                })
            }
            None => col,
        })
    }

    fn attr_type(&self, attr: &str) -> Option<(ValueType, bool)> {
        if attr == RESOURCE_ID {
            return Some((ValueType::String, false));
        }
        self.decl.attributes.get(attr).map(|d| (d.ty, d.optional))
    }

    /// (true-predicate, error-predicate) of a residual.
    fn te(&self, r: &Residual) -> Result<(Sql, Sql), AuthzError> {
        Ok(match r {
            Residual::Const(b) => (Sql::Const(*b), Sql::Const(false)),
            Residual::Error(_) => (Sql::Const(false), Sql::Const(true)),
            Residual::Leaf(l) => self.leaf(l)?,
            Residual::Not(a) => {
                let (t, e) = self.te(a)?;
                (and(not(t), not(e.clone())), e)
            }
            Residual::And(v) => {
                let mut t = Sql::Const(true);
                let mut e = Sql::Const(false);
                for x in v {
                    let (tx, ex) = self.te(x)?;
                    // error so far, or everything before true and this one errors
                    e = or(e, and(t.clone(), ex));
                    t = and(t, tx);
                }
                (t, e)
            }
            Residual::Or(v) => {
                let mut t = Sql::Const(false);
                let mut e = Sql::Const(false);
                // `f`: everything so far evaluated to false (no error, no true).
                let mut f = Sql::Const(true);
                for x in v {
                    let (tx, ex) = self.te(x)?;
                    e = or(e, and(f.clone(), ex.clone()));
                    t = or(t, and(f.clone(), tx.clone()));
                    f = and(f, and(not(tx), not(ex)));
                }
                (t, e)
            }
            Residual::Applies { cond, on_error, .. } => {
                let (t, e) = self.te(cond)?;
                if *on_error {
                    (or(t, e), Sql::Const(false))
                } else {
                    (t, Sql::Const(false))
                }
            }
        })
    }

    fn leaf(&self, l: &Leaf) -> Result<(Sql, Sql), AuthzError> {
        let attr = l.attr();
        let col = self.column(attr)?;
        let Some((ty, optional)) = self.attr_type(attr) else {
            // Not declared for this type: always missing.
            return Ok(match l {
                Leaf::Has { .. } => (Sql::Const(false), Sql::Const(false)),
                _ => (Sql::Const(false), Sql::Const(true)),
            });
        };
        if let Leaf::Has { .. } = l {
            return Ok((
                if optional {
                    Sql::Raw(vec![Piece::Text(format!("{col} IS NOT NULL"))])
                } else {
                    Sql::Const(true)
                },
                Sql::Const(false),
            ));
        }
        let missing = if optional {
            Sql::Raw(vec![Piece::Text(format!("{col} IS NULL"))])
        } else {
            Sql::Const(false)
        };
        let text = |s: String| Piece::Text(s);
        let json = self.opts.set_encoding == SqlSetEncoding::JsonArray;
        let pred: Sql = match l {
            Leaf::Cmp { op, value, .. } => {
                if matches!(value, Value::Set(_)) || ty.is_set() {
                    return Err(AuthzError::Filter {
                        message: format!("comparing set attribute `{attr}` has no SQL form"),
                    });
                }
                let same_type = ty.admits(value);
                match op {
                    CmpOp::Eq | CmpOp::Ne if !same_type => Sql::Const(*op == CmpOp::Ne),
                    CmpOp::Eq | CmpOp::Ne => Sql::Raw(vec![
                        text(format!(
                            "{col} {} ",
                            if *op == CmpOp::Eq { "=" } else { "<>" }
                        )),
                        Piece::Param(value.clone()),
                    ]),
                    _ if ty != ValueType::Long || !matches!(value, Value::Long(_)) => {
                        return Ok((Sql::Const(false), Sql::Const(true)));
                    }
                    _ => Sql::Raw(vec![
                        text(format!("{col} {} ", op.as_str())),
                        Piece::Param(value.clone()),
                    ]),
                }
            }
            Leaf::In { values, .. } => {
                if ty.is_set() {
                    return Err(AuthzError::Filter {
                        message: format!("`in` on set attribute `{attr}` has no SQL form"),
                    });
                }
                let vals: Vec<&Value> = values.iter().filter(|v| ty.admits(v)).collect();
                if vals.is_empty() {
                    Sql::Const(false)
                } else {
                    let mut p = vec![text(format!("{col} IN ("))];
                    for (i, v) in vals.into_iter().enumerate() {
                        if i > 0 {
                            p.push(text(", ".into()));
                        }
                        p.push(Piece::Param(v.clone()));
                    }
                    p.push(text(")".into()));
                    Sql::Raw(p)
                }
            }
            Leaf::Contains { .. } | Leaf::ContainsAny { .. } | Leaf::ContainsAll { .. }
                if !ty.is_set() =>
            {
                return Ok((Sql::Const(false), Sql::Const(true)));
            }
            Leaf::Contains { value, .. } => {
                if json {
                    Sql::Raw(vec![
                        text(format!(
                            "EXISTS (SELECT 1 FROM json_each({col}) WHERE json_each.value = "
                        )),
                        Piece::Param(value.clone()),
                        text(")".into()),
                    ])
                } else {
                    Sql::Raw(vec![
                        Piece::Param(value.clone()),
                        text(format!(" = ANY({col})")),
                    ])
                }
            }
            Leaf::ContainsAny { values, .. } => {
                if values.is_empty() {
                    Sql::Const(false)
                } else if json {
                    let mut p = vec![text(format!(
                        "EXISTS (SELECT 1 FROM json_each({col}) WHERE json_each.value IN ("
                    ))];
                    for (i, v) in values.iter().enumerate() {
                        if i > 0 {
                            p.push(text(", ".into()));
                        }
                        p.push(Piece::Param(v.clone()));
                    }
                    p.push(text("))".into()));
                    Sql::Raw(p)
                } else {
                    Sql::Raw(vec![
                        text(format!("{col} && ")),
                        Piece::Param(Value::Set(values.clone())),
                    ])
                }
            }
            Leaf::ContainsAll { values, .. } => {
                if values.is_empty() {
                    Sql::Const(true)
                } else if json {
                    let mut acc = Sql::Const(true);
                    for v in values {
                        acc = and(
                            acc,
                            Sql::Raw(vec![text(format!("EXISTS (SELECT 1 FROM json_each({col}) WHERE json_each.value = ")), Piece::Param(v.clone()), text(")".into())]),
                        );
                    }
                    acc
                } else {
                    Sql::Raw(vec![
                        text(format!("{col} @> ")),
                        Piece::Param(Value::Set(values.clone())),
                    ])
                }
            }
            Leaf::IsEmpty { .. } => {
                if !ty.is_set() {
                    return Ok((Sql::Const(false), Sql::Const(true)));
                }
                if json {
                    Sql::Raw(vec![text(format!("json_array_length({col}) = 0"))])
                } else {
                    Sql::Raw(vec![text(format!("cardinality({col}) = 0"))])
                }
            }
            Leaf::IsTrue { .. } => {
                if ty != ValueType::Bool {
                    return Ok((Sql::Const(false), Sql::Const(true)));
                }
                Sql::Raw(vec![text(format!("{col} = TRUE"))])
            }
            Leaf::Has { .. } => Sql::Const(true),
        };
        // Two-valued: the test holds only when the column is present.
        let t = if optional {
            and(not(missing.clone()), pred)
        } else {
            pred
        };
        Ok((t, missing))
    }
}

fn render(s: &Sql, opts: &SqlOptions, out: &mut String, params: &mut Vec<Value>) {
    match s {
        Sql::Const(true) => out.push_str("TRUE"),
        Sql::Const(false) => out.push_str("FALSE"),
        Sql::Raw(pieces) => {
            for p in pieces {
                match p {
                    Piece::Text(t) => out.push_str(t),
                    Piece::Param(v) => {
                        params.push(v.clone());
                        match opts.placeholder {
                            SqlPlaceholder::Dollar => out.push_str(&format!("${}", params.len())),
                            SqlPlaceholder::Question => out.push('?'),
                            SqlPlaceholder::Percent => out.push_str("%s"),
                        }
                    }
                }
            }
        }
        Sql::Not(a) => {
            out.push_str("NOT (");
            render(a, opts, out, params);
            out.push(')');
        }
        Sql::And(v) | Sql::Or(v) => {
            let sep = if matches!(s, Sql::And(_)) {
                " AND "
            } else {
                " OR "
            };
            for (i, x) in v.iter().enumerate() {
                if i > 0 {
                    out.push_str(sep);
                }
                let wrap = matches!(x, Sql::And(_) | Sql::Or(_));
                if wrap {
                    out.push('(');
                }
                render(x, opts, out, params);
                if wrap {
                    out.push(')');
                }
            }
        }
    }
}

impl Filter {
    /// Whether a resource passes the filter (the same answer as a direct authorization).
    pub fn matches(&self, resource: &Resource) -> bool {
        self.residual.eval(resource).unwrap_or(false)
    }

    /// Renders the residual as a parameterized SQL WHERE fragment for the policy set's
    /// schema of this resource type.
    pub fn to_sql(&self, ps: &PolicySet, opts: &SqlOptions) -> Result<SqlFragment, AuthzError> {
        let Some(decl) = ps.schema().resources.get(&self.resource_type) else {
            return Err(AuthzError::Filter {
                message: format!("unknown resource type `{}`", self.resource_type),
            });
        };
        let ctx = SqlCtx { opts, decl };
        let (t, e) = ctx.te(&self.residual)?;
        // The top level is error-free by construction (rules are wrapped in `Applies`);
        // should an error predicate remain, it denies.
        let sql_tree = and(t, not(e));
        let mut sql = String::new();
        let mut params = Vec::new();
        render(&sql_tree, opts, &mut sql, &mut params);
        Ok(SqlFragment { sql, params })
    }
}
