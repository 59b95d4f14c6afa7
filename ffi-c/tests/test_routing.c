/* C conformance tests of routing in the medcore C ABI: the shared vectors of
 * testdata/vectors/routing_queries.json (travel times on the bundled Andorra map, single, batch
 * and as a matrix) and routing_dispatch.json (nearest units and assignment), routes between
 * points, saving and loading a prepared graph, traffic updates, hospital choice, geofences,
 * errors and ownership. Built as C11 and as C++17 by scripts/test-c.sh and run under valgrind. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "medcore.h"
#include "vectors_routing.h"

static void test_queries(const medcore_routing_graph *g) {
  CHECK(medcore_routing_graph_node_count(g) == ROUTING_NODES, "node count %zu",
        medcore_routing_graph_node_count(g));
  uint32_t got[ROUTING_QUERY_COUNT];
  CHECK(medcore_routing_travel_time_batch(g, ROUTING_FROM, ROUTING_TO, ROUTING_QUERY_COUNT, got) ==
            MEDCORE_OK,
        "batch: %s", medcore_last_error_message());
  for (size_t i = 0; i < ROUTING_QUERY_COUNT; i++) {
    CHECK(got[i] == ROUTING_EXPECTED_MS[i], "query %zu (%u -> %u): %u ms, expected %u", i,
          ROUTING_FROM[i], ROUTING_TO[i], got[i], ROUTING_EXPECTED_MS[i]);
  }
  for (size_t i = 0; i < 20; i++) {
    uint32_t ms = 0;
    CHECK(medcore_routing_travel_time(g, ROUTING_FROM[i], ROUTING_TO[i], &ms) == MEDCORE_OK &&
              ms == ROUTING_EXPECTED_MS[i],
          "single query %zu: %u", i, ms);
    medcore_routing_route_summary r;
    char *json = NULL;
    CHECK(medcore_routing_route_nodes(g, ROUTING_FROM[i], ROUTING_TO[i], &r,
                                      i == 0 ? &json : NULL) == MEDCORE_OK,
          "route_nodes");
    CHECK(r.found == (ROUTING_EXPECTED_MS[i] != MEDCORE_ROUTING_UNREACHABLE) &&
              (!r.found || (r.travel_time_ms == ROUTING_EXPECTED_MS[i] && r.node_count >= 1)),
          "route %zu: %u ms", i, r.travel_time_ms);
    if (json != NULL) {
      jv *route = jv_parse(json);
      const jv *t = jv_get(route, "travel_time_ms");
      CHECK(t != NULL && t->n == (double)r.travel_time_ms &&
                jv_get(route, "coordinates")->len == r.coordinate_count,
            "route json");
      jv_free(route);
      medcore_string_free(json);
    }
  }
  /* A 5 x 4 matrix of the first query nodes agrees with single queries. */
  uint32_t m[5 * 4];
  CHECK(medcore_routing_matrix(g, ROUTING_FROM, 5, ROUTING_TO, 4, m) == MEDCORE_OK, "matrix");
  for (size_t i = 0; i < 5; i++) {
    for (size_t j = 0; j < 4; j++) {
      uint32_t ms = 0;
      medcore_routing_travel_time(g, ROUTING_FROM[i], ROUTING_TO[j], &ms);
      CHECK(m[i * 4 + j] == ms, "matrix[%zu][%zu] %u, single %u", i, j, m[i * 4 + j], ms);
    }
  }
  uint32_t ms = 0;
  CHECK(medcore_routing_travel_time(g, 0, ROUTING_NODES + 5, &ms) ==
            MEDCORE_ROUTING_NODE_OUT_OF_RANGE,
        "node out of range: %s", medcore_last_error_code());
}

