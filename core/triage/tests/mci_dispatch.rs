//! SALT (Lerner 2008), the START/JumpSTART age switch, CTAS/Manchester level-time models and
//! the dispatch rule engine with ARP categories (NHS England 2017).

use medcore_triage::dispatch::{ArpCategory, DeterminantLevel, UnitType, Urgency};
use medcore_triage::edscale::{EdScale, EdTriage, EdTriageInput};
use medcore_triage::mci::{salt, MciCategory, Protocol, SaltInput};
use medcore_triage::*;

fn salt_ok() -> SaltInput {
    SaltInput {
        walks: Some(false),
        waves_or_purposeful_movement: Some(true),
        breathing: Some(true),
        obeys_commands: Some(true),
        peripheral_pulse: Some(true),
        respiratory_distress: Some(false),
        major_haemorrhage_controlled: Some(true),
        minor_injuries_only: Some(false),
        likely_to_survive: None,
    }
}

#[test]
fn salt_categories() {
    let r = salt(&salt_ok()).unwrap();
    assert_eq!(
        (r.category, r.global_sort),
        (Some(MciCategory::Delayed), Some(2))
    );
    let r = salt(&SaltInput {
        minor_injuries_only: Some(true),
        walks: Some(true),
        ..salt_ok()
    })
    .unwrap();
    assert_eq!(
        (r.category, r.global_sort),
        (Some(MciCategory::Minor), Some(3))
    );
    let r = salt(&SaltInput {
        breathing: Some(false),
        ..salt_ok()
    })
    .unwrap();
    assert_eq!(r.category, Some(MciCategory::Dead));
    let r = salt(&SaltInput {
        respiratory_distress: Some(true),
        likely_to_survive: Some(true),
        ..salt_ok()
    })
    .unwrap();
    assert_eq!(
        (r.category, r.colour),
        (Some(MciCategory::Immediate), Some("red"))
    );
    let r = salt(&SaltInput {
        peripheral_pulse: Some(false),
        likely_to_survive: Some(false),
        ..salt_ok()
    })
    .unwrap();
    assert_eq!(
        (r.category, r.colour),
        (Some(MciCategory::Expectant), Some("grey"))
    );
    let r = salt(&SaltInput {
        peripheral_pulse: Some(false),
        ..salt_ok()
    })
    .unwrap();
    assert_eq!(
        (r.category, r.missing.clone()),
        (None, vec!["likely_to_survive"])
    );
}

#[test]
fn age_switch_between_jumpstart_and_start() {
    // RR 12: immediate under JumpSTART (< 15), delayed-path under START (≤ 30).
    let child = MciInput {
        age_years: Some(8.9),
        walking: Some(false),
        respiration_rate: Some(12.0),
        radial_pulse: Some(true),
        follows_commands: Some(true),
        avpu: Some(mci::PaediatricAvpu::Alert),
        ..Default::default()
    };
    let r = mci_triage(&child).unwrap();
    assert_eq!(
        (r.protocol, r.category),
        (Protocol::Jumpstart, Some(MciCategory::Immediate))
    );
    let adult = MciInput {
        age_years: Some(9.0),
        ..child
    };
    let r = mci_triage(&adult).unwrap();
    assert_eq!(
        (r.protocol, r.category),
        (Protocol::Start, Some(MciCategory::Delayed))
    );
    let unknown = MciInput {
        age_years: None,
        ..child
    };
    assert_eq!(mci_triage(&unknown).unwrap().missing, vec!["age_years"]);
    let bad = MciInput {
        breathing: Some(false),
        respiration_rate: Some(12.0),
        ..child
    };
    assert_eq!(
        mci_triage(&bad).unwrap_err().code(),
        "TRIAGE_INCONSISTENT_INPUT"
    );
}

#[test]
fn ed_level_time_models() {
    let l = EdScale::Ctas.level(2).unwrap();
    assert_eq!((l.target_minutes, l.fractile_percent), (15, Some(95)));
    assert_eq!(EdScale::Ctas.level(5).unwrap().target_minutes, 120);
    let m = EdScale::Manchester.level(2).unwrap();
    assert_eq!(
        (m.name, m.colour, m.target_minutes),
        ("very urgent", "orange", 10)
    );
    assert_eq!(EdScale::Manchester.level(5).unwrap().target_minutes, 240);
    assert!(EdScale::Manchester.overdue(3, 61.0).unwrap());
    assert!(!EdScale::Manchester.overdue(3, 60.0).unwrap());
    assert_eq!(
        EdScale::Ctas.level(6).unwrap_err().code(),
        "TRIAGE_OUT_OF_RANGE"
    );

    let engine = EdTriage::example().unwrap();
    let r = engine
        .triage(&EdTriageInput {
            presentation: "shortness_of_breath".into(),
            findings: vec!["recent_onset".into(), "spo2_below_90".into()],
        })
        .unwrap();
    assert_eq!(
        (r.level.level, r.discriminator.as_deref()),
        (2, Some("spo2_below_90"))
    );
    let r = engine
        .triage(&EdTriageInput {
            presentation: "limb_injury".into(),
            findings: vec![],
        })
        .unwrap();
    assert_eq!((r.level.level, r.discriminator), (5, None));
    let e = engine
        .triage(&EdTriageInput {
            presentation: "headache".into(),
            findings: vec![],
        })
        .unwrap_err();
    assert_eq!(e.code(), "TRIAGE_UNKNOWN_CODE");
}

