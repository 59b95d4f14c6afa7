//! ESI worked examples. The cases are written for medcore and follow the case categories of
//! the handbooks: Gilboy N et al., Emergency Severity Index Version 4 Implementation Handbook,
//! 2012 edition, AHRQ 12-0014 — ch. 3 (level 1: immediate life-saving intervention,
//! unresponsive), ch. 4 (level 2: high-risk situation, new confusion, severe pain/distress),
//! ch. 5 (resources, table 5-1, and the "predicting resources" examples), ch. 6 (danger-zone
//! vital signs, figure 6-1) and ch. 7 (paediatric fever); and the ENA ESI Handbook, 5th
//! edition (2020), chapters 3–6 for decision points A–D.

use medcore_triage::esi::{esi, DecisionPoint, EsiInput, EsiResource, EsiVersion};
use medcore_triage::TriageError;
use EsiResource::*;

/// Decision points A and B answered "no".
fn past_b(age_years: f64, resources: &[EsiResource]) -> EsiInput {
    EsiInput {
        age_years: Some(age_years),
        lifesaving_intervention: Some(false),
        unresponsive: Some(false),
        high_risk_situation: Some(false),
        new_confusion_lethargy_disorientation: Some(false),
        severe_pain_or_distress: Some(false),
        resources: Some(resources.to_vec()),
        heart_rate: Some(80.0),
        respiration_rate: Some(16.0),
        spo2: Some(98.0),
        ..Default::default()
    }
}

fn level(i: &EsiInput) -> Option<u8> {
    esi(i).unwrap().level
}

#[test]
fn a_cardiac_arrest_and_unresponsive_overdose_are_level_1() {
    // ch. 3: pulseless and apnoeic, needs immediate intervention.
    let r = esi(&EsiInput {
        lifesaving_intervention: Some(true),
        ..Default::default()
    })
    .unwrap();
    assert_eq!(r.level, Some(1));
    assert_eq!(r.path.len(), 1);
    assert_eq!(r.path[0].point, DecisionPoint::A);
    // ch. 3: responds only to pain (P on AVPU) after an overdose.
    let r = esi(&EsiInput {
        lifesaving_intervention: Some(false),
        unresponsive: Some(true),
        ..Default::default()
    })
    .unwrap();
    assert_eq!(r.level, Some(1));
    assert!(r.path[0].answer.contains("unresponsive"));
}

#[test]
fn b_high_risk_confusion_and_severe_pain_are_level_2() {
    // ch. 4: 55-year-old with chest pressure suggestive of acute coronary syndrome, stable.
    let i = EsiInput {
        high_risk_situation: Some(true),
        ..past_b(55.0, &[Labs, Ecg])
    };
    assert_eq!(level(&i), Some(2));
    // ch. 4: 80-year-old with new confusion.
    let i = EsiInput {
        new_confusion_lethargy_disorientation: Some(true),
        ..past_b(80.0, &[Labs])
    };
    assert_eq!(level(&i), Some(2));
    // ch. 4: renal colic, pain 9/10, severe distress judged by the nurse.
    let i = EsiInput {
        severe_pain_or_distress: Some(true),
        pain_score: Some(9.0),
        ..past_b(40.0, &[Labs, Ct])
    };
    let r = esi(&i).unwrap();
    assert_eq!(r.level, Some(2));
    assert_eq!(r.path.last().unwrap().point, DecisionPoint::B);
}

#[test]
fn b_febrile_neonate_and_hypothermic_infant_are_level_2() {
    // ch. 7: 14-day-old, rectal temperature 38.2 °C.
    let i = EsiInput {
        age_years: None,
        age_days: Some(14.0),
        temperature: Some(38.2),
        ..past_b(0.0, &[])
    };
    let r = esi(&i).unwrap();
    assert_eq!(r.level, Some(2));
    assert!(r.path[1].answer.contains("febrile neonate"));
    // Edge: exactly 38.0 at 28 days is febrile; 29 days is not a neonate.
    let i = EsiInput {
        age_days: Some(28.0),
        temperature: Some(38.0),
        ..past_b(0.0, &[])
    };
    assert_eq!(level(&i), Some(2));
    let i = EsiInput {
        age_days: Some(29.0),
        temperature: Some(38.0),
        ..past_b(0.0, &[])
    };
    assert_eq!(level(&i), Some(5));
    // Hypothermic infant: 60 days, 36.2 °C.
    let i = EsiInput {
        age_days: Some(60.0),
        temperature: Some(36.2),
        ..past_b(0.0, &[])
    };
    assert_eq!(level(&i), Some(2));
}

