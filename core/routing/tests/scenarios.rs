//! Scenario tests on the Andorra map (OpenStreetMap contributors, ODbL): file format, OSM profile
//! rules, snapping, dispatch, hospital selection, geofences and coverage.
//! Town positions are from OpenStreetMap place nodes (rounded to 4 decimals).

mod common;
use common::{andorra, Rng};
use medcore_routing::*;

const ANDORRA_LA_VELLA: LatLon = LatLon {
    lat: 42.5078,
    lon: 1.5211,
};
const ESCALDES: LatLon = LatLon {
    lat: 42.5100,
    lon: 1.5380,
};
const ENCAMP: LatLon = LatLon {
    lat: 42.5345,
    lon: 1.5800,
};
const SANT_JULIA: LatLon = LatLon {
    lat: 42.4637,
    lon: 1.4913,
};
const LA_MASSANA: LatLon = LatLon {
    lat: 42.5450,
    lon: 1.5148,
};
const RADIUS: f64 = 500.0;

#[test]
fn graph_file_round_trip_and_corruption() {
    let g = andorra();
    let bytes = save_prepared(g);
    let h = load_prepared(&bytes).unwrap();
    assert_eq!(h.graph(), g.graph());
    let mut rng = Rng(11);
    for _ in 0..200 {
        let (s, t) = (
            rng.below(g.graph().num_nodes()),
            rng.below(g.graph().num_nodes()),
        );
        assert_eq!(h.travel_time(s, t).unwrap(), g.travel_time(s, t).unwrap());
    }
    let mut bad = bytes.clone();
    let mid = bad.len() / 2;
    bad[mid] ^= 0x55;
    let e = load_prepared(&bad).unwrap_err();
    assert_eq!(e.code(), "ROUTING_GRAPH_FILE");
    assert!(e.to_string().contains("checksum"), "{e}");
    let e = load_prepared(&bytes[..bytes.len() - 3]).unwrap_err();
    assert!(e.to_string().contains("payload length"), "{e}");
    let mut v2 = bytes.clone();
    v2[8] = 2;
    assert!(load_prepared(&v2)
        .unwrap_err()
        .to_string()
        .contains("version 2"));
    assert!(load_prepared(b"hello")
        .unwrap_err()
        .to_string()
        .contains("header"));
    assert!(load_prepared(&[0u8; 40])
        .unwrap_err()
        .to_string()
        .contains("magic"));
}

