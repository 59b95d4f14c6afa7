/* C conformance tests of authorization in the medcore C ABI: the shared vectors of
 * testdata/vectors/authz_default.json (the default policy set's role x resource x action matrix,
 * through vectors_authz.h) single and batch, explanations, break-glass, the decision log hook,
 * consents, policy text with error locations, the "which resources may I see" filter, errors
 * and ownership. Built as C11 and as C++17 by scripts/test-c.sh and run under valgrind. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "medcore.h"
#include "vectors_authz.h"

static void check_decision(const vec_authz *e, medcore_status st, const medcore_authz_decision *d) {
  CHECK(st == MEDCORE_OK && d != NULL, "%s: status %d: %s", e->name, (int)st,
        medcore_last_error_message());
  if (d == NULL) return;
  medcore_authz_decision_summary s;
  CHECK(medcore_authz_decision_get_summary(d, &s) == MEDCORE_OK, "%s: summary", e->name);
  CHECK(same(s.effect, e->effect), "%s: effect %s, expected %s", e->name, s.effect, e->effect);
  CHECK(s.allowed == same(e->effect, "allow"), "%s: allowed %d", e->name, s.allowed);
  CHECK((s.error_count > 0) == e->has_errors, "%s: %zu errors", e->name, s.error_count);
  /* Determining rule ids, compared sorted. */
  CHECK(s.determining_count == e->determining_count, "%s: %zu determining, expected %zu",
        e->name, s.determining_count, e->determining_count);
  if (s.determining_count == e->determining_count) {
    const char **got = (const char **)calloc(s.determining_count + 1, sizeof(char *));
    for (size_t i = 0; i < s.determining_count; i++) got[i] = medcore_authz_decision_determining(d, i);
    for (size_t i = 0; i < s.determining_count; i++) {
      for (size_t j = i + 1; j < s.determining_count; j++) {
        if (strcmp(got[j], got[i]) < 0) {
          const char *t = got[i];
          got[i] = got[j];
          got[j] = t;
        }
      }
      CHECK(same(got[i], e->determining[i]), "%s: determining %zu is %s, expected %s", e->name,
            i, got[i], e->determining[i]);
    }
    free(got);
  }
  CHECK(medcore_authz_decision_determining(d, s.determining_count) == NULL, "%s: past end",
        e->name);
  /* Obligations, in order. */
  CHECK(s.obligation_count == e->obligation_count, "%s: %zu obligations, expected %zu", e->name,
        s.obligation_count, e->obligation_count);
  for (size_t i = 0; i < s.obligation_count && i < e->obligation_count; i++) {
    medcore_authz_obligation o;
    CHECK(medcore_authz_decision_obligation(d, i, &o) == MEDCORE_OK, "%s: obligation", e->name);
    const medcore_authz_obligation *w = &e->obligations[i];
    CHECK(same(o.code, w->code) && same(o.field, w->field) && same(o.kind, w->kind) &&
              same(o.level, w->level),
          "%s: obligation %zu is %s %s %s %s, expected %s %s %s %s", e->name, i, o.code,
          show(o.field), show(o.kind), show(o.level), w->code, show(w->field), show(w->kind),
          show(w->level));
  }
  medcore_authz_obligation o;
  CHECK(medcore_authz_decision_obligation(d, s.obligation_count, &o) == MEDCORE_INVALID_ARGUMENT,
        "%s: obligation past the end", e->name);
  for (size_t i = 0; i < s.error_count; i++) {
    medcore_authz_rule_error re;
    CHECK(medcore_authz_decision_error(d, i, &re) == MEDCORE_OK && re.rule != NULL &&
              strlen(re.message) > 0,
          "%s: error %zu", e->name, i);
  }
}

typedef struct {
  int events;
  int allowed;
  char last[4096];
} log_state;

static void on_decision(void *user_data, const char *event_json) {
  log_state *st = (log_state *)user_data;
  st->events++;
  jv *ev = jv_parse(event_json);
  if (same(jv_str(jv_get(ev, "effect")), "allow")) st->allowed++;
  jv_free(ev);
  snprintf(st->last, sizeof st->last, "%s", event_json);
}

static const medcore_authz_request *find(const char *name) {
  for (size_t i = 0; i < AUTHZ_COUNT; i++) {
    if (same(AUTHZ_EXPECTED[i].name, name)) return &AUTHZ_REQUESTS[i];
  }
  fprintf(stderr, "no vector named %s\n", name);
  exit(2);
}