#[test]
fn c_resource_counting_rules() {
    // ch. 5 examples: poison ivy in a healthy 10-year-old: examination and a prescription.
    let r = esi(&past_b(10.0, &[HistoryAndPhysical, PrescriptionRefill])).unwrap();
    assert_eq!((r.level, r.resources_counted), (Some(5), Some(0)));
    // Urinary tract infection: urinalysis, culture and hCG are one resource (labs).
    let r = esi(&past_b(29.0, &[Labs, Labs, Labs, OralMedication])).unwrap();
    assert_eq!((r.level, r.resources_counted), (Some(4), Some(1)));
    assert_eq!(r.resource_lines[1].counted, 0);
    // Ankle sprain: X-ray; splint, crutches and oral analgesia are not resources.
    let r = esi(&past_b(
        25.0,
        &[Xray, CrutchesSplintsSlings, OralMedication],
    ))
    .unwrap();
    assert_eq!(r.level, Some(4));
    // Laceration repair with tetanus: one simple procedure.
    let r = esi(&past_b(
        30.0,
        &[SimpleProcedure, TetanusImmunisation, SimpleWoundCare],
    ))
    .unwrap();
    assert_eq!(r.level, Some(4));
    // Right lower quadrant pain: labs, IV fluids, CT, surgical consult: many.
    let r = esi(&past_b(22.0, &[Labs, IvFluids, Ct, SpecialtyConsultation])).unwrap();
    assert_eq!((r.level, r.resources_counted), (Some(3), Some(4)));
    // Shoulder dislocation reduction under procedural sedation: complex procedure = 2.
    let r = esi(&past_b(35.0, &[ComplexProcedure])).unwrap();
    assert_eq!((r.level, r.resources_counted), (Some(3), Some(2)));
    // Saline lock and point-of-care glucose are not resources.
    let r = esi(&past_b(
        50.0,
        &[SalineLock, PointOfCareTest, PhoneCallToPcp],
    ))
    .unwrap();
    assert_eq!(r.level, Some(5));
}

#[test]
fn d_danger_zone_vitals_by_age_suggest_level_2() {
    // Adult (> 8 years): HR > 100 or RR > 20.
    let i = EsiInput {
        heart_rate: Some(112.0),
        ..past_b(22.0, &[Labs, Ct])
    };
    let r = esi(&i).unwrap();
    assert_eq!(r.level, Some(3));
    assert_eq!(r.up_triage.as_ref().map(|u| u.to_level), Some(2));
    assert_eq!(r.path.last().unwrap().point, DecisionPoint::D);
    let i = EsiInput {
        heart_rate: Some(100.0),
        respiration_rate: Some(20.0),
        ..past_b(22.0, &[Labs, Ct])
    };
    assert!(
        esi(&i).unwrap().up_triage.is_none(),
        "limits are strict (> 100, > 20)"
    );
    // SpO2 below 92 % at any age.
    let i = EsiInput {
        spo2: Some(91.0),
        ..past_b(70.0, &[Labs, Xray])
    };
    assert_eq!(esi(&i).unwrap().up_triage.map(|u| u.to_level), Some(2));
    let i = EsiInput {
        spo2: Some(92.0),
        ..past_b(70.0, &[Labs, Xray])
    };
    assert!(esi(&i).unwrap().up_triage.is_none());
    // Under 3 months: HR > 180, RR > 50.
    let base = EsiInput {
        age_years: None,
        age_months: Some(2.0),
        ..past_b(0.0, &[Labs, Xray])
    };
    assert!(esi(&EsiInput {
        heart_rate: Some(181.0),
        ..base.clone()
    })
    .unwrap()
    .up_triage
    .is_some());
    assert!(esi(&EsiInput {
        heart_rate: Some(175.0),
        ..base.clone()
    })
    .unwrap()
    .up_triage
    .is_none());
    assert!(esi(&EsiInput {
        respiration_rate: Some(51.0),
        ..base.clone()
    })
    .unwrap()
    .up_triage
    .is_some());
    // 3 months to 3 years: HR > 160, RR > 40.
    let base = EsiInput {
        age_years: Some(2.0),
        ..past_b(2.0, &[Labs, Xray])
    };
    assert!(esi(&EsiInput {
        heart_rate: Some(165.0),
        ..base.clone()
    })
    .unwrap()
    .up_triage
    .is_some());
    assert!(esi(&EsiInput {
        heart_rate: Some(155.0),
        respiration_rate: Some(40.0),
        ..base.clone()
    })
    .unwrap()
    .up_triage
    .is_none());
    // 3 to 8 years: HR > 140, RR > 30; an 8-year-old is still in this band.
    let base = past_b(8.0, &[Labs, Xray]);
    assert!(esi(&EsiInput {
        heart_rate: Some(141.0),
        ..base.clone()
    })
    .unwrap()
    .up_triage
    .is_some());
    assert!(esi(&EsiInput {
        heart_rate: Some(120.0),
        ..base
    })
    .unwrap()
    .up_triage
    .is_none());
    // 9 years: adult limits.
    assert!(esi(&EsiInput {
        heart_rate: Some(120.0),
        ..past_b(9.0, &[Labs, Xray])
    })
    .unwrap()
    .up_triage
    .is_some());
}

