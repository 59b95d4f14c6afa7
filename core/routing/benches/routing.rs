//! Routing benchmarks on the bundled Andorra map (OpenStreetMap contributors, ODbL), medcore's
//! customizable contraction hierarchy against `fast_paths` (contraction hierarchies) and a plain
//! Dijkstra, in the same run.
//!
//! `cargo bench -p medcore-routing --bench routing -- --warm-up-time 1 --measurement-time 3`

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use fast_paths::InputGraph;
use medcore_routing::LatLon;
use medcore_routing::{
    dijkstra_bounded, dijkstra_time, road_graph_from_pbf, Dispatcher, EdgeSpeedFactor, GpsFix,
    Incident, PreparedGraph, Priority, Profile, Unit, UnitStatus, UnitType, INF,
};
use rstar::primitives::{GeomWithData, Line};
use rstar::RTree;
use std::hint::black_box;

const ANDORRA: &[u8] = include_bytes!("../../../testdata/maps/andorra.osm.pbf");

struct Rng(u64);
impl Rng {
    fn below(&mut self, n: u32) -> u32 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % n as u64) as u32
    }
}

fn fast_input(g: &PreparedGraph) -> InputGraph {
    let mut input = InputGraph::new();
    for e in g.graph().edges() {
        input.add_edge(e.from as usize, e.to as usize, e.time_ms as usize);
    }
    input.freeze();
    input
}