static void test_vectors(const medcore_authz_policy_set *ps) {
  for (size_t i = 0; i < AUTHZ_COUNT; i++) {
    medcore_authz_decision *d = NULL;
    medcore_status st = medcore_authz_authorize(ps, &AUTHZ_REQUESTS[i], &d);
    check_decision(&AUTHZ_EXPECTED[i], st, d);
    medcore_authz_decision_free(d);
  }
  medcore_authz_decision *ds[AUTHZ_COUNT];
  medcore_status sts[AUTHZ_COUNT];
  CHECK(medcore_authz_authorize_batch(ps, AUTHZ_REQUESTS, AUTHZ_COUNT, ds, sts) == MEDCORE_OK,
        "batch");
  for (size_t i = 0; i < AUTHZ_COUNT; i++) {
    check_decision(&AUTHZ_EXPECTED[i], sts[i], ds[i]);
    medcore_authz_decision_free(ds[i]);
  }
}

static void test_json_and_explain(const medcore_authz_policy_set *ps) {
  const medcore_authz_request *req = find("doctor reads a patient of her department");
  medcore_authz_decision *d = NULL;
  char *why = NULL;
  CHECK(medcore_authz_explain(ps, req, &d, &why) == MEDCORE_OK, "explain: %s",
        medcore_last_error_message());
  char msg[1024] = "";
  CHECK(jv_subset_text("{\"effective_roles\": [], \"trace\": []}", why, msg, sizeof msg),
        "explain json: %s", msg);
  jv *w = jv_parse(why);
  const jv *trace = jv_get(w, "trace");
  int determining = 0;
  for (size_t i = 0; trace != NULL && i < trace->len; i++) {
    const jv *t = jv_at(trace, i);
    const jv *det = jv_get(t, "determining");
    if (det != NULL && det->b && same(jv_str(jv_get(t, "id")), "matrix-doctor-rw")) determining++;
  }
  CHECK(determining == 1, "explain names matrix-doctor-rw as determining");
  jv_free(w);
  medcore_string_free(why);
  char *json = NULL;
  CHECK(medcore_authz_decision_to_json(d, &json) == MEDCORE_OK, "to_json");
  CHECK(jv_subset_text("{\"effect\": \"allow\", \"determining\": [\"matrix-doctor-rw\"], "
                       "\"obligations\": [{\"code\": \"MASK\", \"field\": \"ssn\", \"kind\": "
                       "\"ssn\"}], \"break_glass\": false}",
                       json, msg, sizeof msg),
        "decision json: %s", msg);
  medcore_string_free(json);

  char *event = NULL;
  CHECK(medcore_authz_decision_event(ps, req, d, &event) == MEDCORE_OK, "decision_event");
  jv *ev = jv_parse(event);
  CHECK(same(jv_str(jv_get(ev, "policy_hash")), medcore_authz_policy_set_hash(ps)),
        "event policy hash");
  CHECK(!same(jv_str(jv_get(ev, "principal")), "dr-ada"), "event principal is masked");
  jv_free(ev);
  medcore_string_free(event);
  medcore_authz_decision_free(d);

  medcore_string_list *problems = NULL;
  CHECK(medcore_authz_check_request(ps, req, &problems) == MEDCORE_OK &&
            medcore_string_list_len(problems) == 0,
        "well-formed request has no problems");
  medcore_string_list_free(problems);
  medcore_authz_request bad = *req;
  const char *wizard[] = {"Wizard"};
  bad.roles = wizard;
  bad.role_count = 1;
  problems = NULL;
  CHECK(medcore_authz_check_request(ps, &bad, &problems) == MEDCORE_OK &&
            medcore_string_list_len(problems) >= 1,
        "an unknown role is a problem");
  medcore_string_list_free(problems);

  char *masked = NULL;
  CHECK(medcore_authz_mask_identifier("p-123456", &masked) == MEDCORE_OK && masked != NULL &&
            strchr(masked, '*') != NULL && strlen(masked) == 8,
        "mask_identifier: %s", show(masked));
  medcore_string_free(masked);
}

