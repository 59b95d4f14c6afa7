//! Decision cost of medcore-authz against cedar-policy and casbin, in the same run, at 10
//! and 10,000 rules. Every engine gets the same role/action/type rules; medcore and Cedar also
//! evaluate the same attribute condition (`resource.dept == principal.dept`); casbin runs the
//! plain RBAC form of the rules (its ABAC matchers cannot express the condition per rule).
//!
//! Run: `cargo bench -p medcore-authz --features bench-peers --bench authz -- --warm-up-time 1 --measurement-time 3`

use casbin::prelude::*;
use cedar_policy::{
    Authorizer, Context, Entities, EntityUid, Policy, PolicyId, PolicySet as CPolicySet,
    Request as CRequest,
};
use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use medcore_authz::{
    default_policy_set, Environment, PolicySetBuilder, Principal, Request, Resource, Schema, Value,
};
use std::str::FromStr;

const ROLES: usize = 100;
const TYPES: usize = 50;
const ACTIONS: usize = 10;

fn schema() -> Schema {
    let actions: Vec<String> = (0..ACTIONS).map(|a| format!("\"a{a}\"")).collect();
    let res: Vec<String> = (0..TYPES)
        .map(|t| {
            format!(
                "\"T{t}\": {{ \"attributes\": {{ \"dept\": \"String\" }}, \"actions\": [{}] }}",
                actions.join(",")
            )
        })
        .collect();
    let roles: Vec<String> = (0..ROLES).map(|r| format!("\"R{r}\": {{}}")).collect();
    let text = format!(
        "{{ \"roles\": {{ {} }}, \"principal\": {{ \"dept\": \"String\" }}, \"resources\": {{ {} }} }}",
        roles.join(","),
        res.join(",")
    );
    Schema::from_json("bench", &text).expect("schema")
}

/// The i-th rule's (role, type, action): distinct for i < 50,000.
fn triple(i: usize) -> (usize, usize, usize) {
    (
        i % ROLES,
        (i / ROLES) % TYPES,
        (i / (ROLES * TYPES)) % ACTIONS,
    )
}

fn medcore_text(n: usize) -> String {
    (0..n)
        .map(|i| {
            let (r, t, a) = triple(i);
            format!("@id(\"p{i}\") permit(role: R{r}, action: a{a}, resource: T{t}) when {{ resource.dept == principal.dept }};\n")
        })
        .collect()
}

fn cedar_set(n: usize) -> CPolicySet {
    let mut ps = CPolicySet::new();
    for i in 0..n {
        let (r, t, a) = triple(i);
        let text = format!(
            "permit(principal in Role::\"R{r}\", action == Action::\"a{a}\", resource is T{t}) when {{ resource.dept == principal.dept }};"
        );
        ps.add(Policy::parse(Some(PolicyId::new(format!("p{i}"))), text).expect("cedar policy"))
            .expect("add");
    }
    ps
}

fn casbin_enforcer(rt: &tokio::runtime::Runtime, n: usize, user: &str, role: usize) -> Enforcer {
    rt.block_on(async {
        let model = DefaultModel::from_str(
            "[request_definition]\nr = sub, obj, act\n[policy_definition]\np = sub, obj, act\n\
             [role_definition]\ng = _, _\n[policy_effect]\ne = some(where (p.eft == allow))\n\
             [matchers]\nm = g(r.sub, p.sub) && r.obj == p.obj && r.act == p.act\n",
        )
        .await
        .expect("model");
        let mut e = Enforcer::new(model, MemoryAdapter::default())
            .await
            .expect("enforcer");
        let rules: Vec<Vec<String>> = (0..n)
            .map(|i| {
                let (r, t, a) = triple(i);
                vec![format!("R{r}"), format!("T{t}"), format!("a{a}")]
            })
            .collect();
        e.add_policies(rules).await.expect("policies");
        e.add_grouping_policy(vec![user.to_string(), format!("R{role}")])
            .await
            .expect("grouping");
        e
    })
}

