//! Load-time checks of rules against the schema, and constant folding.

use crate::ast::{Expr, Pos, Rule, RuleKind, Var};
use crate::error::AuthzError;
use crate::model::Obligation;
use crate::parser::loc;
use crate::schema::{Schema, BUILTIN_CONTEXT, BUILTIN_PRINCIPAL};
use crate::value::Value;

fn name_pos(rule: &Rule, name: &str) -> Pos {
    rule.name_pos
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, p)| *p)
        .unwrap_or(rule.pos)
}

/// Checks one rule against the schema; errors name `source:line:column`.
pub(crate) fn validate_rule(schema: &Schema, source: &str, rule: &Rule) -> Result<(), AuthzError> {
    if rule.id.trim().is_empty() {
        return Err(AuthzError::Invalid {
            location: loc(source, rule.pos),
            message: "rule id must not be empty".into(),
        });
    }
    if rule.hard && rule.kind != RuleKind::Forbid {
        return Err(AuthzError::Invalid {
            location: loc(source, rule.pos),
            message: format!("rule `{}`: only a forbid can be hard", rule.id),
        });
    }
    for list in [&rule.roles, &rule.actions, &rule.resources]
        .into_iter()
        .flatten()
    {
        if list.is_empty() {
            return Err(AuthzError::Invalid {
                location: loc(source, rule.pos),
                message: format!("rule `{}`: an empty scope list matches nothing", rule.id),
            });
        }
    }
    if let Some(roles) = &rule.roles {
        for r in roles {
            if !schema.roles.contains_key(r) {
                return Err(AuthzError::UnknownRole {
                    location: loc(source, name_pos(rule, r)),
                    name: r.clone(),
                });
            }
        }
    }
    if let Some(types) = &rule.resources {
        for t in types {
            if !schema.resources.contains_key(t) {
                return Err(AuthzError::UnknownResourceType {
                    location: loc(source, name_pos(rule, t)),
                    name: t.clone(),
                });
            }
        }
    }
    let scoped: Vec<&crate::schema::ResourceDecl> = match &rule.resources {
        Some(types) => types
            .iter()
            .filter_map(|t| schema.resources.get(t))
            .collect(),
        None => schema.resources.values().collect(),
    };
    if let Some(actions) = &rule.actions {
        let all = schema.actions();
        for a in actions {
            if !all.contains(a.as_str()) {
                return Err(AuthzError::UnknownAction {
                    location: loc(source, name_pos(rule, a)),
                    name: a.clone(),
                });
            }
            if !scoped.iter().any(|d| d.actions.contains(a)) {
                return Err(AuthzError::Invalid {
                    location: loc(source, name_pos(rule, a)),
                    message: format!("action `{a}` applies to none of the rule's resource types"),
                });
            }
        }
    }
    for e in rule.when.iter().chain(rule.unless.iter()) {
        check_expr(schema, source, rule, &scoped, e, 0)?;
        if rule.hard && mentions_break_glass(e) {
            return Err(AuthzError::Invalid {
                location: loc(source, rule.pos),
                message: format!(
                    "rule `{}`: a hard forbid may not depend on context.break_glass",
                    rule.id
                ),
            });
        }
    }
    for o in &rule.obligations {
        let field = match o {
            Obligation::Mask { field, kind } => {
                if !crate::model::MASK_KINDS.contains(&kind.as_str()) {
                    return Err(AuthzError::Invalid {
                        location: loc(source, rule.pos),
                        message: format!("rule `{}`: unknown identifier kind `{kind}`", rule.id),
                    });
                }
                Some(field)
            }
            Obligation::Redact { field } => Some(field),
            Obligation::Encrypt { field } => field.as_ref(),
            _ => None,
        };
        if let Some(f) = field {
            if !scoped
                .iter()
                .any(|d| d.fields.contains(f) || d.attributes.contains_key(f))
            {
                return Err(AuthzError::UnknownAttribute {
                    location: loc(source, rule.pos),
                    name: format!(
                        "resource field `{f}` in an obligation of rule `{}`",
                        rule.id
                    ),
                });
            }
        }
    }
    Ok(())
}

