//! NEWS2 against hand-written tables from Royal College of Physicians, National Early Warning
//! Score (NEWS) 2, 2017: chart 1 (scoring) and chart 2 (thresholds and triggers). Every band
//! edge and its neighbours, both SpO2 scales, air and oxygen, every ACVPU value.

use medcore_triage::*;

fn normal() -> News2Input {
    News2Input {
        respiration_rate: Some(16.0),
        spo2: Some(97.0),
        spo2_scale2: false,
        supplemental_oxygen: Some(false),
        systolic_bp: Some(120.0),
        pulse: Some(70.0),
        consciousness: Some(Acvpu::Alert),
        temperature: Some(37.0),
    }
}

fn points(input: News2Input, p: Parameter) -> u8 {
    news2(&input).unwrap().points_of(p).unwrap()
}

// (value, points) pairs, chart 1.
const RR: &[(f64, u8)] = &[
    (0.0, 3),
    (7.0, 3),
    (8.0, 3),
    (9.0, 1),
    (10.0, 1),
    (11.0, 1),
    (12.0, 0),
    (13.0, 0),
    (19.0, 0),
    (20.0, 0),
    (21.0, 2),
    (22.0, 2),
    (23.0, 2),
    (24.0, 2),
    (25.0, 3),
    (26.0, 3),
    (60.0, 3),
];
const SPO2_1: &[(f64, u8)] = &[
    (70.0, 3),
    (90.0, 3),
    (91.0, 3),
    (92.0, 2),
    (93.0, 2),
    (94.0, 1),
    (95.0, 1),
    (96.0, 0),
    (97.0, 0),
    (100.0, 0),
];
const SPO2_2_AIR: &[(f64, u8)] = &[
    (82.0, 3),
    (83.0, 3),
    (84.0, 2),
    (85.0, 2),
    (86.0, 1),
    (87.0, 1),
    (88.0, 0),
    (89.0, 0),
    (92.0, 0),
    (93.0, 0),
    (94.0, 0),
    (96.0, 0),
    (97.0, 0),
    (100.0, 0),
];
const SPO2_2_O2: &[(f64, u8)] = &[
    (82.0, 3),
    (83.0, 3),
    (84.0, 2),
    (85.0, 2),
    (86.0, 1),
    (87.0, 1),
    (88.0, 0),
    (89.0, 0),
    (91.0, 0),
    (92.0, 0),
    (93.0, 1),
    (94.0, 1),
    (95.0, 2),
    (96.0, 2),
    (97.0, 3),
    (98.0, 3),
    (100.0, 3),
];
const SBP: &[(f64, u8)] = &[
    (60.0, 3),
    (89.0, 3),
    (90.0, 3),
    (91.0, 2),
    (92.0, 2),
    (99.0, 2),
    (100.0, 2),
    (101.0, 1),
    (102.0, 1),
    (109.0, 1),
    (110.0, 1),
    (111.0, 0),
    (112.0, 0),
    (218.0, 0),
    (219.0, 0),
    (220.0, 3),
    (221.0, 3),
];
const PULSE: &[(f64, u8)] = &[
    (30.0, 3),
    (39.0, 3),
    (40.0, 3),
    (41.0, 1),
    (42.0, 1),
    (49.0, 1),
    (50.0, 1),
    (51.0, 0),
    (52.0, 0),
    (89.0, 0),
    (90.0, 0),
    (91.0, 1),
    (92.0, 1),
    (109.0, 1),
    (110.0, 1),
    (111.0, 2),
    (112.0, 2),
    (129.0, 2),
    (130.0, 2),
    (131.0, 3),
    (132.0, 3),
];
const TEMP: &[(f64, u8)] = &[
    (34.0, 3),
    (34.9, 3),
    (35.0, 3),
    (35.1, 1),
    (35.2, 1),
    (35.9, 1),
    (36.0, 1),
    (36.1, 0),
    (36.2, 0),
    (37.9, 0),
    (38.0, 0),
    (38.1, 1),
    (38.2, 1),
    (38.9, 1),
    (39.0, 1),
    (39.1, 2),
    (39.2, 2),
    (41.0, 2),
];

