//! MEWS (Subbe 2001, table 1), qSOFA (Sepsis-3), SIRS (ACCP/SCCM 1992), GCS with NT
//! (Teasdale 2014) and Brighton PEWS (Monaghan 2005) against their published rules.

use medcore_triage::bands::Band;
use medcore_triage::pews::{Behaviour, SkinColour, WorkOfBreathing};
use medcore_triage::*;

fn mews_normal() -> MewsInput {
    MewsInput {
        systolic_bp: Some(120.0),
        heart_rate: Some(70.0),
        respiration_rate: Some(12.0),
        temperature: Some(37.0),
        consciousness: Some(Acvpu::Alert),
    }
}

#[test]
fn mews_subbe_2001_rows() {
    let bands = MewsBands::subbe2001();
    let pts = |i: MewsInput, p: Parameter| mews(&i, &bands).unwrap().points_of(p).unwrap();
    for (v, p) in [
        (60.0, 3),
        (69.0, 3),
        (70.0, 3),
        (71.0, 2),
        (80.0, 2),
        (81.0, 1),
        (100.0, 1),
        (101.0, 0),
        (199.0, 0),
        (200.0, 2),
    ] {
        assert_eq!(
            pts(
                MewsInput {
                    systolic_bp: Some(v),
                    ..mews_normal()
                },
                Parameter::SystolicBp
            ),
            p,
            "SBP {v}"
        );
    }
    for (v, p) in [
        (39.0, 2),
        (40.0, 2),
        (41.0, 1),
        (50.0, 1),
        (51.0, 0),
        (100.0, 0),
        (101.0, 1),
        (110.0, 1),
        (111.0, 2),
        (129.0, 2),
        (130.0, 3),
    ] {
        assert_eq!(
            pts(
                MewsInput {
                    heart_rate: Some(v),
                    ..mews_normal()
                },
                Parameter::Pulse
            ),
            p,
            "HR {v}"
        );
    }
    for (v, p) in [
        (8.0, 2),
        (9.0, 0),
        (14.0, 0),
        (15.0, 1),
        (20.0, 1),
        (21.0, 2),
        (29.0, 2),
        (30.0, 3),
    ] {
        assert_eq!(
            pts(
                MewsInput {
                    respiration_rate: Some(v),
                    ..mews_normal()
                },
                Parameter::RespirationRate
            ),
            p,
            "RR {v}"
        );
    }
    for (v, p) in [(34.9, 2), (35.0, 0), (38.4, 0), (38.5, 2)] {
        assert_eq!(
            pts(
                MewsInput {
                    temperature: Some(v),
                    ..mews_normal()
                },
                Parameter::Temperature
            ),
            p,
            "T {v}"
        );
    }
    for (c, p) in [
        (Acvpu::Alert, 0),
        (Acvpu::Voice, 1),
        (Acvpu::Pain, 2),
        (Acvpu::Unresponsive, 3),
    ] {
        assert_eq!(
            pts(
                MewsInput {
                    consciousness: Some(c),
                    ..mews_normal()
                },
                Parameter::Consciousness
            ),
            p
        );
    }
    let high = mews(
        &MewsInput {
            heart_rate: Some(135.0),
            respiration_rate: Some(25.0),
            ..mews_normal()
        },
        &bands,
    )
    .unwrap();
    assert_eq!((high.total, high.risk), (5, RiskBand::High));
    let e = mews(
        &MewsInput {
            consciousness: Some(Acvpu::NewConfusion),
            ..mews_normal()
        },
        &bands,
    )
    .unwrap_err();
    assert_eq!(e.code(), "TRIAGE_INCONSISTENT_INPUT");
}

