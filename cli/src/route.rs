//! `medcore route ...` and `medcore dispatch`: road routing and ambulance dispatch, JSON in and out.

use crate::input::{progress, read_input, CliError};
use clap::{Args, Subcommand};
use medcore::routing::{
    bundled_andorra, load_prepared, road_graph_from_pbf, save_prepared, select_hospital,
    Dispatcher, GpsFix, Hospital, Incident, LatLon, PatientNeeds, PreparedGraph, Priority, Profile,
    RoadGraph, StrokeCapability, Unit, UnitStatus, UnitType,
};
use serde::Deserialize;
use serde_json::{json, Value};
use std::process::ExitCode;
use std::time::Instant;

/// Routing subcommands.
#[derive(Subcommand)]
pub enum RouteCommand {
    /// Import an OSM PBF (or an edge list with --edge-list) and write a prepared-graph file.
    Prepare {
        /// The map: an .osm.pbf file, or an edge list (`a FROM TO WEIGHT` lines) with --edge-list.
        map: String,
        /// Output file.
        #[arg(short, long)]
        output: String,
        /// Vehicle profile: car or emergency.
        #[arg(long, default_value = "car")]
        profile: String,
        /// Read MAP as an edge list instead of OSM PBF.
        #[arg(long)]
        edge_list: bool,
    },
    /// Shortest routes. Input JSON: {"queries": [{"from": P, "to": P}], "geometry": bool} where P is
    /// {"lat": .., "lon": ..} or {"node": id}.
    Query {
        /// Input JSON file, or - for standard input.
        #[arg(default_value = "-")]
        input: String,
        /// Prepared-graph file (default: the bundled Andorra map, prepared on start).
        #[arg(long)]
        graph: Option<String>,
    },
    /// Travel-time matrix. Input JSON: {"sources": [P], "targets": [P]}.
    Matrix {
        /// Input JSON file, or - for standard input.
        #[arg(default_value = "-")]
        input: String,
        /// Prepared-graph file (default: the bundled Andorra map).
        #[arg(long)]
        graph: Option<String>,
    },
}