static void test_points_and_traffic(const medcore_routing_graph *g) {
  medcore_routing_route_summary r;
  CHECK(medcore_routing_route(g, ROUTING_FROM_POS[0], ROUTING_TO_POS[0], 500.0, &r, NULL) ==
                MEDCORE_OK &&
            r.found == 1 && r.travel_time_ms > 0 && r.distance_m > 0.0,
        "route between points: %s", medcore_last_error_message());
  medcore_routing_latlon sea = {43.5, 3.0};
  CHECK(medcore_routing_route(g, sea, ROUTING_TO_POS[0], 500.0, &r, NULL) ==
            MEDCORE_ROUTING_NO_ROAD_NEARBY,
        "no road in the sea: %s", medcore_last_error_code());
  char *snap = NULL;
  CHECK(medcore_routing_snap(g, ROUTING_FROM_POS[0], NAN, 500.0, &snap) == MEDCORE_OK, "snap");
  jv *s = jv_parse(snap);
  CHECK(s != NULL && s->kind == JV_OBJ, "snap json: %s", show(snap));
  jv_free(s);
  medcore_string_free(snap);

  /* Closing the first edge of the first query's route, then clearing traffic. */
  char *json = NULL;
  medcore_routing_route_nodes(g, ROUTING_FROM[0], ROUTING_TO[0], &r, &json);
  jv *route = jv_parse(json);
  const jv *edges = jv_get(route, "edges");
  char factors[128];
  snprintf(factors, sizeof factors, "[{\"edge\": %.0f, \"factor\": 0.25}]",
           jv_at(edges, 0)->n);
  jv_free(route);
  medcore_string_free(json);
  uint32_t before = r.travel_time_ms, slowed = 0, after = 0;
  CHECK(medcore_routing_graph_set_speed_factors(g, factors) == MEDCORE_OK, "speed factors: %s",
        medcore_last_error_message());
  medcore_routing_travel_time(g, ROUTING_FROM[0], ROUTING_TO[0], &slowed);
  CHECK(slowed > before, "slowing an edge of the route lengthens it: %u <= %u", slowed, before);
  CHECK(medcore_routing_graph_set_time_of_day(g, "\"urban_weekday\"", 8 * 3600) == MEDCORE_OK,
        "time of day");
  CHECK(medcore_routing_graph_clear_traffic(g) == MEDCORE_OK, "clear");
  medcore_routing_travel_time(g, ROUTING_FROM[0], ROUTING_TO[0], &after);
  CHECK(after == before, "free flow again: %u, expected %u", after, before);
  CHECK(medcore_routing_graph_set_speed_factors(g, "[{\"edge\": 99999999, \"factor\": 1}]") ==
            MEDCORE_ROUTING_EDGE_OUT_OF_RANGE,
        "edge out of range: %s", medcore_last_error_code());
  CHECK(medcore_routing_graph_set_speed_factors(g, "[{\"edge\": \"x\"}]") == MEDCORE_JSON_INVALID,
        "bad json");
}

static void test_save_load(const medcore_routing_graph *g) {
  uint8_t *data = NULL;
  size_t len = 0;
  CHECK(medcore_routing_graph_save(g, &data, &len) == MEDCORE_OK && data != NULL && len > 0,
        "save");
  medcore_routing_graph *loaded = NULL;
  CHECK(medcore_routing_graph_load(data, len, &loaded) == MEDCORE_OK, "load: %s",
        medcore_last_error_message());
  uint32_t got[ROUTING_QUERY_COUNT];
  medcore_routing_travel_time_batch(loaded, ROUTING_FROM, ROUTING_TO, ROUTING_QUERY_COUNT, got);
  CHECK(memcmp(got, ROUTING_EXPECTED_MS, sizeof got) == 0, "loaded graph answers the vectors");
  medcore_routing_graph_free(loaded);
  loaded = NULL;
  CHECK(medcore_routing_graph_load(data, len / 2, &loaded) == MEDCORE_ROUTING_GRAPH_FILE &&
            loaded == NULL,
        "truncated file: %s", medcore_last_error_code());
  medcore_bytes_free(data, len);
}