#[test]
fn mews_bands_are_configurable_and_validated() {
    let mut bands = MewsBands::subbe2001();
    bands.temperature = vec![
        Band {
            min: None,
            max: Some(35.9),
            points: 1,
            label: "<36".into(),
        },
        Band {
            min: Some(36.0),
            max: None,
            points: 0,
            label: "≥36".into(),
        },
    ];
    bands.validate().unwrap();
    let s = mews(
        &MewsInput {
            temperature: Some(35.5),
            ..mews_normal()
        },
        &bands,
    )
    .unwrap();
    assert_eq!(s.points_of(Parameter::Temperature), Some(1));
    let json = serde_json::to_string(&bands).unwrap();
    assert_eq!(MewsBands::from_json(&json).unwrap(), bands);
    bands.heart_rate.swap(0, 1);
    let json = serde_json::to_string(&bands).unwrap();
    assert!(MewsBands::from_json(&json)
        .unwrap_err()
        .to_string()
        .starts_with("mews.heart_rate"));
    assert_eq!(bands.validate().unwrap_err().code(), "TRIAGE_INVALID_TABLE");
}

#[test]
fn qsofa_missing_and_inconsistent() {
    let s = qsofa(&QsofaInput {
        respiration_rate: Some(24.0),
        ..Default::default()
    })
    .unwrap();
    assert_eq!((s.total, s.max_possible, s.partial), (1, 3, true));
    let s = qsofa(&QsofaInput {
        respiration_rate: Some(21.5),
        systolic_bp: Some(100.0),
        altered_mentation: Some(true),
        gcs: None,
    })
    .unwrap();
    assert_eq!((s.total, s.risk), (2, RiskBand::High));
    let e = qsofa(&QsofaInput {
        altered_mentation: Some(false),
        gcs: Some(13.0),
        ..Default::default()
    })
    .unwrap_err();
    assert_eq!(e.code(), "TRIAGE_INCONSISTENT_INPUT");
    assert_eq!(
        qsofa(&QsofaInput {
            gcs: Some(16.0),
            ..Default::default()
        })
        .unwrap_err()
        .code(),
        "TRIAGE_OUT_OF_RANGE"
    );
}

#[test]
fn sirs_bands_and_alternatives() {
    let base = SirsInput {
        temperature: Some(37.0),
        heart_rate: Some(80.0),
        respiration_rate: Some(16.0),
        paco2: Some(40.0),
        white_cell_count: Some(8.0),
        band_neutrophils: Some(5.0),
    };
    assert_eq!(sirs(&base).unwrap().total, 0);
    let s = sirs(&SirsInput {
        band_neutrophils: Some(11.0),
        heart_rate: Some(95.0),
        ..base
    })
    .unwrap();
    assert_eq!((s.total, s.risk), (2, RiskBand::Medium));
    // Both respiratory alternatives met: one criterion, one point.
    let s = sirs(&SirsInput {
        respiration_rate: Some(24.0),
        paco2: Some(28.0),
        ..base
    })
    .unwrap();
    assert_eq!(s.total, 1);
    assert_eq!(
        s.breakdown.iter().map(|p| u32::from(p.points)).sum::<u32>(),
        1
    );
    // WBC criterion met by the count: the absent band count is not needed.
    let s = sirs(&SirsInput {
        white_cell_count: Some(15.0),
        band_neutrophils: None,
        ..base
    })
    .unwrap();
    assert!(!s.partial);
}

