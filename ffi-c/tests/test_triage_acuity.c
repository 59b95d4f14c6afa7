/* C conformance tests of ESI, the ED scales, dispatch priority and SALT in the medcore C ABI:
 * the shared vectors of testdata/vectors/triage_cases.json (through vectors_triage.h), single
 * and batch calls, handles, error reporting and ownership. Built as C11 and as C++17 by
 * scripts/test-c.sh and run under valgrind. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "medcore.h"
#include "vectors_triage.h"

/* Builds a JSON array of the inputs of `cases` (caller frees). */
static char *json_array_of_inputs(const vec_json *cases, size_t n) {
  size_t total = 3;
  for (size_t i = 0; i < n; i++) total += strlen(cases[i].input) + 1;
  char *out = (char *)malloc(total);
  if (out == NULL) return NULL;
  strcpy(out, "[");
  for (size_t i = 0; i < n; i++) {
    if (i > 0) strcat(out, ",");
    strcat(out, cases[i].input);
  }
  strcat(out, "]");
  return out;
}

static void check_batch(const char *name, const vec_json *cases, size_t n, medcore_status st,
                        char *got) {
  CHECK(st == MEDCORE_OK && got != NULL, "%s batch: %s", name, medcore_last_error_message());
  jv *arr = jv_parse(got);
  CHECK(arr != NULL && arr->kind == JV_ARR && arr->len == n, "%s batch: %zu results", name,
        arr ? arr->len : 0);
  for (size_t i = 0; arr != NULL && i < n && i < arr->len; i++) {
    check_json_batch_item(cases[i].id, cases[i].expected, jv_at(arr, i));
  }
  jv_free(arr);
  medcore_string_free(got);
}

static void test_esi(void) {
  for (size_t i = 0; i < ESI_JSON_COUNT; i++) {
    char *out = NULL;
    medcore_status st = medcore_triage_esi(ESI_JSON[i].input, &out);
    check_json_case(ESI_JSON[i].id, ESI_JSON[i].expected, st, out);
  }
  char *inputs = json_array_of_inputs(ESI_JSON, ESI_JSON_COUNT);
  char *out = NULL;
  medcore_status st = medcore_triage_esi_batch(inputs, &out);
  check_batch("esi", ESI_JSON, ESI_JSON_COUNT, st, out);
  free(inputs);

  /* Not JSON, and JSON of the wrong shape. */
  out = NULL;
  CHECK(medcore_triage_esi("{", &out) == MEDCORE_JSON_INVALID && out == NULL, "esi bad json");
  CHECK(same(medcore_last_error_code(), "MEDCORE_JSON_INVALID"), "esi bad json code");
  CHECK(medcore_triage_esi("{\"resources\": 3}", &out) == MEDCORE_JSON_INVALID, "esi shape");
  CHECK(medcore_triage_esi(NULL, &out) == MEDCORE_INVALID_ARGUMENT, "esi NULL input");
  CHECK(medcore_triage_esi("{}", NULL) == MEDCORE_INVALID_ARGUMENT, "esi NULL out");
}