#[test]
fn osm_profile_rules() {
    // maxspeed forms from the OSM wiki (Key:maxspeed).
    assert_eq!(parse_maxspeed("50"), Some(50.0));
    assert_eq!(parse_maxspeed("50 km/h"), Some(50.0));
    assert!((parse_maxspeed("30 mph").unwrap() - 48.28).abs() < 0.01);
    assert!((parse_maxspeed("30mph").unwrap() - 48.28).abs() < 0.01);
    for v in ["walk", "none", "signals", "RO:urban", "50;30", ""] {
        assert_eq!(parse_maxspeed(v), None, "{v}");
    }
    let car = Profile::car();
    let em = Profile::emergency();
    let rule = |p: &Profile, tags: &[(&str, &str)]| p.way_rule(tags.iter().copied());
    let r = rule(&car, &[("highway", "residential"), ("oneway", "yes")]).unwrap();
    assert!(r.forward && !r.backward);
    for v in ["true", "1"] {
        assert!(
            !rule(&car, &[("highway", "residential"), ("oneway", v)])
                .unwrap()
                .backward
        );
    }
    let r = rule(&car, &[("highway", "residential"), ("oneway", "-1")]).unwrap();
    assert!(!r.forward && r.backward);
    let r = rule(&car, &[("highway", "motorway")]).unwrap();
    assert!(r.forward && !r.backward, "motorway implies oneway");
    let r = rule(&car, &[("highway", "primary"), ("junction", "roundabout")]).unwrap();
    assert!(r.forward && !r.backward, "roundabout implies oneway");
    let r = rule(&car, &[("highway", "motorway"), ("oneway", "no")]).unwrap();
    assert!(r.backward);
    assert_eq!(
        rule(&car, &[("highway", "residential"), ("maxspeed", "walk")])
            .unwrap()
            .speed_kmh,
        30.0
    );
    assert_eq!(
        rule(&car, &[("highway", "primary"), ("maxspeed", "70")])
            .unwrap()
            .speed_kmh,
        70.0
    );
    assert!(rule(&car, &[("highway", "footway")]).is_none());
    assert!(rule(&car, &[("highway", "service"), ("access", "private")]).is_none());
    assert!(rule(
        &car,
        &[
            ("highway", "service"),
            ("access", "no"),
            ("motor_vehicle", "yes")
        ]
    )
    .is_some());
    assert!(rule(&em, &[("highway", "service"), ("access", "private")]).is_some());
    assert!(rule(&em, &[("highway", "service"), ("access", "no")]).is_none());
    assert!(rule(
        &em,
        &[
            ("highway", "service"),
            ("access", "no"),
            ("emergency", "yes")
        ]
    )
    .is_some());
    assert!(rule(&em, &[("highway", "primary"), ("emergency", "no")]).is_none());
    assert_eq!(
        rule(&em, &[("highway", "primary"), ("maxspeed", "50")])
            .unwrap()
            .speed_kmh,
        60.0
    );
    let r = rule(
        &em,
        &[
            ("highway", "residential"),
            ("oneway", "yes"),
            ("oneway:emergency", "no"),
        ],
    )
    .unwrap();
    assert!(r.forward && r.backward);
}

#[test]
fn andorra_import_matches_published_size() {
    // testdata/maps/PROVENANCE.txt: largest SCC ~772 directed km for a car profile.
    let km = andorra().graph().total_length_m() / 1000.0;
    assert!((650.0..900.0).contains(&km), "{km} km");
    let (em, report) = road_graph_from_pbf(common::ANDORRA, &Profile::emergency()).unwrap();
    assert!(
        em.num_edges() >= andorra().graph().num_edges(),
        "emergency access opens roads"
    );
    assert!(report.nodes <= report.nodes_before_scc);
}

#[test]
fn snapping_is_heading_aware() {
    let g = andorra();
    // A two-way edge with some length.
    let e = g
        .graph()
        .edges()
        .iter()
        .enumerate()
        .find(|(_, e)| {
            e.distance_m > 150.0
                && e.geom_len == 0
                && g.graph().find_edge(e.to, e.from, g.weights()).is_some()
        })
        .map(|(i, _)| i as u32)
        .unwrap();
    let ed = g.graph().edges()[e as usize];
    let (a, b) = (
        g.graph().coord(ed.from).unwrap(),
        g.graph().coord(ed.to).unwrap(),
    );
    let mid = LatLon::new((a.lat + b.lat) / 2.0 + 0.00003, (a.lon + b.lon) / 2.0);
    let along = bearing_deg(a, b);
    let s = g.snap(mid, Some(along), 100.0).unwrap();
    assert_eq!((s.from_node, s.to_node), (ed.from, ed.to));
    assert!((s.fraction - 0.5).abs() < 0.1);
    assert!(s.distance_m < 10.0);
    let s = g.snap(mid, Some((along + 180.0) % 360.0), 100.0).unwrap();
    assert_eq!((s.from_node, s.to_node), (ed.to, ed.from));
    assert_eq!(
        g.snap(LatLon::new(0.0, 0.0), None, 100.0)
            .unwrap_err()
            .code(),
        "ROUTING_NO_ROAD_NEARBY"
    );
    let r = g
        .route_between_points(SANT_JULIA, ENCAMP, RADIUS)
        .unwrap()
        .unwrap();
    assert!(
        r.travel_time_s > 600.0 && r.travel_time_s < 2400.0,
        "{}",
        r.travel_time_s
    );
    assert!(
        r.distance_m > 10_000.0 && r.distance_m < 25_000.0,
        "{}",
        r.distance_m
    );
}