static void test_dispatch(const medcore_routing_graph *g) {
  medcore_routing_dispatcher *d = NULL;
  CHECK(medcore_routing_dispatcher_new(g, DISPATCH_UNITS_JSON, DISPATCH_SNAP_RADIUS_M, &d) ==
            MEDCORE_OK,
        "dispatcher: %s", medcore_last_error_message());
  for (size_t i = 0; i < DISPATCH_INCIDENT_COUNT; i++) {
    char *out = NULL;
    CHECK(medcore_routing_nearest_unit(d, g, DISPATCH_INCIDENT_JSON[i], &out) == MEDCORE_OK,
          "nearest %zu", i);
    jv *c = jv_parse(out);
    const jv *eta = jv_get(c, "eta_ms");
    uint32_t eta_ms = eta == NULL || eta->kind != JV_NUM ? MEDCORE_ROUTING_UNREACHABLE
                                                         : (uint32_t)eta->n;
    CHECK(same(jv_str(jv_get(c, "unit_id")), DISPATCH_NEAREST[i].unit_id) &&
              eta_ms == DISPATCH_NEAREST[i].eta_ms &&
              same(jv_str(jv_get(c, "reason")), DISPATCH_NEAREST[i].reason),
          "nearest %zu: %s", i, show(out));
    jv_free(c);
    medcore_string_free(out);
  }
  char *out = NULL;
  CHECK(medcore_routing_nearest_units(d, g, DISPATCH_INCIDENTS_JSON, &out) == MEDCORE_OK,
        "nearest_units");
  jv *all = jv_parse(out);
  CHECK(all != NULL && all->len == DISPATCH_INCIDENT_COUNT, "nearest_units count");
  for (size_t i = 0; all != NULL && i < all->len; i++) {
    CHECK(same(jv_str(jv_get(jv_at(all, i), "unit_id")), DISPATCH_NEAREST[i].unit_id),
          "nearest_units %zu", i);
  }
  jv_free(all);
  medcore_string_free(out);
  out = NULL;
  CHECK(medcore_routing_assign(d, g, DISPATCH_INCIDENTS_JSON, &out) == MEDCORE_OK, "assign");
  jv *plan = jv_parse(out);
  const jv *choices = jv_get(plan, "choices");
  CHECK(choices != NULL && choices->len == DISPATCH_ASSIGNED_COUNT, "assign count");
  for (size_t i = 0; choices != NULL && i < choices->len && i < DISPATCH_ASSIGNED_COUNT; i++) {
    const jv *ch = jv_at(choices, i);
    CHECK(same(jv_str(jv_get(ch, "unit_id")), DISPATCH_ASSIGNED[i].unit_id) &&
              (uint32_t)jv_get(ch, "eta_ms")->n == DISPATCH_ASSIGNED[i].eta_ms,
          "assign %zu: %s", i, show(out));
  }
  const jv *total = jv_get(plan, "total_response_s");
  CHECK(total != NULL && round(total->n * 1000.0) == DISPATCH_TOTAL_RESPONSE_MS, "total");
  jv_free(plan);
  medcore_string_free(out);
  medcore_routing_dispatcher_free(d);
}

static void test_hospital(const medcore_routing_graph *g) {
  const char *hospitals =
      "[{\"id\": \"H1\", \"name\": \"Near, no PCI\", \"location\": {\"lat\": 42.5063, \"lon\": "
      "1.5218}, \"pci\": false, \"on_diversion\": false, \"beds_available\": 5}, "
      "{\"id\": \"H2\", \"name\": \"Far, PCI\", \"location\": {\"lat\": 42.5347, \"lon\": 1.5803}, "
      "\"pci\": true, \"on_diversion\": false, \"beds_available\": 5}]";
  medcore_routing_latlon from = {42.5070, 1.5220};
  char *out = NULL;
  CHECK(medcore_routing_select_hospital(g, from, "{\"condition\": \"stemi\"}", hospitals, 500.0,
                                        &out) == MEDCORE_OK,
        "select_hospital: %s", medcore_last_error_message());
  jv *c = jv_parse(out);
  CHECK(same(jv_str(jv_get(c, "hospital_id")), "H2"), "STEMI goes to the PCI centre: %s",
        show(out));
  jv_free(c);
  medcore_string_free(out);
  out = NULL;
  CHECK(medcore_routing_select_hospital(g, from, "{\"condition\": \"general\"}", hospitals, 500.0,
                                        &out) == MEDCORE_OK,
        "select_hospital general");
  c = jv_parse(out);
  CHECK(same(jv_str(jv_get(c, "hospital_id")), "H1"), "general goes to the nearest: %s",
        show(out));
  jv_free(c);
  medcore_string_free(out);
  out = NULL;
  CHECK(medcore_routing_select_hospital(g, from, "{\"condition\": \"stemi\"}", "[]", 500.0, &out) ==
            MEDCORE_ROUTING_DISPATCH,
        "no hospitals: %s", medcore_last_error_code());
}