static void test_dispatch(void) {
  medcore_triage_dispatch_rules *rules = NULL;
  CHECK(medcore_triage_dispatch_rules_new_example(&rules) == MEDCORE_OK && rules != NULL,
        "dispatch example rules");
  for (size_t i = 0; i < DISPATCH_JSON_COUNT; i++) {
    char *out = NULL;
    medcore_status st = medcore_triage_dispatch(rules, DISPATCH_JSON[i].input, &out);
    check_json_case(DISPATCH_JSON[i].id, DISPATCH_JSON[i].expected, st, out);
  }
  char *inputs = json_array_of_inputs(DISPATCH_JSON, DISPATCH_JSON_COUNT);
  char *out = NULL;
  medcore_status st = medcore_triage_dispatch_batch(rules, inputs, &out);
  check_batch("dispatch", DISPATCH_JSON, DISPATCH_JSON_COUNT, st, out);
  free(inputs);
  medcore_triage_dispatch_rules_free(rules);

  /* A table of one's own; a malformed one. */
  /* One rule over a plan for every level: a cough with fever is bravo, a cough alone alpha. */
  const char *own =
      "{\"name\": \"t\", \"version\": \"1\", \"notice\": \"test\", \"findings\": "
      "{\"cough\": \"Cough\", \"fever\": \"Fever\"}, \"plans\": {"
      "\"omega\": {\"arp_category\": null, \"unit\": \"none\", \"urgency\": \"referral\", "
      "\"units\": 0, \"description\": \"o\"}, "
      "\"alpha\": {\"arp_category\": \"c3\", \"unit\": \"bls\", \"urgency\": \"routine\", "
      "\"units\": 1, \"description\": \"a\"}, "
      "\"bravo\": {\"arp_category\": \"c2\", \"unit\": \"bls\", \"urgency\": "
      "\"lights_and_sirens\", \"units\": 1, \"description\": \"b\"}, "
      "\"charlie\": {\"arp_category\": \"c2\", \"unit\": \"als\", \"urgency\": "
      "\"lights_and_sirens\", \"units\": 1, \"description\": \"c\"}, "
      "\"delta\": {\"arp_category\": \"c1\", \"unit\": \"als\", \"urgency\": "
      "\"lights_and_sirens\", \"units\": 1, \"description\": \"d\"}, "
      "\"echo\": {\"arp_category\": \"c1\", \"unit\": \"als\", \"urgency\": "
      "\"lights_and_sirens\", \"units\": 2, \"description\": \"e\"}}, "
      "\"rules\": [{\"id\": \"R1\", \"description\": \"cough and fever\", \"when\": "
      "{\"all\": [\"cough\", \"fever\"]}, \"level\": \"bravo\"}], \"default_level\": "
      "\"alpha\"}";
  rules = NULL;
  st = medcore_triage_dispatch_rules_from_json(own, &rules);
  CHECK(st == MEDCORE_OK && rules != NULL, "own rules: %s", medcore_last_error_message());
  out = NULL;
  if (rules != NULL) {
    st = medcore_triage_dispatch(rules, "{\"findings\": [\"cough\"]}", &out);
    check_json_case("own rules default", "{\"level\": \"alpha\", \"routing\": {\"unit\": "
                    "\"bls\", \"urgency\": \"routine\"}}", st, out);
    out = NULL;
    st = medcore_triage_dispatch(rules, "{\"findings\": [\"fever\", \"cough\"]}", &out);
    check_json_case("own rules R1", "{\"level\": \"bravo\", \"matched\": [{\"id\": \"R1\"}]}",
                    st, out);
  }
  medcore_triage_dispatch_rules_free(rules);
  rules = NULL;
  CHECK(medcore_triage_dispatch_rules_from_json("{\"name\": 1}", &rules) ==
                MEDCORE_TRIAGE_INVALID_TABLE &&
            rules == NULL,
        "malformed rules: %s", medcore_last_error_code());
  medcore_triage_dispatch_rules_free(NULL);
}