fn bench(c: &mut Criterion) {
    let schema = schema();
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime");
    let authorizer = Authorizer::new();
    for n in [10usize, 10_000] {
        let mut b = PolicySetBuilder::new(schema.clone());
        b.add_text("bench", &medcore_text(n)).expect("policies");
        let ours = b.build().expect("build");
        // The request matches rule 7 (role R7, type T0, action a0) and its condition holds.
        let (role, ty, action) = triple(7);
        let mut principal = Principal {
            id: "u1".into(),
            roles: vec![format!("R{role}")],
            ..Default::default()
        };
        principal.attributes.insert("dept".into(), "cardio".into());
        let mut resource = Resource {
            kind: format!("T{ty}"),
            id: "r1".into(),
            ..Default::default()
        };
        resource
            .attributes
            .insert("dept".into(), Value::from("cardio"));
        let req = Request {
            principal,
            action: format!("a{action}"),
            resource,
            environment: Environment::default(),
        };
        assert!(ours.authorize(&req).is_allowed());
        let batch: Vec<Request> = (0..100).map(|_| req.clone()).collect();

        let cedar = cedar_set(n);
        let entities = Entities::from_json_value(
            serde_json::json!([
                { "uid": { "type": "User", "id": "u1" }, "attrs": { "dept": "cardio" }, "parents": [{ "type": "Role", "id": format!("R{role}") }] },
                { "uid": { "type": "Role", "id": format!("R{role}") }, "attrs": {}, "parents": [] },
                { "uid": { "type": format!("T{ty}"), "id": "r1" }, "attrs": { "dept": "cardio" }, "parents": [] }
            ]),
            None,
        )
        .expect("entities");
        let creq = CRequest::new(
            EntityUid::from_str("User::\"u1\"").expect("uid"),
            EntityUid::from_str(&format!("Action::\"a{action}\"")).expect("uid"),
            EntityUid::from_str(&format!("T{ty}::\"r1\"")).expect("uid"),
            Context::empty(),
            None,
        )
        .expect("request");
        assert_eq!(
            authorizer
                .is_authorized(&creq, &cedar, &entities)
                .decision(),
            cedar_policy::Decision::Allow
        );

        let enforcer = casbin_enforcer(&rt, n, "u1", role);
        let (obj, act) = (format!("T{ty}"), format!("a{action}"));
        assert!(enforcer
            .enforce(("u1", obj.as_str(), act.as_str()))
            .expect("enforce"));

        let mut g = c.benchmark_group(format!("authz_{n}_rules"));
        g.throughput(Throughput::Elements(1));
        g.bench_function(BenchmarkId::new("medcore", n), |bch| {
            bch.iter(|| ours.authorize(black_box(&req)))
        });
        g.bench_function(BenchmarkId::new("cedar", n), |bch| {
            bch.iter(|| authorizer.is_authorized(black_box(&creq), &cedar, &entities))
        });
        g.bench_function(BenchmarkId::new("casbin", n), |bch| {
            bch.iter(|| enforcer.enforce(black_box(("u1", obj.as_str(), act.as_str()))))
        });
        g.finish();
        let mut g = c.benchmark_group(format!("authz_{n}_rules_batch100"));
        g.throughput(Throughput::Elements(100));
        g.bench_function(BenchmarkId::new("medcore_batch", n), |bch| {
            bch.iter(|| ours.authorize_batch(black_box(&batch)))
        });
        g.finish();
    }

    // The embedded default hospital set (30 rules with relationships, sensitivity, obligations).
    let ps = default_policy_set();
    let mut p = Principal {
        id: "dr-ada".into(),
        roles: vec!["Doctor".into()],
        ..Default::default()
    };
    p.attributes
        .insert("department".into(), "cardiology".into());
    let mut r = Resource {
        kind: "Patient".into(),
        id: "p-1".into(),
        ..Default::default()
    };
    for (k, v) in [
        ("patient", "p-1"),
        ("department", "cardiology"),
        ("confidentiality", "N"),
    ] {
        r.attributes.insert(k.into(), v.into());
    }
    r.attributes
        .insert("care_team".into(), Value::Set(vec!["dr-bob".into()]));
    r.attributes.insert("labels".into(), Value::Set(vec![]));
    let req = Request {
        principal: p,
        action: "read".into(),
        resource: r,
        environment: Environment::default(),
    };
    assert!(ps.authorize(&req).is_allowed());
    let mut g = c.benchmark_group("authz_default_set");
    g.throughput(Throughput::Elements(1));
    g.bench_function("doctor_reads_patient", |bch| {
        bch.iter(|| ps.authorize(black_box(&req)))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