#[test]
fn paediatric_fever_and_pain_suggestions() {
    // 2-month-old, 38.5 °C, needs labs and urine: consider level 2 (level stays 4).
    let i = EsiInput {
        age_years: None,
        age_months: Some(2.0),
        temperature: Some(38.5),
        ..past_b(0.0, &[Labs])
    };
    let r = esi(&i).unwrap();
    assert_eq!(r.level, Some(4));
    assert_eq!(r.up_triage.map(|u| u.to_level), Some(2));
    // 18-month-old, 39.5 °C, incomplete immunisations, no resources: consider level 3.
    let i = EsiInput {
        age_years: Some(1.5),
        temperature: Some(39.5),
        immunisations_incomplete: Some(true),
        ..past_b(1.5, &[])
    };
    let r = esi(&i).unwrap();
    assert_eq!(r.level, Some(5));
    assert_eq!(r.up_triage.map(|u| u.to_level), Some(3));
    // Same child with complete immunisations and an obvious source (otitis): no suggestion.
    let i = EsiInput {
        age_years: Some(1.5),
        temperature: Some(39.5),
        immunisations_incomplete: Some(false),
        obvious_fever_source: Some(true),
        ..past_b(1.5, &[])
    };
    assert!(esi(&i).unwrap().up_triage.is_none());
    // Pain 8/10 without a severe-distress judgement: consider level 2.
    let i = EsiInput {
        pain_score: Some(8.0),
        ..past_b(30.0, &[Xray])
    };
    let r = esi(&i).unwrap();
    assert_eq!(
        (r.level, r.up_triage.map(|u| u.to_level)),
        (Some(4), Some(2))
    );
}

#[test]
fn missing_answers_and_versions() {
    let r = esi(&EsiInput::default()).unwrap();
    assert_eq!(r.level, None);
    assert!(r.partial);
    assert_eq!(r.missing, vec!["lifesaving_intervention", "unresponsive"]);
    let r = esi(&EsiInput {
        resources: None,
        ..past_b(40.0, &[])
    })
    .unwrap();
    assert_eq!((r.level, r.missing.clone()), (None, vec!["resources"]));
    // D with vitals missing still gives level 3, flagged partial.
    let r = esi(&EsiInput {
        heart_rate: None,
        ..past_b(40.0, &[Labs, Ct])
    })
    .unwrap();
    assert_eq!((r.level, r.partial), (Some(3), true));
    let v4 = esi(&EsiInput {
        version: EsiVersion::V4,
        ..past_b(40.0, &[Labs, Ct])
    })
    .unwrap();
    assert!(v4.citation.contains("Version 4"));
    assert_eq!(v4.path[3].question, "Danger-zone vital signs?");
    let v5 = esi(&past_b(40.0, &[Labs, Ct])).unwrap();
    assert!(v5.citation.contains("Fifth Edition"));
    assert_eq!(v5.path[3].question, "High-risk vital signs?");
}

#[test]
fn unknown_resource_codes_and_impossible_vitals_are_errors() {
    let e = EsiResource::from_code("blood_letting").unwrap_err();
    assert_eq!(e.code(), "TRIAGE_UNKNOWN_CODE");
    assert!(serde_json::from_str::<EsiInput>(r#"{"resources":["mri","scan"]}"#).is_err());
    let e: TriageError = esi(&EsiInput {
        spo2: Some(130.0),
        ..past_b(40.0, &[])
    })
    .unwrap_err();
    assert!(e.to_string().starts_with("spo2"));
}
