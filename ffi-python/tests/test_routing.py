"""Routing vectors (testdata/vectors/routing_*.json) on the bundled Andorra map."""

from __future__ import annotations

import pytest

from conftest import load_vectors
from medcore import errors, routing

Q = load_vectors("routing_queries.json")
D = load_vectors("routing_dispatch.json")


@pytest.fixture(scope="module")
def car() -> routing.Graph:
    return routing.Graph.andorra("car")


def test_query_vectors(car: routing.Graph) -> None:
    assert car.num_nodes == Q["nodes"]
    pairs = [(q["from_node"], q["to_node"]) for q in Q["queries"]]
    want = [q["travel_time_ms"] for q in Q["queries"]]
    assert car.travel_time_batch(pairs) == want
    for (a, b), w in list(zip(pairs, want))[:20]:
        assert car.travel_time(a, b) == w
        r = car.route(a, b)
        assert (r is None) == (w is None)
        if r is not None:
            assert r["travel_time_ms"] == w and r["nodes"][0] == a and r["nodes"][-1] == b


def test_matrix_equals_pairwise_queries(car: routing.Graph) -> None:
    nodes = [q["from_node"] for q in Q["queries"][:6]]
    m = car.matrix(nodes, nodes)
    for i, a in enumerate(nodes):
        assert m[i] == [car.travel_time(a, b) for b in nodes]
        assert car.one_to_many(a, nodes) == m[i]


def test_save_load_and_traffic(car: routing.Graph) -> None:
    g = routing.Graph.load(car.save())
    q = Q["queries"][0]
    assert g.travel_time(q["from_node"], q["to_node"]) == q["travel_time_ms"]
    route = g.route(q["from_node"], q["to_node"])
    assert route is not None
    g.set_speed_factors([{"edge": e, "factor": 0.5} for e in route["edges"]])
    slowed = g.travel_time(q["from_node"], q["to_node"])
    assert slowed is not None and slowed > q["travel_time_ms"]
    assert slowed == g.dijkstra_travel_time(q["from_node"], q["to_node"])
    g.clear_traffic()
    assert g.travel_time(q["from_node"], q["to_node"]) == q["travel_time_ms"]
    with pytest.raises(errors.RoutingNodeOutOfRangeError):
        g.travel_time(0, 10**9)


def test_dispatch_vectors() -> None:
    g = routing.Graph.andorra(D["profile"])
    d = routing.Dispatcher(g, D["units"], D["snap_radius_m"])
    for inc, exp in zip(D["incidents"], D["expected_nearest"]):
        c = d.nearest_unit(inc)
        assert c["unit_id"] == exp["unit_id"]
        assert c["eta_ms"] == exp["eta_ms"]
        assert c["reason"] == exp["reason"]
    plan = d.assign(D["incidents"])
    exp = D["expected_assignment"]
    assert round(plan["total_response_s"] * 1000) == exp["total_response_ms"]
    for c, e in zip(plan["choices"], exp["choices"]):
        assert (c["unit_id"], c["eta_ms"]) == (e["unit_id"], e["eta_ms"])
    assert [c["unit_id"] for c in d.nearest_units(D["incidents"])] == [
        e["unit_id"] for e in D["expected_nearest"]
    ]


def test_snap_and_points(car: routing.Graph) -> None:
    q = Q["queries"][0]
    s = car.snap(q["from"]["lat"], q["from"]["lon"])
    assert isinstance(s, dict)
    r = car.route_between_points(
        q["from"]["lat"], q["from"]["lon"], q["to"]["lat"], q["to"]["lon"]
    )
    assert r is not None and r["travel_time_ms"] > 0
    assert routing.haversine_m(42.5, 1.5, 42.5, 1.5) == 0.0