#[test]
fn respiration_rate_rows() {
    for &(v, p) in RR {
        let i = News2Input {
            respiration_rate: Some(v),
            ..normal()
        };
        assert_eq!(points(i, Parameter::RespirationRate), p, "RR {v}");
    }
}

#[test]
fn spo2_scale1_rows_on_air_and_oxygen() {
    for o2 in [false, true] {
        for &(v, p) in SPO2_1 {
            let i = News2Input {
                spo2: Some(v),
                supplemental_oxygen: Some(o2),
                ..normal()
            };
            assert_eq!(points(i, Parameter::Spo2), p, "SpO2 {v} scale 1 o2={o2}");
        }
    }
}

#[test]
fn spo2_scale2_rows() {
    for (o2, table) in [(false, SPO2_2_AIR), (true, SPO2_2_O2)] {
        for &(v, p) in table {
            let i = News2Input {
                spo2: Some(v),
                spo2_scale2: true,
                supplemental_oxygen: Some(o2),
                ..normal()
            };
            assert_eq!(points(i, Parameter::Spo2), p, "SpO2 {v} scale 2 o2={o2}");
        }
    }
}

#[test]
fn oxygen_scores_two() {
    let i = News2Input {
        supplemental_oxygen: Some(true),
        ..normal()
    };
    assert_eq!(points(i, Parameter::SupplementalOxygen), 2);
    assert_eq!(points(normal(), Parameter::SupplementalOxygen), 0);
}

#[test]
fn blood_pressure_pulse_and_temperature_rows() {
    for &(v, p) in SBP {
        let i = News2Input {
            systolic_bp: Some(v),
            ..normal()
        };
        assert_eq!(points(i, Parameter::SystolicBp), p, "SBP {v}");
    }
    for &(v, p) in PULSE {
        let i = News2Input {
            pulse: Some(v),
            ..normal()
        };
        assert_eq!(points(i, Parameter::Pulse), p, "pulse {v}");
    }
    for &(v, p) in TEMP {
        let i = News2Input {
            temperature: Some(v),
            ..normal()
        };
        assert_eq!(points(i, Parameter::Temperature), p, "temperature {v}");
    }
}

#[test]
fn every_acvpu_value() {
    for (c, p) in [
        (Acvpu::Alert, 0),
        (Acvpu::NewConfusion, 3),
        (Acvpu::Voice, 3),
        (Acvpu::Pain, 3),
        (Acvpu::Unresponsive, 3),
    ] {
        let i = News2Input {
            consciousness: Some(c),
            ..normal()
        };
        assert_eq!(points(i, Parameter::Consciousness), p, "{c:?}");
    }
}

#[test]
fn chart2_thresholds_and_single_parameter_rule() {
    let s = news2(&normal()).unwrap();
    assert_eq!((s.total, s.risk), (0, RiskBand::Low));
    // A single red score (new confusion) with aggregate 3: low-medium, 1-hourly.
    let s = news2(&News2Input {
        consciousness: Some(Acvpu::NewConfusion),
        ..normal()
    })
    .unwrap();
    assert_eq!((s.total, s.risk), (3, RiskBand::LowMedium));
    assert!(s.clinical_response.contains("1-hourly"));
    // Aggregate 4 without a 3: low.
    let s = news2(&News2Input {
        respiration_rate: Some(22.0),
        supplemental_oxygen: Some(true),
        ..normal()
    })
    .unwrap();
    assert_eq!((s.total, s.risk), (4, RiskBand::Low));
    // Aggregate 5: medium (urgent response).
    let s = news2(&News2Input {
        respiration_rate: Some(22.0),
        supplemental_oxygen: Some(true),
        pulse: Some(95.0),
        ..normal()
    })
    .unwrap();
    assert_eq!((s.total, s.risk), (5, RiskBand::Medium));
    assert!(s.clinical_response.starts_with("Urgent"));
    // Aggregate 7: high (emergency response).
    let s = news2(&News2Input {
        respiration_rate: Some(25.0),
        supplemental_oxygen: Some(true),
        pulse: Some(115.0),
        ..normal()
    })
    .unwrap();
    assert_eq!((s.total, s.risk), (7, RiskBand::High));
    assert!(s.clinical_response.starts_with("Emergency"));
    assert!(s.citation.contains("Royal College of Physicians"));
}

