//! `medcore route ...` and `medcore dispatch` end to end on the bundled Andorra map, checked
//! against the shared vectors (testdata/vectors/routing_*.json).

use serde_json::{json, Value};
use std::io::Write;
use std::process::{Command, Stdio};

fn vectors(name: &str) -> Value {
    let p = format!("{}/../testdata/vectors/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
}

fn run(args: &[&str], input: &Value) -> (i32, Value) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_medcore"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.to_string().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let code = out.status.code().unwrap_or(-1);
    let v = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (code, v)
}

#[test]
fn prepare_then_query_and_matrix_from_file() {
    let dir = std::env::temp_dir().join(format!("medcore-route-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("andorra.mcroute");
    let map = format!(
        "{}/../testdata/maps/andorra.osm.pbf",
        env!("CARGO_MANIFEST_DIR")
    );
    let (code, v) = run(
        &["route", "prepare", &map, "-o", file.to_str().unwrap()],
        &Value::Null,
    );
    assert_eq!(code, 0, "{v}");
    assert!(v["bytes"].as_u64().unwrap() > 1000);
    let q = vectors("routing_queries.json");
    let queries: Vec<Value> = q["queries"].as_array().unwrap()[..20]
        .iter()
        .map(|x| json!({"from": {"node": x["from_node"]}, "to": {"node": x["to_node"]}}))
        .collect();
    let (code, v) = run(
        &["route", "query", "--graph", file.to_str().unwrap()],
        &json!({ "queries": queries }),
    );
    assert_eq!(code, 0);
    for (r, e) in v["routes"]
        .as_array()
        .unwrap()
        .iter()
        .zip(q["queries"].as_array().unwrap())
    {
        assert_eq!(r["travel_time_ms"], e["travel_time_ms"]);
    }
    let src: Vec<Value> = (0..3)
        .map(|i| json!({"node": q["queries"][i]["from_node"]}))
        .collect();
    let tgt: Vec<Value> = (0..3)
        .map(|i| json!({"node": q["queries"][i]["to_node"]}))
        .collect();
    let (code, v) = run(
        &["route", "matrix", "--graph", file.to_str().unwrap()],
        &json!({"sources": src, "targets": tgt}),
    );
    assert_eq!(code, 0);
    for i in 0..3 {
        let ms = q["queries"][i]["travel_time_ms"].as_f64().unwrap();
        assert_eq!(v["travel_time_s"][i][i].as_f64().unwrap(), ms / 1000.0);
    }
    std::fs::write(dir.join("bad"), b"MCROUTE\0garbage").unwrap();
    let (code, _) = run(
        &[
            "route",
            "query",
            "--graph",
            dir.join("bad").to_str().unwrap(),
        ],
        &json!({"queries": []}),
    );
    assert_eq!(code, 2);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn dispatch_matches_vectors() {
    let d = vectors("routing_dispatch.json");
    let (code, v) = run(
        &["dispatch"],
        &json!({"units": d["units"], "incidents": d["incidents"], "mode": "nearest"}),
    );
    assert_eq!(code, 0, "{v}");
    for (c, e) in v["choices"]
        .as_array()
        .unwrap()
        .iter()
        .zip(d["expected_nearest"].as_array().unwrap())
    {
        assert_eq!(c["unit_id"], e["unit_id"]);
        assert_eq!(c["eta_ms"], e["eta_ms"]);
    }
    let (code, v) = run(
        &["dispatch"],
        &json!({"units": d["units"], "incidents": d["incidents"], "mode": "assign"}),
    );
    assert_eq!(code, 0);
    assert_eq!(
        v["plan"]["total_response_s"].as_f64().unwrap() * 1000.0,
        d["expected_assignment"]["total_response_ms"]
            .as_f64()
            .unwrap()
    );
}