fn check_expr(
    schema: &Schema,
    source: &str,
    rule: &Rule,
    scoped: &[&crate::schema::ResourceDecl],
    e: &Expr,
    depth: usize,
) -> Result<(), AuthzError> {
    if depth > 200 {
        return Err(AuthzError::Invalid {
            location: loc(source, rule.pos),
            message: "expression too deep".into(),
        });
    }
    let rec = |x: &Expr| check_expr(schema, source, rule, scoped, x, depth + 1);
    match e {
        Expr::Lit(_) | Expr::Var(_) => Ok(()),
        Expr::Attr { var, name, pos } | Expr::Has { var, name, pos } => {
            let known = match var {
                Var::Principal => {
                    schema.principal.contains_key(name)
                        || BUILTIN_PRINCIPAL.iter().any(|(b, _)| b == name)
                }
                Var::Context => {
                    schema.context.contains_key(name)
                        || BUILTIN_CONTEXT.iter().any(|(b, _, _)| b == name)
                }
                Var::Resource => scoped.iter().any(|d| d.attributes.contains_key(name)),
            };
            if known {
                Ok(())
            } else {
                let p = if pos.line == 0 { rule.pos } else { *pos };
                Err(AuthzError::UnknownAttribute {
                    location: loc(source, p),
                    name: format!("{}.{name}", var.as_str()),
                })
            }
        }
        Expr::Set(items) => items.iter().try_for_each(rec),
        Expr::Not(a) => rec(a),
        Expr::And(a, b) | Expr::Or(a, b) => {
            rec(a)?;
            rec(b)
        }
        Expr::Cmp { left, right, .. } => {
            rec(left)?;
            rec(right)
        }
        Expr::In { item, set } => {
            rec(item)?;
            rec(set)
        }
        Expr::SetOp { target, arg, .. } => {
            rec(target)?;
            arg.as_deref().map_or(Ok(()), rec)
        }
        Expr::WithinHours { time, from, to } => {
            if *from > 1440 || *to > 1440 {
                return Err(AuthzError::Invalid {
                    location: loc(source, rule.pos),
                    message: "time of day past 24:00".into(),
                });
            }
            rec(time)
        }
        Expr::Consented { .. } => {
            if scoped.iter().any(|d| d.attributes.contains_key("patient")) {
                Ok(())
            } else {
                Err(AuthzError::UnknownAttribute {
                    location: loc(source, rule.pos),
                    name: "resource.patient (needed by consented())".into(),
                })
            }
        }
    }
}

/// Folds set literals whose members are all literals into one literal set.
pub(crate) fn fold(e: &mut Expr) {
    match e {
        Expr::Set(items) => {
            items.iter_mut().for_each(fold);
            if items.iter().all(|i| matches!(i, Expr::Lit(_))) {
                let vals: Vec<Value> = items
                    .iter()
                    .filter_map(|i| {
                        if let Expr::Lit(v) = i {
                            Some(v.clone())
                        } else {
                            None
                        }
                    })
                    .collect();
                *e = Expr::Lit(Value::Set(vals));
            }
        }
        Expr::Not(a) => fold(a),
        Expr::And(a, b) | Expr::Or(a, b) => {
            fold(a);
            fold(b);
        }
        Expr::Cmp { left, right, .. } => {
            fold(left);
            fold(right);
        }
        Expr::In { item, set } => {
            fold(item);
            fold(set);
        }
        Expr::SetOp { target, arg, .. } => {
            fold(target);
            if let Some(a) = arg {
                fold(a);
            }
        }
        Expr::WithinHours { time, .. } => fold(time),
        Expr::Lit(_)
        | Expr::Var(_)
        | Expr::Attr { .. }
        | Expr::Has { .. }
        | Expr::Consented { .. } => {}
    }
}

fn mentions_break_glass(e: &Expr) -> bool {
    match e {
        Expr::Attr {
            var: Var::Context,
            name,
            ..
        }
        | Expr::Has {
            var: Var::Context,
            name,
            ..
        } => name.starts_with("break_glass"),
        Expr::Lit(_)
        | Expr::Var(_)
        | Expr::Attr { .. }
        | Expr::Has { .. }
        | Expr::Consented { .. } => false,
        Expr::Set(v) => v.iter().any(mentions_break_glass),
        Expr::Not(a) => mentions_break_glass(a),
        Expr::And(a, b) | Expr::Or(a, b) => mentions_break_glass(a) || mentions_break_glass(b),
        Expr::Cmp { left, right, .. } => mentions_break_glass(left) || mentions_break_glass(right),
        Expr::In { item, set } => mentions_break_glass(item) || mentions_break_glass(set),
        Expr::SetOp { target, arg, .. } => {
            mentions_break_glass(target) || arg.as_deref().is_some_and(mentions_break_glass)
        }
        Expr::WithinHours { time, .. } => mentions_break_glass(time),
    }
}
