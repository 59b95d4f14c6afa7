//! Random policy sets and requests over a small test schema, from one seed, and their Cedar
//! translation (for the differential test).
#![allow(dead_code)]

use medcore_authz::{
    AuditLevel, BreakGlass, CmpOp, Combining, Environment, Expr, Obligation, PolicyDocument,
    Principal, Request, Resource, Rule, RuleKind, Schema, SetOp, Value, Var,
};

/// xorshift64*: deterministic, dependency-free.
pub struct Rng(pub u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

pub const ROLES: [&str; 4] = ["R0", "R1", "R2", "R3"];
pub const TYPES: [&str; 3] = ["Doc", "Rec", "Img"];
pub const ACTIONS: [&str; 4] = ["view", "edit", "share", "purge"];
const DEPTS: [&str; 3] = ["d0", "d1", "d2"];
const TAGS: [&str; 3] = ["t0", "t1", "t2"];
const USERS: [&str; 3] = ["u0", "u1", "u2"];

pub fn schema() -> Schema {
    let res = r#"{ "attributes": { "dept": "String", "level": "Long", "tags": "Set<String>", "team": "Set<String>",
                   "flag": "Bool", "note": "String?" }, "fields": ["body"], "actions": ["view", "edit", "share", "purge"] }"#;
    let text = format!(
        r#"{{ "roles": {{ "R0": {{ "clinical": true }}, "R1": {{ "clinical": true }}, "R2": {{}}, "R3": {{ "inherits": ["R0"] }} }},
            "principal": {{ "dept": "String", "level": "Long", "uid": "String" }},
            "resources": {{ "Doc": {res}, "Rec": {res}, "Img": {res} }} }}"#
    );
    Schema::from_json("<test-schema>", &text).expect("test schema")
}

fn attr(var: Var, name: &str) -> Expr {
    Expr::Attr {
        var,
        name: name.into(),
        pos: Default::default(),
    }
}
fn lit(v: impl Into<Value>) -> Expr {
    Expr::Lit(v.into())
}
fn b(e: Expr) -> Box<Expr> {
    Box::new(e)
}
fn strs(rng: &mut Rng, pool: &[&str]) -> Expr {
    let n = 1 + rng.below(2);
    Expr::Lit(Value::Set(
        (0..n).map(|_| Value::from(*rng.pick(pool))).collect(),
    ))
}

/// A condition; `extended` adds forms outside the Cedar-mapped subset (context, errors).
pub fn expr(rng: &mut Rng, depth: u32, extended: bool) -> Expr {
    if depth > 0 && rng.chance(40) {
        return match rng.below(3) {
            0 => Expr::Not(b(expr(rng, depth - 1, extended))),
            1 => Expr::And(
                b(expr(rng, depth - 1, extended)),
                b(expr(rng, depth - 1, extended)),
            ),
            _ => Expr::Or(
                b(expr(rng, depth - 1, extended)),
                b(expr(rng, depth - 1, extended)),
            ),
        };
    }
    let n = if extended { 14 } else { 12 };
    match rng.below(n) {
        0 => Expr::Cmp {
            op: CmpOp::Eq,
            left: b(attr(Var::Resource, "dept")),
            right: b(attr(Var::Principal, "dept")),
        },
        1 => Expr::Cmp {
            op: *rng.pick(&[CmpOp::Eq, CmpOp::Ne]),
            left: b(attr(Var::Resource, "dept")),
            right: b(lit(*rng.pick(&DEPTS))),
        },
        2 => Expr::Cmp {
            op: *rng.pick(&[CmpOp::Lt, CmpOp::Le, CmpOp::Gt, CmpOp::Ge]),
            left: b(attr(Var::Resource, "level")),
            right: b(if rng.chance(50) {
                attr(Var::Principal, "level")
            } else {
                lit(rng.below(6) as i64)
            }),
        },
        3 => Expr::In {
            item: b(Expr::Var(Var::Principal)),
            set: b(attr(Var::Resource, "team")),
        },
        4 => Expr::SetOp {
            op: SetOp::Contains,
            target: b(attr(Var::Resource, "tags")),
            arg: Some(b(lit(*rng.pick(&TAGS)))),
        },
        5 => Expr::SetOp {
            op: SetOp::ContainsAny,
            target: b(attr(Var::Resource, "tags")),
            arg: Some(b(strs(rng, &TAGS))),
        },
        6 => Expr::SetOp {
            op: SetOp::ContainsAll,
            target: b(attr(Var::Resource, "tags")),
            arg: Some(b(strs(rng, &TAGS))),
        },
        7 => attr(Var::Resource, "flag"),
        8 => Expr::And(
            b(Expr::Has {
                var: Var::Resource,
                name: "note".into(),
                pos: Default::default(),
            }),
            b(Expr::Cmp {
                op: CmpOp::Eq,
                left: b(attr(Var::Resource, "note")),
                right: b(lit("n0")),
            }),
        ),
        9 => Expr::SetOp {
            op: SetOp::IsEmpty,
            target: b(attr(Var::Resource, "tags")),
            arg: None,
        },
        10 => Expr::Has {
            var: Var::Resource,
            name: "note".into(),
            pos: Default::default(),
        },
        11 => lit(rng.chance(50)),
        12 => attr(Var::Context, "break_glass"),
        // Unguarded optional attribute: an evaluation error when absent.
        _ => Expr::Cmp {
            op: CmpOp::Eq,
            left: b(attr(Var::Resource, "note")),
            right: b(lit("n1")),
        },
    }
}