fn call(findings: &[&str], age: Option<f64>) -> DispatchCall {
    DispatchCall {
        findings: findings.iter().map(|s| s.to_string()).collect(),
        age_years: age,
    }
}

#[test]
fn arp_targets() {
    assert_eq!(ArpCategory::C1.targets().mean_minutes, Some(7));
    assert_eq!(ArpCategory::C1.targets().p90_minutes, 15);
    assert_eq!(
        (
            ArpCategory::C2.targets().mean_minutes,
            ArpCategory::C2.targets().p90_minutes
        ),
        (Some(18), 40)
    );
    assert_eq!(
        (
            ArpCategory::C3.targets().mean_minutes,
            ArpCategory::C3.targets().p90_minutes
        ),
        (None, 120)
    );
    assert_eq!(
        (
            ArpCategory::C4.targets().mean_minutes,
            ArpCategory::C4.targets().p90_minutes
        ),
        (None, 180)
    );
}

#[test]
fn example_rules_map_findings_to_levels_and_routing() {
    let rules =
        DispatchRules::from_json(dispatch::EXAMPLE_RULES_JSON).expect("example table is valid");
    let r = dispatch(&rules, &call(&["unconscious", "not_breathing"], Some(60.0))).unwrap();
    assert_eq!(
        (r.level, r.determinant.as_str()),
        (DeterminantLevel::Echo, "echo:EX-01")
    );
    assert_eq!(r.targets.map(|t| t.p90_minutes), Some(15));
    assert_eq!(
        (
            r.routing.unit,
            r.routing.urgency,
            r.routing.units,
            r.routing.priority
        ),
        (UnitType::Als, Urgency::LightsAndSirens, 2, 1)
    );
    // Chest pain: age decides between the two rules.
    let r = dispatch(&rules, &call(&["chest_pain"], Some(50.0))).unwrap();
    assert_eq!(r.level, DeterminantLevel::Charlie);
    let r = dispatch(&rules, &call(&["chest_pain"], Some(25.0))).unwrap();
    assert_eq!(
        (r.level, r.routing.unit),
        (DeterminantLevel::Bravo, UnitType::Bls)
    );
    // Chest pain, age unknown: no age-bounded rule matches, so the table default applies.
    let r = dispatch(&rules, &call(&["chest_pain"], None)).unwrap();
    assert_eq!(r.determinant, "charlie:default");
    let r = dispatch(&rules, &call(&["medication_query"], Some(70.0))).unwrap();
    assert_eq!(
        (r.level, r.routing.dispatch, r.targets),
        (DeterminantLevel::Omega, false, None)
    );
    // Stroke within 4 hours outranks stroke.
    let r = dispatch(
        &rules,
        &call(&["face_arm_speech", "onset_under_4h"], Some(70.0)),
    )
    .unwrap();
    assert_eq!(
        r.matched.iter().map(|m| m.id.as_str()).collect::<Vec<_>>(),
        vec!["EX-11", "EX-12"]
    );
    let e = dispatch(&rules, &call(&["alien_abduction"], None)).unwrap_err();
    assert_eq!(e.code(), "TRIAGE_UNKNOWN_CODE");
    assert_eq!(
        dispatch_batch(&rules, &[call(&["fever", "alert"], None)]).len(),
        1
    );
    assert_eq!(DispatchRules::example(), rules);
}

#[test]
fn malformed_rule_tables_are_rejected_with_locations() {
    let mut data = DispatchRules::example().data().clone();
    data.rules[2].when.all.push("undeclared".into());
    assert!(DispatchRules::new(data)
        .unwrap_err()
        .to_string()
        .starts_with("rules[2].when.all[1]"));
    let mut data = DispatchRules::example().data().clone();
    data.plans.remove(&DeterminantLevel::Delta);
    assert_eq!(
        DispatchRules::new(data)
            .unwrap_err()
            .to_string()
            .split(':')
            .next(),
        Some("plans.delta")
    );
    let e = DispatchRules::from_json("{\"name\": 1}").unwrap_err();
    assert_eq!(e.code(), "TRIAGE_INVALID_TABLE");
}
