//! Property tests over random policy sets and requests (tests/gen).

mod gen;
use gen::*;
use medcore_authz::{
    AuditLevel, Combining, Effect, Obligation, PolicyDocument, PolicySet, PolicySetBuilder,
    Request, Rule, RuleKind,
};
use proptest::prelude::*;

fn build(doc: &PolicyDocument) -> PolicySet {
    let mut b = PolicySetBuilder::new(schema());
    b.add_document("<gen>", doc.clone())
        .expect("generated rules are valid");
    b.build().expect("builds")
}

fn gen_case(seed: u64, max_rules: usize) -> (PolicyDocument, Vec<Request>) {
    let mut rng = gen::Rng::new(seed);
    let doc = document(&mut rng, max_rules, true);
    let reqs = (0..8).map(|_| request(&mut rng, true)).collect();
    (doc, reqs)
}

fn extra_rule(seed: u64, kind: RuleKind) -> Rule {
    let mut rng = gen::Rng::new(seed ^ 0xABCD);
    let mut r = rule(&mut rng, 9999, true);
    r.kind = kind;
    r.hard = kind == RuleKind::Forbid && r.hard;
    if r.hard {
        r.unless = None;
        // Regenerate a condition without context references.
        r.when = Some(expr(&mut rng, 2, false));
    }
    r
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn default_deny(seed in any::<u64>()) {
        let (mut doc, reqs) = gen_case(seed, 12);
        doc.rules.retain(|r| r.kind != RuleKind::Permit);
        let ps = build(&doc);
        for req in &reqs {
            prop_assert_eq!(ps.authorize(req).effect, Effect::Deny);
        }
        let empty = build(&PolicyDocument::default());
        for req in &reqs {
            let d = empty.authorize(req);
            prop_assert_eq!(d.effect, Effect::Deny);
            prop_assert!(d.determining.is_empty());
        }
    }

    #[test]
    fn adding_a_forbid_never_turns_deny_into_allow(seed in any::<u64>(), pos in any::<prop::sample::Index>()) {
        let (doc, reqs) = gen_case(seed, 12);
        let before = build(&doc);
        let mut more = doc.clone();
        let at = pos.index(more.rules.len() + 1);
        more.rules.insert(at, extra_rule(seed, RuleKind::Forbid));
        let after = build(&more);
        for req in &reqs {
            if before.authorize(req).effect == Effect::Deny {
                prop_assert_eq!(after.authorize(req).effect, Effect::Deny);
            }
        }
    }

    #[test]
    fn adding_a_permit_never_turns_allow_into_deny(seed in any::<u64>(), pos in any::<prop::sample::Index>()) {
        let (doc, reqs) = gen_case(seed, 12);
        let before = build(&doc);
        let mut more = doc.clone();
        let at = pos.index(more.rules.len() + 1);
        more.rules.insert(at, extra_rule(seed, RuleKind::Permit));
        let after = build(&more);
        for req in &reqs {
            if before.authorize(req).effect == Effect::Allow {
                prop_assert_eq!(after.authorize(req).effect, Effect::Allow);
            }
        }
    }

    #[test]
    fn rule_order_is_irrelevant_under_deny_overrides(seed in any::<u64>(), shuffle in any::<u64>()) {
        let (mut doc, reqs) = gen_case(seed, 12);
        doc.combining = Some(Combining::DenyOverrides);
        let a = build(&doc);
        let mut rng = gen::Rng::new(shuffle);
        for i in (1..doc.rules.len()).rev() {
            let j = rng.below(i + 1);
            doc.rules.swap(i, j);
        }
        let b = build(&doc);
        for req in &reqs {
            let (da, db) = (a.authorize(req), b.authorize(req));
            prop_assert_eq!(da.effect, db.effect);
            let mut ra: Vec<_> = da.determining.clone(); ra.sort();
            let mut rb: Vec<_> = db.determining.clone(); rb.sort();
            prop_assert_eq!(ra, rb);
            let mut oa: Vec<String> = da.obligations.iter().map(|o| format!("{o:?}")).collect(); oa.sort();
            let mut ob: Vec<String> = db.obligations.iter().map(|o| format!("{o:?}")).collect(); ob.sort();
            prop_assert_eq!(oa, ob);
        }
    }

    #[test]
    fn break_glass_never_beats_a_hard_forbid_and_always_audits(seed in any::<u64>()) {
        let (doc, reqs) = gen_case(seed, 12);
        let ps = build(&doc);
        for req in &reqs {
            let plain = Request { environment: Default::default(), ..req.clone() };
            let mut bg = plain.clone();
            bg.environment.purpose_of_use = Some("ETREAT".into());
            bg.environment.break_glass = Some(medcore_authz::BreakGlass { reason: "code blue".into(), expires_at: None });
            let (_, ex) = ps.explain(&bg);
            let hard_applies = ex.trace.iter().any(|t| t.hard && t.outcome != medcore_authz::RuleOutcome::NotApplicable);
            let d = ps.authorize(&bg);
            if hard_applies {
                prop_assert_eq!(d.effect, Effect::Deny);
            }
            // A hard forbid that denies without break-glass still denies with it.
            let dp = ps.authorize(&plain);
            if dp.effect == Effect::Deny && dp.determining.iter().any(|id| ps.rules().iter().any(|r| r.hard && r.id == **id)) {
                prop_assert_eq!(d.effect, Effect::Deny);
            }
            let high = Obligation::Audit { level: AuditLevel::High };
            prop_assert!(d.obligations.contains(&high));
            if req.environment.break_glass.is_some() {
                prop_assert!(ps.authorize(req).obligations.contains(&high));
            }
        }
    }

    #[test]
    fn index_equals_full_scan(seed in any::<u64>()) {
        let (doc, reqs) = gen_case(seed, 40);
        let ps = build(&doc);
        for req in &reqs {
            prop_assert_eq!(ps.authorize(req), ps.authorize_full_scan(req));
        }
        // Requests naming unknown roles, actions and types take the same path.
        let mut odd = reqs[0].clone();
        odd.principal.roles.push("Nobody".into());
        odd.action = "teleport".into();
        prop_assert_eq!(ps.authorize(&odd), ps.authorize_full_scan(&odd));
        odd.resource.kind = "Spaceship".into();
        prop_assert_eq!(ps.authorize(&odd), ps.authorize_full_scan(&odd));
    }

    #[test]
    fn filter_agrees_with_authorize(seed in any::<u64>()) {
        let (doc, reqs) = gen_case(seed, 12);
        let ps = build(&doc);
        let first = &reqs[0];
        let fr = medcore_authz::FilterRequest {
            principal: first.principal.clone(),
            action: first.action.clone(),
            resource_type: first.resource.kind.clone(),
            environment: first.environment.clone(),
        };
        let f = ps.filter(&fr).expect("filter");
        prop_assert!(f.approximated.is_empty());
        for req in &reqs {
            let mut r = req.resource.clone();
            r.kind = fr.resource_type.clone();
            let direct = Request { resource: r.clone(), ..first.clone() };
            prop_assert_eq!(f.matches(&r), ps.authorize(&direct).is_allowed(), "{:?}", f.residual);
        }
    }

    #[test]
    fn text_and_json_forms_round_trip(seed in any::<u64>()) {
        let (doc, _) = gen_case(seed, 8);
        let text = doc.to_string();
        let parsed = medcore_authz::parse_policies("<rt>", &text).expect("printed policies parse");
        // Literal sets and set expressions print alike; the printed forms must agree.
        prop_assert_eq!(parsed.to_string(), text);
        let json = serde_json::to_string(&doc).unwrap();
        let mut b = PolicySetBuilder::new(schema());
        b.add_json("<json>", &json).expect("json form loads");
        let from_json = b.build().unwrap();
        let rebuilt = build(&doc);
        prop_assert_eq!(from_json.hash(), rebuilt.hash());
    }
}