fn names(rng: &mut Rng, pool: &[&str], wildcard_pct: u64) -> Option<Vec<String>> {
    if rng.chance(wildcard_pct) {
        return None;
    }
    let mut v: Vec<String> = Vec::new();
    for _ in 0..1 + rng.below(2) {
        let n = rng.pick(pool).to_string();
        if !v.contains(&n) {
            v.push(n);
        }
    }
    Some(v)
}

pub fn rule(rng: &mut Rng, id: usize, extended: bool) -> Rule {
    let kind = if extended {
        *rng.pick(&[
            RuleKind::Permit,
            RuleKind::Permit,
            RuleKind::Forbid,
            RuleKind::Obligate,
        ])
    } else {
        *rng.pick(&[RuleKind::Permit, RuleKind::Permit, RuleKind::Forbid])
    };
    let hard = extended && kind == RuleKind::Forbid && rng.chance(30);
    let mut cond_ext = extended;
    let when = if rng.chance(75) {
        // Hard forbids may not mention break-glass (checked at load).
        if hard {
            cond_ext = false;
        }
        Some(expr(rng, 2, cond_ext))
    } else {
        None
    };
    let unless = if extended && !hard && rng.chance(20) {
        Some(expr(rng, 1, true))
    } else {
        None
    };
    let obligations = if rng.chance(50) {
        vec![rng
            .pick(&[
                Obligation::Audit {
                    level: AuditLevel::Low,
                },
                Obligation::Audit {
                    level: AuditLevel::Medium,
                },
            ])
            .clone()]
        .into_iter()
        .chain(rng.chance(30).then(|| Obligation::Redact {
            field: "body".into(),
        }))
        .collect()
    } else {
        Vec::new()
    };
    Rule {
        id: format!("r{id}"),
        kind,
        hard,
        roles: names(rng, &ROLES, 25),
        actions: names(rng, &ACTIONS, 25),
        resources: names(rng, &TYPES, 30),
        when,
        unless,
        obligations,
        advice: Vec::new(),
        pos: Default::default(),
        name_pos: Vec::new(),
    }
}

pub fn document(rng: &mut Rng, max_rules: usize, extended: bool) -> PolicyDocument {
    let n = rng.below(max_rules + 1);
    let combining = if extended {
        Some(*rng.pick(&[
            Combining::DenyOverrides,
            Combining::PermitOverrides,
            Combining::FirstApplicable,
        ]))
    } else {
        None
    };
    PolicyDocument {
        combining,
        rules: (0..n).map(|i| rule(rng, i, extended)).collect(),
    }
}

pub fn request(rng: &mut Rng, extended: bool) -> Request {
    let uid = rng.pick(&USERS).to_string();
    let mut roles = Vec::new();
    for _ in 0..rng.below(3) {
        let r = rng.pick(&ROLES).to_string();
        if !roles.contains(&r) {
            roles.push(r);
        }
    }
    let mut p = Principal {
        id: uid.clone(),
        roles,
        ..Default::default()
    };
    p.attributes
        .insert("dept".into(), (*rng.pick(&DEPTS)).into());
    p.attributes
        .insert("level".into(), (rng.below(6) as i64).into());
    p.attributes.insert("uid".into(), uid.into());
    let mut r = Resource {
        kind: rng.pick(&TYPES).to_string(),
        id: format!("x{}", rng.below(5)),
        ..Default::default()
    };
    let a = &mut r.attributes;
    a.insert("dept".into(), (*rng.pick(&DEPTS)).into());
    a.insert("level".into(), (rng.below(6) as i64).into());
    let mut tags = Vec::new();
    for t in TAGS {
        if rng.chance(40) {
            tags.push(Value::from(t));
        }
    }
    a.insert("tags".into(), Value::Set(tags));
    let mut team = Vec::new();
    for u in USERS {
        if rng.chance(35) {
            team.push(Value::from(u));
        }
    }
    a.insert("team".into(), Value::Set(team));
    a.insert("flag".into(), rng.chance(50).into());
    if rng.chance(50) {
        a.insert("note".into(), (*rng.pick(&["n0", "n1"])).into());
    }
    let mut env = Environment {
        time: 1_772_445_600,
        ..Default::default()
    };
    if extended && rng.chance(30) {
        env.purpose_of_use = Some((*rng.pick(&["ETREAT", "BTG", "TREAT"])).into());
        env.break_glass = Some(BreakGlass {
            reason: (*rng.pick(&["code blue", "", "trauma"])).into(),
            expires_at: None,
        });
    }
    Request {
        principal: p,
        action: rng.pick(&ACTIONS).to_string(),
        resource: r,
        environment: env,
    }
}