#[test]
fn gcs_not_testable() {
    let s = gcs(&serde_json::from_str::<GcsInput>(r#"{"eye":4,"verbal":"NT","motor":6}"#).unwrap())
        .unwrap();
    assert_eq!((s.total, s.max_possible, s.partial), (10, 15, true));
    assert_eq!(s.missing, vec![Parameter::VerbalResponse]);
    assert_eq!(s.risk, RiskBand::Indeterminate);
    let s = gcs(&GcsInput {
        eye: Some(GcsResponse::Score(1)),
        verbal: Some(GcsResponse::NotTestable),
        motor: Some(GcsResponse::Score(1)),
    })
    .unwrap();
    assert_eq!(s.risk, RiskBand::High, "1 + (1..5) + 1 is always severe");
    assert_eq!(
        gcs(&GcsInput {
            eye: Some(GcsResponse::Score(5)),
            ..Default::default()
        })
        .unwrap_err()
        .code(),
        "TRIAGE_OUT_OF_RANGE"
    );
    assert!(serde_json::from_str::<GcsInput>(r#"{"eye":"X"}"#).is_err());
}

fn pews_normal(age_months: f64) -> PewsInput {
    PewsInput {
        age_months: Some(age_months),
        behaviour: Some(Behaviour::Playing),
        skin_colour: Some(SkinColour::Pink),
        capillary_refill_s: Some(2.0),
        heart_rate: Some(120.0),
        respiration_rate: Some(22.0),
        work_of_breathing: Some(WorkOfBreathing::Normal),
        fio2_percent: Some(21.0),
        oxygen_flow_lpm: None,
        quarter_hourly_nebulisers: Some(false),
        post_operative_vomiting: Some(false),
    }
}

#[test]
fn pews_brighton_components() {
    let ages = PewsAgeBands::apls();
    ages.validate().unwrap();
    let json = serde_json::to_string(&ages).unwrap();
    assert_eq!(PewsAgeBands::from_json(&json).unwrap(), ages);
    assert_eq!(
        PewsAgeBands::from_json(r#"{"bands":[]}"#)
            .unwrap_err()
            .code(),
        "TRIAGE_INVALID_TABLE"
    );
    let s = pews(&pews_normal(72.0), &ages).unwrap();
    assert_eq!((s.total, s.partial), (0, false));
    // 6-year-old (normal HR 80–120): HR 140 = 20 above → 2; 150 = 30 above → 3; 70 → bradycardia 3.
    let cv = |hr| {
        pews(
            &PewsInput {
                heart_rate: Some(hr),
                ..pews_normal(72.0)
            },
            &ages,
        )
        .unwrap()
        .points_of(Parameter::Cardiovascular)
    };
    assert_eq!(
        (cv(139.0), cv(140.0), cv(150.0), cv(70.0)),
        (Some(0), Some(2), Some(3), Some(3))
    );
    // Capillary refill 3 s → 1; 4 s → 2; 5 s → 3.
    let crt = |c| {
        pews(
            &PewsInput {
                capillary_refill_s: Some(c),
                ..pews_normal(72.0)
            },
            &ages,
        )
        .unwrap()
        .points_of(Parameter::Cardiovascular)
    };
    assert_eq!((crt(3.0), crt(4.0), crt(5.0)), (Some(1), Some(2), Some(3)));
    // Respiratory (normal 20–25): 36 → >10 above → 1; 46 → >20 above → 2; 15 → 5 below → 3; 6 L/min → 2.
    let rr = |r| {
        pews(
            &PewsInput {
                respiration_rate: Some(r),
                ..pews_normal(72.0)
            },
            &ages,
        )
        .unwrap()
        .points_of(Parameter::Respiratory)
    };
    assert_eq!(
        (rr(35.0), rr(36.0), rr(46.0), rr(15.0)),
        (Some(0), Some(1), Some(2), Some(3))
    );
    let s = pews(
        &PewsInput {
            fio2_percent: None,
            oxygen_flow_lpm: Some(6.0),
            ..pews_normal(72.0)
        },
        &ages,
    )
    .unwrap();
    assert_eq!(s.points_of(Parameter::Respiratory), Some(2));
    // Nebulisers and post-operative vomiting add 2 each; behaviour lethargic 3 → medium at least.
    let s = pews(
        &PewsInput {
            quarter_hourly_nebulisers: Some(true),
            post_operative_vomiting: Some(true),
            behaviour: Some(Behaviour::Lethargic),
            ..pews_normal(72.0)
        },
        &ages,
    )
    .unwrap();
    assert_eq!((s.total, s.risk), (7, RiskBand::High));
    // Missing age: rates cannot be judged; reported.
    let s = pews(
        &PewsInput {
            age_months: None,
            ..pews_normal(72.0)
        },
        &ages,
    )
    .unwrap();
    assert!(s.partial && s.missing.contains(&Parameter::Age));
}
