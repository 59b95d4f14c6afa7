//! Exactness: hierarchy queries equal Dijkstra on Andorra (OSM) and Bremen (edge list),
//! 10,000 random queries in total; matrices equal pairwise queries; traffic updates.

mod common;
use common::{andorra, bremen, Rng};
use medcore_routing::{dijkstra_bounded, EdgeSpeedFactor, PreparedGraph, TimeOfDayProfile, INF};

/// Compares `count` random queries with one multi-target Dijkstra per source (10 targets each).
fn check_random(g: &PreparedGraph, seed: u64, count: usize) {
    let n = g.graph().num_nodes();
    let mut rng = Rng(seed);
    let mut done = 0;
    while done < count {
        let s = rng.below(n);
        let dist = dijkstra_bounded(g.graph(), g.weights(), &[(s, 0)], None, INF);
        for _ in 0..10 {
            let t = rng.below(n);
            let expected = Some(dist[t as usize]).filter(|&d| d != INF);
            assert_eq!(
                g.travel_time(s, t).unwrap(),
                expected,
                "travel time {s} -> {t}"
            );
            done += 1;
        }
        // Full route: its edges must exist, connect, and sum to the time.
        let t = rng.below(n);
        if let Some(r) = g.route(s, t).unwrap() {
            assert_eq!(r.travel_time_ms, dist[t as usize]);
            let sum: u64 = r
                .edges
                .iter()
                .map(|&e| g.weights()[e as usize] as u64)
                .sum();
            assert_eq!(sum, r.travel_time_ms as u64, "route {s} -> {t} edge sum");
            assert_eq!(r.nodes.first(), Some(&s));
            assert_eq!(r.nodes.last(), Some(&t));
            for (i, &e) in r.edges.iter().enumerate() {
                let ed = &g.graph().edges()[e as usize];
                assert_eq!((ed.from, ed.to), (r.nodes[i], r.nodes[i + 1]));
            }
        }
    }
}

#[test]
fn andorra_equals_dijkstra() {
    check_random(andorra(), 1, 5000);
}

#[test]
fn bremen_equals_dijkstra() {
    check_random(bremen(), 2, 5000);
}

#[test]
fn matrix_equals_pairwise_queries() {
    for (g, seed) in [(andorra(), 3u64), (bremen(), 4)] {
        let n = g.graph().num_nodes();
        let mut rng = Rng(seed);
        let sources: Vec<u32> = (0..20).map(|_| rng.below(n)).collect();
        let targets: Vec<u32> = (0..25).map(|_| rng.below(n)).collect();
        let m = g.matrix(&sources, &targets).unwrap();
        for (i, &s) in sources.iter().enumerate() {
            for (j, &t) in targets.iter().enumerate() {
                assert_eq!(m.get(i, j), g.travel_time(s, t).unwrap(), "{s} -> {t}");
            }
            let row = g.one_to_many(s, &targets).unwrap();
            assert_eq!(
                row,
                m.times_ms[i * targets.len()..(i + 1) * targets.len()].to_vec()
            );
        }
    }
}

#[test]
fn traffic_update_equals_dijkstra_on_updated_weights() {
    for (base, seed) in [(andorra(), 5u64), (bremen(), 6)] {
        let mut g = base.clone();
        let m = g.graph().num_edges();
        let mut rng = Rng(seed);
        // Slow a fifth of all edges by random factors, close a few.
        let updates: Vec<EdgeSpeedFactor> = (0..m / 5)
            .map(|_| EdgeSpeedFactor {
                edge: rng.below(m),
                factor: [0.25, 0.5, 0.8, 1.5, 0.0][rng.below(5) as usize],
            })
            .collect();
        g.set_speed_factors(&updates).unwrap();
        assert_ne!(g.weights(), base.weights());
        check_random(&g, seed + 100, 500);
        if g.graph().has_coords() {
            g.set_time_of_day(Some((TimeOfDayProfile::urban_weekday(), 8 * 3600)))
                .unwrap();
            check_random(&g, seed + 200, 300);
        }
        g.clear_traffic();
        assert_eq!(g.weights(), base.weights());
        check_random(&g, seed + 300, 200);
    }
}