static void test_ed(void) {
  /* CTAS level 1 is immediate with a 98 % fractile; Manchester level 3 (yellow) 60 minutes. */
  medcore_triage_ed_level level;
  CHECK(medcore_triage_ed_scale_level("ctas", 1, &level) == MEDCORE_OK, "ctas 1");
  CHECK(level.level == 1 && same(level.name, "resuscitation") && same(level.colour, "blue") &&
            level.target_minutes == 0 && level.fractile_percent == 98,
        "ctas 1: %s %s %u %d", level.name, level.colour, level.target_minutes,
        level.fractile_percent);
  CHECK(medcore_triage_ed_scale_level("manchester", 3, &level) == MEDCORE_OK, "mts 3");
  CHECK(same(level.colour, "yellow") && level.target_minutes == 60, "mts 3: %s %u",
        level.colour, level.target_minutes);
  CHECK(medcore_triage_ed_scale_level("ctas", 6, &level) == MEDCORE_TRIAGE_OUT_OF_RANGE, "ctas 6");
  CHECK(medcore_triage_ed_scale_level("ats", 1, &level) == MEDCORE_TRIAGE_UNKNOWN_CODE, "ats");
  uint8_t overdue = 9;
  CHECK(medcore_triage_ed_overdue("manchester", 3, 61.0, &overdue) == MEDCORE_OK && overdue == 1,
        "mts 3 after 61 min is overdue");
  CHECK(medcore_triage_ed_overdue("manchester", 3, 59.0, &overdue) == MEDCORE_OK && overdue == 0,
        "mts 3 after 59 min is not overdue");
  CHECK(medcore_triage_ed_overdue("ctas", 2, -1.0, &overdue) == MEDCORE_TRIAGE_OUT_OF_RANGE,
        "negative wait");

  medcore_triage_ed *ed = NULL;
  CHECK(medcore_triage_ed_new_example(&ed) == MEDCORE_OK && ed != NULL, "ed example");
  const char *own =
      "{\"scale\": \"manchester\", \"name\": \"t\", \"notice\": \"test\", \"presentations\": "
      "[{\"code\": \"chest_pain\", \"name\": \"Chest pain\", \"default_level\": 4, "
      "\"discriminators\": [{\"code\": \"cardiac_pain\", \"description\": \"Cardiac pain\", "
      "\"level\": 2}, {\"code\": \"shock\", \"description\": \"Shock\", \"level\": 1}]}]}";
  medcore_triage_ed *mine = NULL;
  medcore_status st = medcore_triage_ed_from_json(own, &mine);
  CHECK(st == MEDCORE_OK && mine != NULL, "own ed table: %s", medcore_last_error_message());
  char *out = NULL;
  if (mine != NULL) {
    st = medcore_triage_ed_triage(mine,
                                  "{\"presentation\": \"chest_pain\", \"findings\": "
                                  "[\"cardiac_pain\", \"shock\"]}",
                                  &out);
    check_json_case("ed most urgent discriminator",
                    "{\"scale\": \"manchester\", \"discriminator\": \"shock\", \"level\": "
                    "{\"level\": 1, \"colour\": \"red\", \"target_minutes\": 0}}",
                    st, out);
    out = NULL;
    st = medcore_triage_ed_triage_batch(
        mine, "[{\"presentation\": \"chest_pain\", \"findings\": []}, {\"presentation\": \"x\"}]",
        &out);
    CHECK(st == MEDCORE_OK, "ed batch");
    jv *arr = jv_parse(out);
    check_json_batch_item("ed batch default", "{\"discriminator\": null, \"level\": {\"level\": 4}}",
                          jv_at(arr, 0));
    CHECK(jv_get(jv_at(arr, 1), "error") != NULL, "ed batch unknown presentation");
    jv_free(arr);
    medcore_string_free(out);
  }
  medcore_triage_ed_free(mine);
  medcore_triage_ed_free(ed);
  medcore_triage_ed *bad = NULL;
  CHECK(medcore_triage_ed_from_json("{\"scale\": \"ctas\"}", &bad) ==
                MEDCORE_TRIAGE_INVALID_TABLE &&
            bad == NULL,
        "malformed ed table: %s", medcore_last_error_code());
}

static void test_salt(void) {
  for (size_t i = 0; i < SALT_JSON_COUNT; i++) {
    medcore_triage_mci_result *r = NULL;
    medcore_status st = medcore_triage_salt(&SALT_INPUTS[i], &r);
    char *out = NULL;
    if (r != NULL) {
      CHECK(medcore_triage_mci_result_to_json(r, &out) == MEDCORE_OK, "salt to_json");
      medcore_triage_mci_summary sum;
      CHECK(medcore_triage_mci_get_summary(r, &sum) == MEDCORE_OK && same(sum.protocol, "salt"),
            "%s: protocol", SALT_JSON[i].id);
    }
    check_json_case(SALT_JSON[i].id, SALT_JSON[i].expected, st, out);
    medcore_triage_mci_result_free(r);
  }
  medcore_triage_mci_result *results[SALT_JSON_COUNT];
  medcore_status statuses[SALT_JSON_COUNT];
  CHECK(medcore_triage_salt_batch(SALT_INPUTS, SALT_JSON_COUNT, results, statuses) == MEDCORE_OK,
        "salt batch");
  for (size_t i = 0; i < SALT_JSON_COUNT; i++) {
    medcore_triage_mci_summary sum;
    CHECK(statuses[i] == MEDCORE_OK &&
              medcore_triage_mci_get_summary(results[i], &sum) == MEDCORE_OK,
          "salt batch %zu", i);
    char *out = NULL;
    medcore_triage_mci_result_to_json(results[i], &out);
    jv *got = jv_parse(out);
    check_json_batch_item(SALT_JSON[i].id, SALT_JSON[i].expected, got);
    const jv *gs = jv_get(got, "global_sort");
    CHECK(gs == NULL || (double)sum.global_sort == gs->n, "salt batch %zu global_sort", i);
    jv_free(got);
    medcore_string_free(out);
    medcore_triage_mci_result_free(results[i]);
  }
  medcore_triage_salt_input bad = SALT_INPUTS[0];
  bad.walks = 2;
  medcore_triage_mci_result *r = NULL;
  CHECK(medcore_triage_salt(&bad, &r) == MEDCORE_INVALID_ARGUMENT && r == NULL, "salt flag 2");
}

int main(void) {
  test_esi();
  test_dispatch();
  test_ed();
  test_salt();
  return finish("test_triage_acuity");
}