/// `medcore dispatch` arguments.
#[derive(Args)]
pub struct DispatchArgs {
    /// Input JSON: {"units": [..], "incidents": [..], "mode": "nearest"|"assign", "hospitals": [..],
    /// "patient": {"condition": .., "paediatric": bool}}; file or - for standard input.
    #[arg(default_value = "-")]
    input: String,
    /// Prepared-graph file (default: the bundled Andorra map, emergency profile).
    #[arg(long)]
    graph: Option<String>,
    /// Snapping radius, metres.
    #[arg(long, default_value_t = 500.0)]
    radius_m: f64,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Point {
    Node { node: u32 },
    Pos(LatLon),
}

const RADIUS_M: f64 = 500.0;

fn err(e: impl std::fmt::Display) -> CliError {
    CliError::new(e.to_string())
}

fn profile(name: &str) -> Result<Profile, CliError> {
    match name {
        "car" => Ok(Profile::car()),
        "emergency" => Ok(Profile::emergency()),
        other => Err(CliError::new(format!(
            "unknown profile {other:?} (car or emergency)"
        ))),
    }
}

fn load_graph(path: Option<&str>, default_profile: &Profile) -> Result<PreparedGraph, CliError> {
    match path {
        Some(p) => load_prepared(&read_input(p)?)
            .map_err(|e| CliError::new(format!("{p}: {e} [{}]", e.code()))),
        None => bundled_andorra(default_profile).map_err(err),
    }
}

fn parse<T: for<'de> Deserialize<'de>>(path: &str) -> Result<T, CliError> {
    serde_json::from_slice(&read_input(path)?)
        .map_err(|e| CliError::new(format!("{path}: invalid JSON input: {e}")))
}

fn print(v: &Value) -> Result<(), CliError> {
    outln!("{}", serde_json::to_string_pretty(v).map_err(err)?);
    Ok(())
}

fn route_json(
    g: &PreparedGraph,
    from: &Point,
    to: &Point,
    geometry: bool,
) -> Result<Value, CliError> {
    let route = match (from, to) {
        (Point::Node { node: a }, Point::Node { node: b }) => g.route(*a, *b),
        _ => {
            let snaps = |p: &Point| match p {
                Point::Node { node } => g
                    .graph()
                    .coord(*node)
                    .ok_or_else(|| err(format!("node {node} has no coordinate")))
                    .and_then(|c| g.snap_point(c, RADIUS_M).map_err(err)),
                Point::Pos(p) => g.snap_point(*p, RADIUS_M).map_err(err),
            };
            g.route_between_snaps(&snaps(from)?, &snaps(to)?)
        }
    }
    .map_err(err)?;
    Ok(match route {
        None => Value::Null,
        Some(r) => {
            let mut v = json!({"travel_time_ms": r.travel_time_ms, "travel_time_s": r.travel_time_s, "distance_m": (r.distance_m * 10.0).round() / 10.0, "nodes": r.nodes.len()});
            if geometry {
                v["coordinates"] = json!(r
                    .coordinates
                    .iter()
                    .map(|c| [c.lat, c.lon])
                    .collect::<Vec<_>>());
                v["path_nodes"] = json!(r.nodes);
            }
            v
        }
    })
}

/// Runs one `route` subcommand.
pub fn run(cmd: RouteCommand) -> Result<ExitCode, CliError> {
    match cmd {
        RouteCommand::Prepare {
            map,
            output,
            profile: p,
            edge_list,
        } => {
            let prof = profile(&p)?;
            let bytes = read_input(&map)?;
            let t = Instant::now();
            let (graph, report) = if edge_list {
                let text = String::from_utf8(bytes)
                    .map_err(|_| CliError::new(format!("{map}: edge list is not UTF-8")))?;
                let (g, _) = RoadGraph::from_edge_list(&text).map_err(err)?.largest_scc();
                (g, None)
            } else {
                let (g, r) = road_graph_from_pbf(&bytes, &prof)
                    .map_err(|e| CliError::new(format!("{map}: {e}")))?;
                (g, Some(r))
            };
            let import_ms = t.elapsed().as_secs_f64() * 1000.0;
            let prepared = PreparedGraph::prepare(graph);
            let file = save_prepared(&prepared);
            std::fs::write(&output, &file).map_err(|e| CliError::new(format!("{output}: {e}")))?;
            print(
                &json!({"output": output, "bytes": file.len(), "import_ms": import_ms, "stats": prepared.stats(), "import": report}),
            )?;
            Ok(ExitCode::SUCCESS)
        }
        RouteCommand::Query { input, graph } => {
            #[derive(Deserialize)]
            struct Q {
                from: Point,
                to: Point,
            }
            #[derive(Deserialize)]
            struct In {
                queries: Vec<Q>,
                #[serde(default)]
                geometry: bool,
            }
            let req: In = parse(&input)?;
            let g = load_graph(graph.as_deref(), &Profile::car())?;
            let bar = progress(req.queries.len() as u64);
            let mut routes = Vec::with_capacity(req.queries.len());
            for q in &req.queries {
                routes.push(route_json(&g, &q.from, &q.to, req.geometry)?);
                bar.inc(1);
            }
            bar.finish_and_clear();
            print(&json!({ "routes": routes }))?;
            Ok(ExitCode::SUCCESS)
        }
        RouteCommand::Matrix { input, graph } => {
            #[derive(Deserialize)]
            struct In {
                sources: Vec<Point>,
                targets: Vec<Point>,
            }
            let req: In = parse(&input)?;
            let g = load_graph(graph.as_deref(), &Profile::car())?;
            let node = |p: &Point| -> Result<u32, CliError> {
                match p {
                    Point::Node { node } => Ok(*node),
                    Point::Pos(pos) => g.snap(*pos, None, RADIUS_M).map(|s| s.to_node).map_err(err),
                }
            };
            let s = req
                .sources
                .iter()
                .map(node)
                .collect::<Result<Vec<_>, _>>()?;
            let t = req
                .targets
                .iter()
                .map(node)
                .collect::<Result<Vec<_>, _>>()?;
            let m = g.matrix(&s, &t).map_err(err)?;
            let rows: Vec<Vec<Option<f64>>> = (0..m.sources)
                .map(|i| {
                    (0..m.targets)
                        .map(|j| m.get(i, j).map(|ms| ms as f64 / 1000.0))
                        .collect()
                })
                .collect();
            print(&json!({"source_nodes": s, "target_nodes": t, "travel_time_s": rows}))?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

#[derive(Deserialize)]
struct DispatchIn {
    units: Vec<Unit>,
    #[serde(default)]
    incidents: Vec<Incident>,
    #[serde(default)]
    mode: Option<String>,
    #[serde(default)]
    hospitals: Vec<Hospital>,
    #[serde(default)]
    patient: Option<PatientNeeds>,
}

/// Runs `medcore dispatch`.
pub fn dispatch(args: DispatchArgs) -> Result<ExitCode, CliError> {
    let req: DispatchIn = parse(&args.input)?;
    let g = load_graph(args.graph.as_deref(), &Profile::emergency())?;
    let d = Dispatcher::new(&g, &req.units, args.radius_m).map_err(err)?;
    let mut out = json!({"unplaced_units": d.unplaced()});
    match req.mode.as_deref().unwrap_or("nearest") {
        "nearest" => out["choices"] = json!(d.nearest_units(&g, &req.incidents).map_err(err)?),
        "assign" => out["plan"] = json!(d.assign(&g, &req.incidents).map_err(err)?),
        other => {
            return Err(CliError::new(format!(
                "unknown mode {other:?} (nearest or assign)"
            )))
        }
    }
    if let Some(needs) = req.patient {
        if !req.hospitals.is_empty() {
            let hospitals: Vec<Value> = req
                .incidents
                .iter()
                .map(|i| {
                    select_hospital(&g, i.location, &needs, &req.hospitals, args.radius_m)
                        .map(|c| json!({"incident_id": i.id, "choice": c}))
                        .map_err(err)
                })
                .collect::<Result<_, _>>()?;
            out["hospitals"] = json!(hospitals);
        }
    }
    print(&out)?;
    Ok(ExitCode::SUCCESS)
}

/// The routing section of `medcore demo`: prepare the bundled Andorra map, route, dispatch.
pub fn demo() -> Result<(), CliError> {
    outln!("\n== Routing (bundled Andorra map, (c) OpenStreetMap contributors, ODbL) ==");
    let t = Instant::now();
    let g = bundled_andorra(&Profile::emergency()).map_err(err)?;
    let s = g.stats();
    outln!(
        "prepared at demo start in {:.0} ms: {} nodes, {} edges, {} hierarchy arcs (emergency profile)",
        t.elapsed().as_secs_f64() * 1000.0,
        s.nodes,
        s.edges,
        s.arcs
    );
    let alv = LatLon::new(42.5078, 1.5211);
    let escaldes = LatLon::new(42.5100, 1.5380);
    let encamp = LatLon::new(42.5345, 1.5800);
    let julia = LatLon::new(42.4637, 1.4913);
    if let Some(r) = g
        .route_between_points(julia, encamp, RADIUS_M)
        .map_err(err)?
    {
        outln!(
            "Sant Julia de Loria -> Encamp: {:.1} km, {:.1} min, {} road nodes",
            r.distance_m / 1000.0,
            r.travel_time_s / 60.0,
            r.nodes.len()
        );
    }
    let unit = |id: &str, t: UnitType, st: UnitStatus, p: LatLon| Unit {
        id: id.into(),
        unit_type: t,
        status: st,
        last_fix: GpsFix {
            position: p,
            heading_deg: None,
            timestamp_s: 0,
        },
    };
    let units = vec![
        unit("M1", UnitType::Als, UnitStatus::Available, julia),
        unit("B2", UnitType::Bls, UnitStatus::Available, alv),
        unit("M3", UnitType::Als, UnitStatus::Available, encamp),
        unit("M4", UnitType::Als, UnitStatus::OnScene, escaldes),
    ];
    let d = Dispatcher::new(&g, &units, RADIUS_M).map_err(err)?;
    let inc = Incident {
        id: "cardiac arrest, Escaldes".into(),
        location: escaldes,
        priority: Priority::Immediate,
    };
    let c = d.nearest_unit(&g, &inc).map_err(err)?;
    outln!("dispatch {}: {}", inc.id, c.reason);
    let hospital = Hospital {
        id: "HNSM".into(),
        name: "Hospital Nostra Senyora de Meritxell".into(),
        location: LatLon::new(42.5096, 1.5390),
        trauma_level: Some(2),
        stroke: StrokeCapability::Primary,
        pci: true,
        burns: false,
        paediatric: true,
        on_diversion: false,
        beds_available: 12,
    };
    let needs = PatientNeeds {
        condition: medcore::routing::Condition::Stemi,
        paediatric: false,
    };
    let h = select_hospital(&g, escaldes, &needs, &[hospital], RADIUS_M).map_err(err)?;
    outln!("destination for STEMI: {}", h.reason);
    Ok(())
}