fn benches(c: &mut Criterion) {
    let (graph, _) = road_graph_from_pbf(ANDORRA, &Profile::car()).expect("andorra");
    let g = PreparedGraph::prepare(graph.clone());
    let n = g.graph().num_nodes();
    let input = fast_input(&g);
    let fast = fast_paths::prepare(&input);
    let mut rng = Rng(7);
    let pairs: Vec<(u32, u32)> = (0..1000).map(|_| (rng.below(n), rng.below(n))).collect();

    let mut grp = c.benchmark_group("point_to_point");
    let mut i = 0;
    grp.bench_function("medcore_cch", |b| {
        b.iter(|| {
            i = (i + 1) % pairs.len();
            black_box(g.travel_time(pairs[i].0, pairs[i].1).ok())
        })
    });
    let mut calc = fast_paths::create_calculator(&fast);
    grp.bench_function("fast_paths_ch", |b| {
        b.iter(|| {
            i = (i + 1) % pairs.len();
            black_box(
                calc.calc_path(&fast, pairs[i].0 as usize, pairs[i].1 as usize)
                    .map(|p| p.get_weight()),
            )
        })
    });
    grp.bench_function("dijkstra", |b| {
        b.iter(|| {
            i = (i + 1) % pairs.len();
            black_box(dijkstra_time(
                g.graph(),
                g.weights(),
                pairs[i].0,
                pairs[i].1,
            ))
        })
    });
    grp.finish();

    // Nearest of 25 available units to an incident.
    let coords = g.graph().coords().to_vec();
    let unit_nodes: Vec<u32> = (0..25).map(|_| rng.below(n)).collect();
    let units: Vec<Unit> = unit_nodes
        .iter()
        .enumerate()
        .map(|(k, &v)| Unit {
            id: format!("M{k}"),
            unit_type: UnitType::Als,
            status: UnitStatus::Available,
            last_fix: GpsFix {
                position: coords[v as usize],
                heading_deg: None,
                timestamp_s: 0,
            },
        })
        .collect();
    let dispatcher = Dispatcher::new(&g, &units, 200.0).expect("dispatcher");
    let incidents: Vec<(u32, Incident)> = (0..500)
        .map(|k| {
            let v = rng.below(n);
            (
                v,
                Incident {
                    id: format!("I{k}"),
                    location: coords[v as usize],
                    priority: Priority::Immediate,
                },
            )
        })
        .collect();
    // Snapping an incident: medcore's segment grid against an R-tree (`rstar`, bulk-loaded, the
    // nearest segment by nearest-neighbour search) over the same projected segments.
    let mut grp = c.benchmark_group("snap_incident");
    grp.bench_function("medcore_snap_point", |b| {
        b.iter(|| {
            i = (i + 1) % incidents.len();
            black_box(g.snap_point(incidents[i].1.location, 200.0).ok())
        })
    });
    let k = 6_371_008.8f64.to_radians();
    let ref_cos = (coords.iter().map(|c| c.lat).sum::<f64>() / coords.len() as f64)
        .to_radians()
        .cos();
    let proj = |p: LatLon| [p.lon * k * ref_cos, p.lat * k];
    let mut segs = Vec::new();
    for e in 0..g.graph().num_edges() {
        for w in g.graph().edge_polyline(e).windows(2) {
            segs.push(GeomWithData::new(Line::new(proj(w[0]), proj(w[1])), e));
        }
    }
    let tree = RTree::bulk_load(segs);
    grp.bench_function("rstar_nearest_segment", |b| {
        b.iter(|| {
            i = (i + 1) % incidents.len();
            black_box(
                tree.nearest_neighbor(&proj(incidents[i].1.location))
                    .map(|s| s.data),
            )
        })
    });
    grp.finish();

    let mut grp = c.benchmark_group("nearest_of_25_units");
    grp.bench_function("medcore_buckets_with_snapping", |b| {
        b.iter(|| {
            i = (i + 1) % incidents.len();
            black_box(dispatcher.nearest_unit(&g, &incidents[i].1).ok())
        })
    });
    let snapped: Vec<Vec<medcore_routing::Snap>> = incidents
        .iter()
        .map(|(_, inc)| g.snap_point(inc.location, 200.0).expect("snap"))
        .collect();
    grp.bench_function("medcore_buckets_presnapped", |b| {
        b.iter(|| {
            i = (i + 1) % incidents.len();
            black_box(
                dispatcher
                    .nearest_unit_snapped(&g, &incidents[i].1, &snapped[i])
                    .ok(),
            )
        })
    });
    let fp_sources: Vec<(usize, usize)> = unit_nodes.iter().map(|&v| (v as usize, 0)).collect();
    grp.bench_function("fast_paths_multi_source", |b| {
        b.iter(|| {
            i = (i + 1) % incidents.len();
            black_box(
                calc.calc_path_multiple_sources_and_targets(
                    &fast,
                    fp_sources.clone(),
                    vec![(incidents[i].0 as usize, 0)],
                )
                .map(|p| p.get_weight()),
            )
        })
    });
    let dj_sources: Vec<(u32, u32)> = unit_nodes.iter().map(|&v| (v, 0)).collect();
    grp.bench_function("dijkstra_multi_source", |b| {
        b.iter(|| {
            i = (i + 1) % incidents.len();
            let t = incidents[i].0;
            black_box(
                dijkstra_bounded(g.graph(), g.weights(), &dj_sources, Some(t), INF)[t as usize],
            )
        })
    });
    grp.finish();

    // Full preparation vs re-customization after a traffic update.
    let m = g.graph().num_edges();
    let updates: Vec<EdgeSpeedFactor> = (0..m / 10)
        .map(|_| EdgeSpeedFactor {
            edge: rng.below(m),
            factor: 0.5,
        })
        .collect();
    let mut grp = c.benchmark_group("preparation");
    grp.sample_size(10);
    grp.bench_function("medcore_full_prepare", |b| {
        b.iter_batched(
            || graph.clone(),
            |gr| black_box(PreparedGraph::prepare(gr)),
            BatchSize::LargeInput,
        )
    });
    let mut live = g.clone();
    let mut flip = false;
    grp.bench_function("medcore_recustomize_after_traffic_update", |b| {
        b.iter(|| {
            flip = !flip;
            if flip {
                live.set_speed_factors(&updates).expect("update");
            } else {
                live.clear_traffic();
            }
        })
    });
    grp.bench_function("fast_paths_prepare", |b| {
        b.iter(|| black_box(fast_paths::prepare(&input)))
    });
    let order = fast_paths::get_node_ordering(&fast);
    grp.bench_function("fast_paths_prepare_with_fixed_order", |b| {
        b.iter(|| black_box(fast_paths::prepare_with_order(&input, &order).ok()))
    });
    grp.finish();
    let file = medcore_routing::save_prepared(&g);
    let mut grp = c.benchmark_group("graph_file");
    grp.sample_size(10);
    grp.bench_function("medcore_load_prepared", |b| {
        b.iter(|| black_box(medcore_routing::load_prepared(&file).ok()))
    });
    grp.finish();
}

criterion_group!(routing, benches);
criterion_main!(routing);