static void test_break_glass(const medcore_authz_policy_set *ps) {
  medcore_authz_break_glass state;
  char *reason = NULL;
  CHECK(medcore_authz_break_glass_status(
            ps, find("doctor reads a patient of her department"), &state, &reason) == MEDCORE_OK &&
            state == MEDCORE_AUTHZ_BREAK_GLASS_NONE && reason == NULL,
        "no declaration");
  /* Every request of the vectors that declares break-glass: a valid one gives break_glass in
   * the decision; a blank reason is invalid with a reason. */
  int valid = 0, invalid = 0;
  for (size_t i = 0; i < AUTHZ_COUNT; i++) {
    if (AUTHZ_REQUESTS[i].break_glass_reason == NULL) continue;
    reason = NULL;
    CHECK(medcore_authz_break_glass_status(ps, &AUTHZ_REQUESTS[i], &state, &reason) == MEDCORE_OK,
          "break-glass status");
    medcore_authz_decision *d = NULL;
    medcore_authz_authorize(ps, &AUTHZ_REQUESTS[i], &d);
    medcore_authz_decision_summary s;
    medcore_authz_decision_get_summary(d, &s);
    if (state == MEDCORE_AUTHZ_BREAK_GLASS_VALID) {
      valid++;
      CHECK(reason == NULL && s.break_glass == 1, "%s: valid break-glass",
            AUTHZ_EXPECTED[i].name);
    } else {
      invalid++;
      CHECK(state == MEDCORE_AUTHZ_BREAK_GLASS_INVALID && reason != NULL && strlen(reason) > 0 &&
                s.break_glass == 0,
            "%s: invalid break-glass", AUTHZ_EXPECTED[i].name);
    }
    medcore_string_free(reason);
    medcore_authz_decision_free(d);
  }
  CHECK(valid >= 1 && invalid >= 1, "break-glass vectors: %d valid, %d invalid", valid, invalid);
}

static void test_log_hook(medcore_authz_policy_set *ps) {
  log_state st;
  memset(&st, 0, sizeof st);
  CHECK(medcore_authz_policy_set_set_decision_log(ps, on_decision, &st) == MEDCORE_OK, "set log");
  medcore_authz_decision *d = NULL;
  medcore_authz_authorize(ps, find("doctor reads a patient of her department"), &d);
  medcore_authz_decision_free(d);
  CHECK(st.events == 1 && st.allowed == 1, "one allow event, got %d", st.events);
  char msg[512] = "";
  CHECK(jv_subset_text("{\"action\": \"read\", \"resource_type\": \"Patient\", \"determining\": "
                       "[\"matrix-doctor-rw\"]}",
                       st.last, msg, sizeof msg),
        "event: %s", msg);
  medcore_authz_decision *ds[AUTHZ_COUNT];
  medcore_status sts[AUTHZ_COUNT];
  medcore_authz_authorize_batch(ps, AUTHZ_REQUESTS, AUTHZ_COUNT, ds, sts);
  int allows = 0;
  for (size_t i = 0; i < AUTHZ_COUNT; i++) {
    allows += same(AUTHZ_EXPECTED[i].effect, "allow");
    medcore_authz_decision_free(ds[i]);
  }
  CHECK(st.events == 1 + AUTHZ_COUNT && st.allowed == 1 + allows, "batch events %d", st.events);
  CHECK(medcore_authz_policy_set_set_decision_log(ps, NULL, NULL) == MEDCORE_OK, "clear log");
  medcore_authz_authorize(ps, find("doctor reads a patient of her department"), &d);
  medcore_authz_decision_free(d);
  CHECK(st.events == 1 + AUTHZ_COUNT, "no event after the hook is removed");
}

static void test_consents(const medcore_authz_policy_set *ps) {
  const char *consents =
      "[{\"id\": \"c1\", \"patient\": \"p-1\", \"decision\": \"deny\", \"actors\": "
      "[\"dr-ada\"]}]";
  medcore_authz_policy_set *with = NULL;
  CHECK(medcore_authz_policy_set_with_consents(ps, consents, &with) == MEDCORE_OK && with != NULL,
        "with_consents: %s", medcore_last_error_message());
  CHECK(!same(medcore_authz_policy_set_hash(with), medcore_authz_policy_set_hash(ps)),
        "consents change the hash");
  CHECK(medcore_authz_policy_set_rule_count(with) > medcore_authz_policy_set_rule_count(ps),
        "consents add rules");
  const medcore_authz_request *req = find("doctor reads a patient of her department");
  medcore_authz_decision *d = NULL;
  medcore_authz_authorize(with, req, &d);
  medcore_authz_decision_summary s;
  medcore_authz_decision_get_summary(d, &s);
  CHECK(s.allowed == 0, "the patient's restriction denies dr-ada");
  int consent_rule = 0;
  for (size_t i = 0; i < s.determining_count; i++) {
    consent_rule += same(medcore_authz_decision_determining(d, i), "consent:c1");
  }
  CHECK(consent_rule == 1, "consent:c1 determines the deny");
  medcore_authz_decision_free(d);
  medcore_authz_policy_set_free(with);
  with = NULL;
  CHECK(medcore_authz_policy_set_with_consents(ps, "{\"id\": 1}", &with) == MEDCORE_JSON_INVALID &&
            with == NULL,
        "consents must be an array");
}

