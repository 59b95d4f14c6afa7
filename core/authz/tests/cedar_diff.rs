//! Differential test against AWS Cedar (`cedar-policy`): 10,000 random policy sets, each with
//! two random requests, generated from one random syntax tree into both languages, on the
//! subset that maps one to one (permit/forbid, deny-overrides, role scopes with inheritance,
//! action and type scopes, comparisons, membership, set operations, attribute presence).
//! Effects and determining rule sets must be identical.

mod gen;
use cedar_policy::{
    Authorizer, Context, Decision as CDecision, Entities, EntityUid, Policy, PolicyId,
    PolicySet as CPolicySet, Request as CRequest,
};
use gen::*;
use medcore_authz::{Effect, PolicySetBuilder};
use std::str::FromStr;

#[test]
fn identical_decisions_to_cedar_on_10000_random_policy_sets() {
    let schema = schema();
    let authorizer = Authorizer::new();
    let mut allows = 0;
    let mut compared = 0;
    for seed in 0..10_000u64 {
        let mut rng = Rng::new(seed);
        let doc = document(&mut rng, 10, false);
        let mut b = PolicySetBuilder::new(schema.clone());
        b.add_document("<gen>", doc.clone()).expect("valid");
        let ours = b.build().expect("builds");
        let mut cedar = CPolicySet::new();
        for r in &doc.rules {
            let text = cedar_policy(r);
            let p = Policy::parse(Some(PolicyId::new(&r.id)), &text)
                .unwrap_or_else(|e| panic!("{text}: {e}"));
            cedar.add(p).expect("unique ids");
        }
        for _ in 0..2 {
            let req = request(&mut rng, false);
            let entities = Entities::from_json_value(cedar_entities(&req), None).expect("entities");
            let creq = CRequest::new(
                EntityUid::from_str(&format!("User::{:?}", req.principal.id)).unwrap(),
                EntityUid::from_str(&format!("Action::{:?}", req.action)).unwrap(),
                EntityUid::from_str(&format!("{}::{:?}", req.resource.kind, req.resource.id))
                    .unwrap(),
                Context::empty(),
                None,
            )
            .expect("request");
            let resp = authorizer.is_authorized(&creq, &cedar, &entities);
            let errors: Vec<String> = resp.diagnostics().errors().map(|e| e.to_string()).collect();
            assert!(errors.is_empty(), "seed {seed}: Cedar errors {errors:?}");
            let d = ours.authorize(&req);
            let want = if resp.decision() == CDecision::Allow {
                Effect::Allow
            } else {
                Effect::Deny
            };
            let mut theirs: Vec<String> =
                resp.diagnostics().reason().map(|p| p.to_string()).collect();
            theirs.sort();
            let mut mine: Vec<String> = d.determining.iter().map(|s| s.to_string()).collect();
            mine.sort();
            assert_eq!(d.effect, want, "seed {seed}\n{doc}\n{req:?}");
            assert_eq!(mine, theirs, "seed {seed}\n{doc}\n{req:?}");
            assert!(d.errors.is_empty());
            allows += usize::from(d.is_allowed());
            compared += 1;
        }
    }
    assert_eq!(compared, 20_000);
    // The generator exercises both outcomes substantially.
    assert!(allows > 2_000 && allows < 18_000, "allows = {allows}");
}