static void test_geofences(void) {
  medcore_routing_geofences *gs = NULL;
  CHECK(medcore_routing_geofences_new(
            "[{\"id\": \"ED-bay\", \"polygon\": [{\"lat\": 42.50, \"lon\": 1.52}, {\"lat\": 42.50, "
            "\"lon\": 1.53}, {\"lat\": 42.51, \"lon\": 1.53}, {\"lat\": 42.51, \"lon\": 1.52}]}]",
            &gs) == MEDCORE_OK,
        "geofences: %s", medcore_last_error_message());
  medcore_routing_latlon inside = {42.505, 1.525}, outside = {42.52, 1.525};
  medcore_string_list *ids = NULL;
  medcore_routing_geofences_containing(gs, inside, &ids);
  CHECK(medcore_string_list_len(ids) == 1 && same(medcore_string_list_get(ids, 0), "ED-bay"),
        "containing");
  medcore_string_list_free(ids);
  ids = NULL;
  medcore_routing_geofences_containing(gs, outside, &ids);
  CHECK(medcore_string_list_len(ids) == 0, "not containing");
  medcore_string_list_free(ids);
  char *out = NULL;
  CHECK(medcore_routing_geofences_update(
            gs,
            "[{\"unit_id\": \"M1\", \"timestamp_s\": 1, \"position\": {\"lat\": 42.52, \"lon\": "
            "1.525}}, {\"unit_id\": \"M1\", \"timestamp_s\": 2, \"position\": {\"lat\": 42.505, "
            "\"lon\": 1.525}}, {\"unit_id\": \"M1\", \"timestamp_s\": 3, \"position\": {\"lat\": "
            "42.52, \"lon\": 1.525}}]",
            &out) == MEDCORE_OK,
        "update");
  char why[512] = "";
  CHECK(jv_subset_text("[{\"unit_id\": \"M1\", \"geofence_id\": \"ED-bay\", \"kind\": \"enter\", "
                       "\"timestamp_s\": 2}, {\"kind\": \"exit\", \"timestamp_s\": 3}]",
                       out, why, sizeof why),
        "events: %s (%s)", why, show(out));
  jv *events = jv_parse(out);
  CHECK(events != NULL && events->len == 2, "two events");
  jv_free(events);
  medcore_string_free(out);
  CHECK(medcore_routing_geofences_reset(gs) == MEDCORE_OK, "reset");
  medcore_routing_geofences_free(gs);
  gs = NULL;
  CHECK(medcore_routing_geofences_new("[{\"id\": \"x\", \"polygon\": []}]", &gs) ==
                MEDCORE_ROUTING_GEOFENCE &&
            gs == NULL,
        "malformed geofence: %s", medcore_last_error_code());
}

int main(void) {
  medcore_routing_graph *car = NULL, *emergency = NULL;
  CHECK(medcore_routing_graph_new_andorra("car", &car) == MEDCORE_OK, "andorra car: %s",
        medcore_last_error_message());
  test_queries(car);
  test_points_and_traffic(car);
  test_save_load(car);
  test_hospital(car);
  CHECK(medcore_routing_graph_new_andorra("emergency", &emergency) == MEDCORE_OK,
        "andorra emergency");
  test_dispatch(emergency);
  test_geofences();
  medcore_routing_graph *bad = NULL;
  CHECK(medcore_routing_graph_new_andorra("bicycle", &bad) == MEDCORE_INVALID_ARGUMENT &&
            bad == NULL,
        "unknown profile");
  medcore_routing_graph_free(car);
  medcore_routing_graph_free(emergency);
  medcore_routing_graph_free(NULL);
  return finish("test_routing");
}