static void test_policy_text(void) {
  medcore_authz_policy_set *ps = NULL;
  const char *text = "@id(\"doctors-read\")\npermit(role: Doctor, action: read, resource: Patient);\n";
  CHECK(medcore_authz_policy_set_from_text(text, "mine.policy", NULL, &ps) == MEDCORE_OK,
        "from_text: %s", medcore_last_error_message());
  if (ps != NULL) {
    medcore_authz_decision *d = NULL;
    medcore_authz_authorize(ps, find("doctor reads a patient of her department"), &d);
    medcore_authz_decision_summary s;
    medcore_authz_decision_get_summary(d, &s);
    CHECK(s.allowed == 1 && same(medcore_authz_decision_determining(d, 0), "doctors-read"),
          "own policy allows");
    medcore_authz_decision_free(d);
    medcore_authz_policy_set_free(ps);
  }
  ps = NULL;
  CHECK(medcore_authz_policy_set_from_text("// first\n\npermit(role: Doctor", "bad.policy", NULL,
                                           &ps) == MEDCORE_AUTHZ_SYNTAX &&
            ps == NULL,
        "syntax error: %s", medcore_last_error_code());
  const char *source = NULL;
  uint32_t line = 0, column = 0;
  CHECK(medcore_last_error_location(&source, &line, &column) == 1 && same(source, "bad.policy") &&
            line == 3 && column >= 1,
        "syntax error location %s:%u:%u", show(source), line, column);
  CHECK(medcore_authz_policy_set_from_text("permit(role: Wizard, action: read, resource: Patient);",
                                           NULL, NULL, &ps) == MEDCORE_AUTHZ_UNKNOWN_ROLE,
        "unknown role: %s", medcore_last_error_code());
  CHECK(medcore_last_error_location(&source, NULL, NULL) == 1 && same(source, "policies"),
        "default source name");
  CHECK(medcore_authz_policy_set_from_text(NULL, NULL, NULL, &ps) == MEDCORE_INVALID_ARGUMENT,
        "NULL text");
  CHECK(medcore_last_error_location(NULL, NULL, NULL) == 0, "no location for a NULL argument");
}

static void test_filter(const medcore_authz_policy_set *ps) {
  const char *req =
      "{\"principal\": {\"id\": \"dr-ada\", \"roles\": [\"Doctor\"], \"attributes\": "
      "{\"department\": \"cardiology\"}}, \"action\": \"read\", \"resource_type\": \"Patient\", "
      "\"environment\": {\"time\": 1772445600, \"purpose_of_use\": \"TREAT\"}}";
  char *out = NULL;
  CHECK(medcore_authz_filter(ps, req, &out) == MEDCORE_OK, "filter: %s",
        medcore_last_error_message());
  jv *f = jv_parse(out);
  CHECK(same(jv_str(jv_get(f, "resource_type")), "Patient") && jv_get(f, "residual") != NULL,
        "filter result: %s", show(out));
  jv_free(f);
  medcore_string_free(out);
  out = NULL;
  CHECK(medcore_authz_filter_sql(ps, req, "{\"placeholder\": \"question\"}", &out) == MEDCORE_OK,
        "filter_sql: %s", medcore_last_error_message());
  jv *sql = jv_parse(out);
  const char *text = jv_str(jv_get(sql, "sql"));
  const jv *params = jv_get(sql, "params");
  CHECK(text != NULL && strstr(text, "department") != NULL && params != NULL &&
            params->kind == JV_ARR && params->len >= 1,
        "filter_sql result: %s", show(out));
  jv_free(sql);
  medcore_string_free(out);
  out = NULL;
  CHECK(medcore_authz_filter(ps, "{\"principal\": {\"id\": \"x\"}, \"action\": \"read\", "
                                 "\"resource_type\": \"Spaceship\"}",
                             &out) == MEDCORE_AUTHZ_FILTER &&
            out == NULL,
        "unknown type: %s", medcore_last_error_code());
}

int main(void) {
  medcore_authz_policy_set *ps = NULL;
  CHECK(medcore_authz_policy_set_new_default(&ps) == MEDCORE_OK && ps != NULL, "default set");
  CHECK(strlen(medcore_authz_policy_set_hash(ps)) == 64, "hash");
  test_vectors(ps);
  test_json_and_explain(ps);
  test_break_glass(ps);
  test_log_hook(ps);
  test_consents(ps);
  test_policy_text();
  test_filter(ps);
  medcore_authz_decision *d = NULL;
  CHECK(medcore_authz_authorize(NULL, &AUTHZ_REQUESTS[0], &d) == MEDCORE_INVALID_ARGUMENT,
        "NULL set");
  medcore_authz_request bad = AUTHZ_REQUESTS[0];
  bad.action = NULL;
  CHECK(medcore_authz_authorize(ps, &bad, &d) == MEDCORE_INVALID_ARGUMENT && d == NULL,
        "NULL action");
  medcore_authz_policy_set_free(ps);
  medcore_authz_policy_set_free(NULL);
  medcore_authz_decision_free(NULL);
  return finish("test_authz");
}