#[test]
fn values_between_rows_take_the_more_abnormal_row() {
    for (v, p) in [(35.05, 3), (36.05, 1), (38.05, 1), (39.05, 2)] {
        let s = news2(&News2Input {
            temperature: Some(v),
            ..normal()
        })
        .unwrap();
        let line = s
            .breakdown
            .iter()
            .find(|l| l.parameter == Parameter::Temperature)
            .unwrap();
        assert_eq!(line.points, p, "temperature {v}");
        assert!(line.between_rows);
    }
    for (v, p) in [(8.5, 3), (11.5, 1), (20.5, 2), (24.5, 3)] {
        let i = News2Input {
            respiration_rate: Some(v),
            ..normal()
        };
        assert_eq!(points(i, Parameter::RespirationRate), p, "RR {v}");
    }
}

#[test]
fn missing_parameters_are_reported_not_zeroed() {
    let s = news2(&News2Input {
        pulse: None,
        temperature: None,
        ..normal()
    })
    .unwrap();
    assert!(s.partial);
    assert_eq!(s.missing, vec![Parameter::Pulse, Parameter::Temperature]);
    assert_eq!(s.breakdown.len(), 5);
    assert_eq!(s.max_possible, s.total + 6);
    let empty = news2(&News2Input::default()).unwrap();
    assert_eq!(
        (empty.total, empty.max_possible, empty.missing.len()),
        (0, 20, 7)
    );
}

#[test]
fn scale2_without_oxygen_status_scores_only_where_air_and_oxygen_agree() {
    let i = News2Input {
        spo2: Some(90.0),
        spo2_scale2: true,
        supplemental_oxygen: None,
        ..normal()
    };
    let s = news2(&i).unwrap();
    assert_eq!(s.points_of(Parameter::Spo2), Some(0));
    let i = News2Input {
        spo2: Some(95.0),
        ..i
    };
    let s = news2(&i).unwrap();
    assert_eq!(s.points_of(Parameter::Spo2), None);
    assert!(
        s.missing.contains(&Parameter::Spo2) && s.missing.contains(&Parameter::SupplementalOxygen)
    );
}

#[test]
fn impossible_values_are_errors_naming_the_field() {
    let e = news2(&News2Input {
        spo2: Some(101.0),
        ..normal()
    })
    .unwrap_err();
    assert_eq!(e.code(), "TRIAGE_OUT_OF_RANGE");
    assert!(e.to_string().contains("spo2 = 101"));
    let e = news2(&News2Input {
        respiration_rate: Some(-1.0),
        ..normal()
    })
    .unwrap_err();
    assert!(e.to_string().starts_with("respiration_rate"));
    let e = news2(&News2Input {
        pulse: Some(f64::NAN),
        ..normal()
    })
    .unwrap_err();
    assert_eq!(e.code(), "TRIAGE_OUT_OF_RANGE");
    let e = Acvpu::from_code("X").unwrap_err();
    assert_eq!(e.code(), "TRIAGE_UNKNOWN_CODE");
    let err = serde_json::from_str::<News2Input>(r#"{"consciousness":"Q"}"#).unwrap_err();
    assert!(err.to_string().contains("unknown code"));
}