fn unit(id: &str, t: UnitType, status: UnitStatus, p: LatLon) -> Unit {
    Unit {
        id: id.into(),
        unit_type: t,
        status,
        last_fix: GpsFix {
            position: p,
            heading_deg: None,
            timestamp_s: 0,
        },
    }
}

/// Oracle: Dijkstra from the unit's snapped departure to the incident's snapped arrival.
fn oracle_eta(g: &PreparedGraph, u: &Unit, at: LatLon) -> u32 {
    let s = g.snap(u.last_fix.position, None, RADIUS).unwrap();
    let d = dijkstra_bounded(
        g.graph(),
        g.weights(),
        &[(s.to_node, g.departure_offset_ms(&s))],
        None,
        INF,
    );
    g.snap_point(at, RADIUS)
        .unwrap()
        .iter()
        .map(|t| d[t.from_node as usize].saturating_add(g.arrival_offset_ms(t)))
        .min()
        .unwrap()
}

#[test]
fn dispatch_nearest_capable_unit_and_assignment() {
    let g = andorra();
    let units = vec![
        unit("M1", UnitType::Als, UnitStatus::Available, SANT_JULIA),
        unit("B2", UnitType::Bls, UnitStatus::Available, ANDORRA_LA_VELLA),
        unit("M3", UnitType::Als, UnitStatus::Available, ENCAMP),
        unit("M4", UnitType::Als, UnitStatus::OnScene, ESCALDES),
        unit("M5", UnitType::Als, UnitStatus::Available, LA_MASSANA),
    ];
    let d = Dispatcher::new(g, &units, RADIUS).unwrap();
    let inc = Incident {
        id: "I1".into(),
        location: ESCALDES,
        priority: Priority::Immediate,
    };
    let c = d.nearest_unit(g, &inc).unwrap();
    let best = units
        .iter()
        .filter(|u| u.status == UnitStatus::Available && u.unit_type == UnitType::Als)
        .map(|u| (oracle_eta(g, u, ESCALDES), u.id.clone()))
        .min()
        .unwrap();
    assert_eq!(c.unit_id.as_deref(), Some(best.1.as_str()));
    assert_eq!(c.eta_ms, Some(best.0));
    assert!(
        c.reason
            .contains("B2 BLS cannot serve an immediate incident"),
        "{}",
        c.reason
    );
    assert!(c.reason.contains("M4 on scene"), "{}", c.reason);
    // Urgent: BLS allowed, and B2 in Andorra la Vella is the nearest.
    let urgent = Incident {
        priority: Priority::Urgent,
        ..inc.clone()
    };
    let c = d.nearest_unit(g, &urgent).unwrap();
    assert_eq!(c.unit_id.as_deref(), Some("B2"), "{}", c.reason);
    assert_eq!(c.eta_ms, Some(oracle_eta(g, &units[1], ESCALDES)));
    // Several incidents: the plan is the brute-force optimum of oracle ETAs.
    let incidents = vec![
        Incident {
            id: "A".into(),
            location: ESCALDES,
            priority: Priority::Immediate,
        },
        Incident {
            id: "B".into(),
            location: LatLon::new(42.5060, 1.5190),
            priority: Priority::Immediate,
        },
        Incident {
            id: "C".into(),
            location: LatLon::new(42.5400, 1.5170),
            priority: Priority::Urgent,
        },
    ];
    let plan = d.assign(g, &incidents).unwrap();
    let avail: Vec<&Unit> = units
        .iter()
        .filter(|u| u.status == UnitStatus::Available)
        .collect();
    let mut best_total = u64::MAX;
    for a in 0..avail.len() {
        for b in 0..avail.len() {
            for c in 0..avail.len() {
                if a == b || b == c || a == c {
                    continue;
                }
                let picks = [(a, 0), (b, 1), (c, 2)];
                if picks
                    .iter()
                    .any(|&(u, i)| !incidents[i].priority.accepts(avail[u].unit_type))
                {
                    continue;
                }
                let t: u64 = picks
                    .iter()
                    .map(|&(u, i)| oracle_eta(g, avail[u], incidents[i].location) as u64)
                    .sum();
                best_total = best_total.min(t);
            }
        }
    }
    assert_eq!((plan.total_response_s * 1000.0).round() as u64, best_total);
    let used: std::collections::HashSet<_> = plan
        .choices
        .iter()
        .filter_map(|c| c.unit_id.clone())
        .collect();
    assert_eq!(used.len(), 3);
    assert!(plan
        .choices
        .iter()
        .all(|c| c.unit_id.as_deref() != Some("B2") || c.incident_id == "C"));
    // No ALS left: an explanation, not a guess.
    let only_bls = vec![unit("B9", UnitType::Bls, UnitStatus::Available, ESCALDES)];
    let d = Dispatcher::new(g, &only_bls, RADIUS).unwrap();
    let c = d.nearest_unit(g, &inc).unwrap();
    assert_eq!(c.unit_id, None);
    assert!(
        c.reason.starts_with("no capable available unit"),
        "{}",
        c.reason
    );
    // ETA of a unit to a destination.
    let d = Dispatcher::new(g, &units, RADIUS).unwrap();
    let r = d.eta(g, "M3", ESCALDES).unwrap().unwrap();
    assert_eq!(r.travel_time_ms, oracle_eta(g, &units[2], ESCALDES));
}

