//! Runs the shared conformance vectors testdata/vectors/routing_*.json (also run by every binding).

use medcore_routing::*;
use serde_json::Value;

fn load(name: &str) -> Value {
    let path = format!(
        "{}/../../testdata/vectors/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(&path).expect("vector file"))
        .expect("vector JSON")
}

#[test]
fn query_vectors() {
    let v = load("routing_queries.json");
    let g = bundled_andorra(&Profile::car()).unwrap();
    assert_eq!(v["nodes"].as_u64(), Some(g.graph().num_nodes() as u64));
    let queries = v["queries"].as_array().unwrap();
    assert!(queries.len() >= 200);
    let pairs: Vec<(u32, u32)> = queries
        .iter()
        .map(|q| {
            (
                q["from_node"].as_u64().unwrap() as u32,
                q["to_node"].as_u64().unwrap() as u32,
            )
        })
        .collect();
    let got = g.travel_time_batch(&pairs).unwrap();
    for (q, t) in queries.iter().zip(got) {
        assert_eq!(t.map(u64::from), q["travel_time_ms"].as_u64(), "{q}");
    }
}

#[test]
fn dispatch_vectors() {
    let v = load("routing_dispatch.json");
    let g = bundled_andorra(&Profile::emergency()).unwrap();
    let units: Vec<Unit> = serde_json::from_value(v["units"].clone()).unwrap();
    let incidents: Vec<Incident> = serde_json::from_value(v["incidents"].clone()).unwrap();
    let d = Dispatcher::new(&g, &units, v["snap_radius_m"].as_f64().unwrap()).unwrap();
    for (inc, exp) in incidents
        .iter()
        .zip(v["expected_nearest"].as_array().unwrap())
    {
        let c = d.nearest_unit(&g, inc).unwrap();
        assert_eq!(c.unit_id.as_deref(), exp["unit_id"].as_str());
        assert_eq!(c.eta_ms.map(u64::from), exp["eta_ms"].as_u64());
        assert_eq!(c.reason, exp["reason"].as_str().unwrap());
    }
    let plan = d.assign(&g, &incidents).unwrap();
    let exp = &v["expected_assignment"];
    assert_eq!(
        (plan.total_response_s * 1000.0).round() as u64,
        exp["total_response_ms"].as_u64().unwrap()
    );
    for (c, e) in plan.choices.iter().zip(exp["choices"].as_array().unwrap()) {
        assert_eq!(c.unit_id.as_deref(), e["unit_id"].as_str());
        assert_eq!(c.eta_ms.map(u64::from), e["eta_ms"].as_u64());
    }
}