// ---- Cedar translation of the mapped subset ----

pub fn cedar_expr(e: &Expr) -> String {
    match e {
        Expr::Lit(Value::Bool(x)) => x.to_string(),
        Expr::Lit(Value::Long(n)) => n.to_string(),
        Expr::Lit(Value::String(s)) => format!("{s:?}"),
        Expr::Lit(Value::Set(items)) => {
            format!(
                "[{}]",
                items
                    .iter()
                    .map(|i| cedar_expr(&Expr::Lit(i.clone())))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        }
        Expr::Var(Var::Principal) => "principal.uid".into(),
        Expr::Attr { var, name, .. } => format!("{}.{name}", var.as_str()),
        Expr::Not(a) => format!("!({})", cedar_expr(a)),
        Expr::And(a, c) => format!("({}) && ({})", cedar_expr(a), cedar_expr(c)),
        Expr::Or(a, c) => format!("({}) || ({})", cedar_expr(a), cedar_expr(c)),
        Expr::Cmp { op, left, right } => format!(
            "({}) {} ({})",
            cedar_expr(left),
            op.as_str(),
            cedar_expr(right)
        ),
        Expr::In { item, set } => format!("({}).contains({})", cedar_expr(set), cedar_expr(item)),
        Expr::Has { var, name, .. } => format!("{} has {name}", var.as_str()),
        Expr::SetOp { op, target, arg } => match op {
            SetOp::IsEmpty => format!("({}).isEmpty()", cedar_expr(target)),
            _ => format!(
                "({}).{}({})",
                cedar_expr(target),
                op.as_str(),
                arg.as_deref().map(cedar_expr).unwrap_or_default()
            ),
        },
        other => panic!("outside the Cedar-mapped subset: {other:?}"),
    }
}

/// The Cedar policy text of one rule (permit/forbid, no hard, no obligate).
pub fn cedar_policy(r: &Rule) -> String {
    let effect = match r.kind {
        RuleKind::Permit => "permit",
        RuleKind::Forbid => "forbid",
        RuleKind::Obligate => panic!("obligate has no Cedar form"),
    };
    let action = match &r.actions {
        None => "action".to_string(),
        Some(l) => format!(
            "action in [{}]",
            l.iter()
                .map(|a| format!("Action::{a:?}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    let mut conds = Vec::new();
    if let Some(roles) = &r.roles {
        conds.push(
            roles
                .iter()
                .map(|x| format!("principal in Role::{x:?}"))
                .collect::<Vec<_>>()
                .join(" || "),
        );
    }
    if let Some(types) = &r.resources {
        conds.push(
            types
                .iter()
                .map(|t| format!("resource is {t}"))
                .collect::<Vec<_>>()
                .join(" || "),
        );
    }
    if let Some(w) = &r.when {
        conds.push(cedar_expr(w));
    }
    let mut text = format!("{effect}(principal, {action}, resource)");
    for c in conds {
        text.push_str(&format!(" when {{ {c} }}"));
    }
    text.push(';');
    text
}

/// Cedar entities JSON for a request (principal with role parents, roles with the schema's
/// inheritance, the resource).
pub fn cedar_entities(req: &Request) -> serde_json::Value {
    use serde_json::json;
    let to_json = |v: &Value| serde_json::to_value(v).expect("value json");
    let attrs = |a: &medcore_authz::Attributes| -> serde_json::Map<String, serde_json::Value> {
        a.iter().map(|(k, v)| (k.clone(), to_json(v))).collect()
    };
    let mut ents = vec![json!({
        "uid": { "type": "User", "id": req.principal.id },
        "attrs": attrs(&req.principal.attributes),
        "parents": req.principal.roles.iter().map(|r| json!({"type": "Role", "id": r})).collect::<Vec<_>>(),
    })];
    for r in ROLES {
        let parents: Vec<serde_json::Value> = if r == "R3" {
            vec![json!({"type": "Role", "id": "R0"})]
        } else {
            vec![]
        };
        ents.push(json!({ "uid": { "type": "Role", "id": r }, "attrs": {}, "parents": parents }));
    }
    ents.push(json!({
        "uid": { "type": req.resource.kind, "id": req.resource.id },
        "attrs": attrs(&req.resource.attributes),
        "parents": [],
    }));
    serde_json::Value::Array(ents)
}