fn hospital(id: &str, p: LatLon) -> Hospital {
    Hospital {
        id: id.into(),
        name: id.into(),
        location: p,
        trauma_level: None,
        stroke: StrokeCapability::None,
        pci: false,
        burns: false,
        paediatric: false,
        on_diversion: false,
        beds_available: 5,
    }
}

#[test]
fn hospital_selection_by_capability_diversion_then_time() {
    let g = andorra();
    // Synthetic capabilities placed in real towns.
    let hs = vec![
        Hospital {
            trauma_level: Some(3),
            ..hospital("Escaldes General", ESCALDES)
        },
        Hospital {
            pci: true,
            on_diversion: true,
            stroke: StrokeCapability::Thrombectomy,
            ..hospital("Andorra Heart", LatLon::new(42.5090, 1.5250))
        },
        Hospital {
            pci: true,
            stroke: StrokeCapability::Primary,
            paediatric: true,
            ..hospital("Encamp Cardiac", ENCAMP)
        },
        Hospital {
            trauma_level: Some(1),
            burns: true,
            beds_available: 0,
            ..hospital("Massana Trauma", LA_MASSANA)
        },
    ];
    let pick = |c: Condition, p: bool| {
        select_hospital(
            g,
            ANDORRA_LA_VELLA,
            &PatientNeeds {
                condition: c,
                paediatric: p,
            },
            &hs,
            RADIUS,
        )
        .unwrap()
    };
    let stemi = pick(Condition::Stemi, false);
    assert_eq!(stemi.hospital_id, "Encamp Cardiac");
    assert_eq!(stemi.basis, SelectionBasis::CapableOpen);
    assert!(
        stemi.reason.contains("Andorra Heart") && stemi.reason.contains("on diversion"),
        "{}",
        stemi.reason
    );
    assert!(
        stemi.reason.contains("Escaldes General") && stemi.reason.contains("not a PCI centre"),
        "{}",
        stemi.reason
    );
    let lvo = pick(Condition::StrokeLvo, false);
    assert_eq!(lvo.hospital_id, "Andorra Heart");
    assert_eq!(lvo.basis, SelectionBasis::CapableDespiteDiversion);
    let trauma = pick(Condition::MajorTrauma, false);
    assert_eq!(trauma.hospital_id, "Massana Trauma");
    assert_eq!(trauma.basis, SelectionBasis::CapableDespiteDiversion);
    assert!(trauma.reason.contains("level I or II trauma centre"));
    let general = pick(Condition::General, false);
    assert_eq!(general.basis, SelectionBasis::CapableOpen);
    let fastest_open = general.assessments.iter().find(|a| a.open).unwrap();
    assert_eq!(general.hospital_id, fastest_open.hospital_id);
    let child = pick(Condition::General, true);
    assert_eq!(child.hospital_id, "Encamp Cardiac");
    let burns_child = pick(Condition::Burns, true);
    assert_eq!(burns_child.basis, SelectionBasis::NearestOpen);
    assert_eq!(burns_child.hospital_id, fastest_open.hospital_id);
    // Times agree with routing.
    let t = g
        .route_between_points(ANDORRA_LA_VELLA, ENCAMP, RADIUS)
        .unwrap()
        .unwrap()
        .travel_time_s;
    assert_eq!(stemi.travel_time_s, t);
}

