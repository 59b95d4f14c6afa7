//! Writes the routing conformance vectors (testdata/vectors/routing_*.json). Expected travel
//! times come from plain Dijkstra on the imported graph, not from the hierarchy.
//!
//! `cargo run -p medcore-routing --example routing_vectors` (see scripts/routing_vectors.sh).

use medcore_routing::*;
use serde_json::json;

fn oracle(g: &PreparedGraph, from: LatLon, heading: Option<f64>, to: LatLon) -> u32 {
    let s = g.snap(from, heading, 500.0).expect("snap unit");
    let d = dijkstra_bounded(
        g.graph(),
        g.weights(),
        &[(s.to_node, g.departure_offset_ms(&s))],
        None,
        INF,
    );
    g.snap_point(to, 500.0)
        .expect("snap incident")
        .iter()
        .map(|t| d[t.from_node as usize].saturating_add(g.arrival_offset_ms(t)))
        .min()
        .unwrap_or(INF)
}

fn main() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let out_dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "testdata/vectors".into());
    // Point-to-point queries, car profile.
    let car = bundled_andorra(&Profile::car())?;
    let n = car.graph().num_nodes();
    let mut x = 0x5EED_u64;
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        (x % n as u64) as u32
    };
    let mut queries = Vec::new();
    for _ in 0..200 {
        let (s, t) = (next(), next());
        let expected = dijkstra_time(car.graph(), car.weights(), s, t);
        let (a, b) = (
            car.graph().coord(s).unwrap_or_default(),
            car.graph().coord(t).unwrap_or_default(),
        );
        queries.push(
            json!({"from_node": s, "to_node": t, "from": a, "to": b, "travel_time_ms": expected}),
        );
    }
    let q = json!({
        "description": "Shortest travel times (integer milliseconds) between nodes of the bundled Andorra map, car profile, free flow. Expected values from plain Dijkstra.",
        "source": "testdata/maps/andorra.osm.pbf (c) OpenStreetMap contributors, ODbL 1.0",
        "profile": "car",
        "nodes": n,
        "edges": car.graph().num_edges(),
        "queries": queries,
    });
    std::fs::write(
        format!("{out_dir}/routing_queries.json"),
        serde_json::to_string_pretty(&q)? + "\n",
    )?;

    // Dispatch scenarios, emergency profile.
    let g = bundled_andorra(&Profile::emergency())?;
    let p = |lat, lon| LatLon::new(lat, lon);
    let unit = |id: &str, t: UnitType, st: UnitStatus, pos: LatLon, heading: Option<f64>| Unit {
        id: id.into(),
        unit_type: t,
        status: st,
        last_fix: GpsFix {
            position: pos,
            heading_deg: heading,
            timestamp_s: 1_700_000_000,
        },
    };
    let units = vec![
        unit(
            "M1",
            UnitType::Als,
            UnitStatus::Available,
            p(42.4637, 1.4913),
            None,
        ),
        unit(
            "B2",
            UnitType::Bls,
            UnitStatus::Available,
            p(42.5078, 1.5211),
            None,
        ),
        unit(
            "M3",
            UnitType::Als,
            UnitStatus::Available,
            p(42.5345, 1.5800),
            None,
        ),
        unit(
            "M4",
            UnitType::Als,
            UnitStatus::OnScene,
            p(42.5100, 1.5380),
            None,
        ),
        unit(
            "M5",
            UnitType::Als,
            UnitStatus::Available,
            p(42.5450, 1.5148),
            None,
        ),
        unit(
            "B6",
            UnitType::Bls,
            UnitStatus::OutOfService,
            p(42.5560, 1.5330),
            None,
        ),
    ];
    let incidents = vec![
        Incident {
            id: "I1".into(),
            location: p(42.5100, 1.5380),
            priority: Priority::Immediate,
        },
        Incident {
            id: "I2".into(),
            location: p(42.5060, 1.5190),
            priority: Priority::Urgent,
        },
        Incident {
            id: "I3".into(),
            location: p(42.5400, 1.5170),
            priority: Priority::Immediate,
        },
        Incident {
            id: "I4".into(),
            location: p(42.5420, 1.7330),
            priority: Priority::NonUrgent,
        },
    ];
    let d = Dispatcher::new(&g, &units, 500.0)?;
    let mut nearest = Vec::new();
    for inc in &incidents {
        let choice = d.nearest_unit(&g, inc)?;
        let best = units
            .iter()
            .filter(|u| u.status == UnitStatus::Available && inc.priority.accepts(u.unit_type))
            .map(|u| {
                (
                    oracle(&g, u.last_fix.position, None, inc.location),
                    u.id.clone(),
                )
            })
            .min()
            .ok_or("no capable unit")?;
        assert_eq!(
            choice.unit_id.as_deref(),
            Some(best.1.as_str()),
            "engine disagrees with Dijkstra"
        );
        assert_eq!(choice.eta_ms, Some(best.0));
        nearest.push(json!({"incident_id": inc.id, "unit_id": best.1, "eta_ms": best.0, "reason": choice.reason}));
    }
    let plan = d.assign(&g, &incidents)?;
    let assign: Vec<_> = plan
        .choices
        .iter()
        .map(|c| json!({"incident_id": c.incident_id, "unit_id": c.unit_id, "eta_ms": c.eta_ms}))
        .collect();
    let v = json!({
        "description": "Dispatch on the bundled Andorra map, emergency profile, snap radius 500 m. nearest: per incident, the capable available unit with the least road ETA (ETAs from plain Dijkstra between snapped positions). assign: distinct units minimizing the total ETA.",
        "source": "testdata/maps/andorra.osm.pbf (c) OpenStreetMap contributors, ODbL 1.0",
        "profile": "emergency",
        "snap_radius_m": 500.0,
        "units": units,
        "incidents": incidents,
        "expected_nearest": nearest,
        "expected_assignment": {"choices": assign, "total_response_ms": (plan.total_response_s * 1000.0).round() as u64},
    });
    std::fs::write(
        format!("{out_dir}/routing_dispatch.json"),
        serde_json::to_string_pretty(&v)? + "\n",
    )?;
    println!("wrote {out_dir}/routing_queries.json and {out_dir}/routing_dispatch.json");
    Ok(())
}