#[test]
fn geofence_enter_exit_events() {
    let square = GeofenceDef {
        id: "ED-bay".into(),
        polygon: vec![
            LatLon::new(42.50, 1.52),
            LatLon::new(42.50, 1.54),
            LatLon::new(42.52, 1.54),
            LatLon::new(42.52, 1.52),
        ],
    };
    let mut set = GeofenceSet::new(std::slice::from_ref(&square)).unwrap();
    let fix = |u: &str, t: i64, lat: f64, lon: f64| TrackPoint {
        unit_id: u.into(),
        timestamp_s: t,
        position: LatLon::new(lat, lon),
    };
    let track = vec![
        fix("M1", 0, 42.49, 1.50),
        fix("M2", 0, 42.51, 1.53), // first seen inside: enter
        fix("M1", 30, 42.505, 1.525),
        fix("M1", 60, 42.51, 1.53),
        fix("M1", 90, 42.53, 1.53),
        fix("M2", 30, 42.51, 1.53),
    ];
    let ev = set.process_track(&track);
    let got: Vec<(String, GeofenceEventKind, i64)> = ev
        .iter()
        .map(|e| (e.unit_id.clone(), e.kind, e.timestamp_s))
        .collect();
    assert_eq!(
        got,
        vec![
            ("M2".into(), GeofenceEventKind::Enter, 0),
            ("M1".into(), GeofenceEventKind::Enter, 30),
            ("M1".into(), GeofenceEventKind::Exit, 90)
        ]
    );
    assert_eq!(
        set.containing(LatLon::new(42.51, 1.53)),
        vec!["ED-bay".to_string()]
    );
    let bad = GeofenceDef {
        id: "x".into(),
        polygon: vec![
            LatLon::new(42.5, 1.5),
            LatLon::new(42.5, 1.5),
            LatLon::new(42.6, 1.5),
        ],
    };
    assert_eq!(
        GeofenceSet::new(&[bad]).unwrap_err().code(),
        "ROUTING_GEOFENCE"
    );
}

#[test]
fn station_coverage_grows_with_time_and_matches_dijkstra() {
    let g = andorra();
    let stations = vec![
        Station {
            id: "AlV".into(),
            location: ANDORRA_LA_VELLA,
        },
        Station {
            id: "Encamp".into(),
            location: ENCAMP,
        },
    ];
    let r5 = coverage(g, &stations, 5.0, RADIUS).unwrap();
    let r10 = coverage(g, &stations, 10.0, RADIUS).unwrap();
    assert!(r5.covered_nodes < r10.covered_nodes);
    assert!(r10.covered_fraction <= 1.0 && r5.covered_fraction > 0.0);
    // Every node in the 5-minute isochrone is reachable within 5 minutes by hierarchy queries.
    let s = g.snap(ANDORRA_LA_VELLA, None, RADIUS).unwrap();
    let off = g.departure_offset_ms(&s);
    for &v in r5.stations[0].nodes.iter().step_by(25) {
        let t = g.travel_time(s.to_node, v).unwrap().unwrap() + off;
        assert!(t <= 300_000, "{v}: {t}");
    }
}
