/* C conformance tests of FHIR in the medcore C ABI: the shared vectors of
 * testdata/vectors/fhir_*.json run as core/fhir/tests/vectors.rs runs them (HL7 v2 to a FHIR
 * Bundle single and batch, Bundles back to v2 segments, structural validation, Safe Harbor
 * de-identification with and without a tokenizer, MASK/REDACT obligations), the JSON round
 * trip, errors and ownership. Built as C11 and as C++17 by scripts/test-c.sh and run under
 * valgrind. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "medcore.h"
#include "vectors_fhir.h"

/* Whether two JSON values are equal (each holds everything the other states). */
static int jv_equal(const jv *a, const jv *b, char *why, size_t why_len) {
  if (a == NULL || b == NULL) {
    snprintf(why, why_len, "missing value");
    return 0;
  }
  return jv_subset(a, b, "$", why, why_len) && jv_subset(b, a, "$", why, why_len);
}

static int text_equal(const char *expected, const char *got, char *why, size_t why_len) {
  jv *e = jv_parse(expected), *g = jv_parse(got);
  int ok = jv_equal(e, g, why, why_len);
  jv_free(e);
  jv_free(g);
  return ok;
}

static const char *KEY_ELEMENTS_CHECKED[] = {"identifier", "name",  "gender", "birthDate",
                                             "class",      "status", "code"};

/* convert_vectors in vectors.rs: the bundle type, the entry types, and the key elements of the
 * first Patient, the first Encounter and every Observation. */
static void check_conversion(const vec_fhir_convert *v, const jv *bundle) {
  char why[1024] = "";
  CHECK(same(jv_str(jv_get(bundle, "type")), v->bundle_type), "%s: bundle type", v->name);
  jv *types = jv_parse(v->entry_types);
  jv *keys = jv_parse(v->key_elements);
  const jv *entries = jv_get(bundle, "entry");
  CHECK(entries != NULL && types != NULL && entries->len == types->len, "%s: entry count",
        v->name);
  size_t next = 0;
  int seen_patient = 0, seen_encounter = 0;
  for (size_t i = 0; entries != NULL && i < entries->len; i++) {
    const jv *r = jv_get(entries->items[i], "resource");
    const char *rt = jv_str(jv_get(r, "resourceType"));
    if (types != NULL && i < types->len) {
      CHECK(same(rt, jv_str(types->items[i])), "%s: entry %zu is %s, expected %s", v->name, i,
            show(rt), jv_str(types->items[i]));
    }
    int take = 0;
    if (same(rt, "Patient")) take = !seen_patient, seen_patient = 1;
    else if (same(rt, "Encounter")) take = !seen_encounter, seen_encounter = 1;
    else if (same(rt, "Observation")) take = 1;
    if (!take) continue;
    const jv *want = jv_at(keys, next++);
    CHECK(want != NULL, "%s: more resources than vectors", v->name);
    if (want == NULL) continue;
    for (size_t k = 0; k < want->len; k++) {
      CHECK(jv_equal(want->items[k], jv_get(r, want->keys[k]), why, sizeof why), "%s %s.%s: %s",
            v->name, rt, want->keys[k], why);
    }
    /* Key elements absent from the vector are absent from the output too. */
    for (size_t k = 0; k < sizeof KEY_ELEMENTS_CHECKED / sizeof *KEY_ELEMENTS_CHECKED; k++) {
      const char *name = KEY_ELEMENTS_CHECKED[k];
      int patient_key = k < 4, encounter_key = k == 4 || k == 5;
      if (jv_get(want, name) != NULL || same(rt, "Observation")) continue;
      if ((same(rt, "Patient") && patient_key) || (same(rt, "Encounter") && encounter_key)) {
        CHECK(jv_get(r, name) == NULL, "%s %s.%s: present", v->name, rt, name);
      }
    }
  }
  CHECK(keys != NULL && next == keys->len, "%s: fewer resources than vectors", v->name);
  jv_free(types);
  jv_free(keys);
}

static void test_convert(void) {
  const char *texts[FHIR_CONVERT_COUNT];
  size_t lens[FHIR_CONVERT_COUNT];
  for (size_t i = 0; i < FHIR_CONVERT_COUNT; i++) {
    const vec_fhir_convert *v = &FHIR_CONVERT[i];
    texts[i] = v->message;
    lens[i] = v->len;
    char *bundle = NULL, *warnings = NULL;
    CHECK(medcore_fhir_from_v2(v->message, v->len, v->options, &bundle, &warnings) == MEDCORE_OK,
          "%s: %s %s", v->name, medcore_last_error_code(), medcore_last_error_message());
    jv *b = jv_parse(bundle);
    check_conversion(v, b);
    jv_free(b);
    jv *w = jv_parse(warnings);
    CHECK(w != NULL && w->kind == JV_ARR, "%s: warnings %s", v->name, show(warnings));
    jv_free(w);
    /* The Bundle reads back as a resource and writes the same JSON. */
    medcore_fhir_resource *r = NULL;
    char *again = NULL, *why_text = NULL;
    char why[512] = "";
    CHECK(medcore_fhir_resource_parse(bundle, 1, &r) == MEDCORE_OK, "%s: parse bundle: %s",
          v->name, medcore_last_error_message());
    CHECK(same(medcore_fhir_resource_type(r), "Bundle"), "%s: type", v->name);
    CHECK(medcore_fhir_resource_to_json(r, &again) == MEDCORE_OK &&
              text_equal(bundle, again, why, sizeof why),
          "%s: round trip: %s", v->name, why);
    medcore_string_free(again);
    medcore_string_free(why_text);
    medcore_fhir_resource_free(r);
    medcore_string_free(bundle);
    medcore_string_free(warnings);
  }
  /* All messages in one batch call, plus one that is not HL7. */
  const char *btexts[FHIR_CONVERT_COUNT + 1];
  size_t blens[FHIR_CONVERT_COUNT + 1];
  for (size_t i = 0; i < FHIR_CONVERT_COUNT; i++) btexts[i] = texts[i], blens[i] = lens[i];
  btexts[FHIR_CONVERT_COUNT] = "not a message";
  blens[FHIR_CONVERT_COUNT] = strlen("not a message");
  char *out = NULL;
  CHECK(medcore_fhir_from_v2_batch(btexts, blens, FHIR_CONVERT_COUNT + 1, NULL, &out) ==
            MEDCORE_OK,
        "from_v2_batch: %s", medcore_last_error_message());
  jv *all = jv_parse(out);
  CHECK(all != NULL && all->len == FHIR_CONVERT_COUNT + 1, "batch length");
  for (size_t i = 0; all != NULL && i < FHIR_CONVERT_COUNT && i < all->len; i++) {
    check_conversion(&FHIR_CONVERT[i], jv_get(all->items[i], "bundle"));
  }
  CHECK(same(jv_str(jv_get(jv_get(jv_at(all, FHIR_CONVERT_COUNT), "error"), "code")),
             "FHIR_HL7_PARSE"),
        "batch error element: %s", show(out));
  jv_free(all);
  medcore_string_free(out);

  char *bundle = NULL;
  CHECK(medcore_fhir_from_v2("garbage", 7, NULL, &bundle, NULL) == MEDCORE_FHIR_HL7_PARSE &&
            bundle == NULL,
        "garbage: %s", medcore_last_error_code());
  CHECK(medcore_fhir_from_v2(FHIR_CONVERT[0].message, FHIR_CONVERT[0].len,
                             "{\"bundle_kind\":\"transaction\"}", &bundle, NULL) == MEDCORE_OK,
        "transaction bundle");
  jv *b = jv_parse(bundle);
  CHECK(same(jv_str(jv_get(b, "type")), "transaction"), "transaction type");
  jv_free(b);
  medcore_string_free(bundle);
  bundle = NULL;
  CHECK(medcore_fhir_from_v2(FHIR_CONVERT[0].message, FHIR_CONVERT[0].len,
                             "{\"bundle_kind\":\"collection\"}", &bundle,
                             NULL) == MEDCORE_JSON_INVALID,
        "unknown bundle kind");
}

static void test_to_v2(void) {
  const char *patient = ",{\"resourceType\":\"Patient\"}]";
  size_t cap = strlen(patient) + 2;
  for (size_t i = 0; i < FHIR_TO_V2_COUNT; i++) cap += strlen(FHIR_TO_V2[i].input) + 1;
  char *batch = (char *)malloc(cap);
  strcpy(batch, "[");
  for (size_t i = 0; i < FHIR_TO_V2_COUNT; i++) {
    const vec_fhir *v = &FHIR_TO_V2[i];
    if (i) strcat(batch, ",");
    strcat(batch, v->input);
    medcore_fhir_resource *r = NULL;
    CHECK(medcore_fhir_resource_parse(v->input, 1, &r) == MEDCORE_OK, "%s: parse: %s", v->name,
          medcore_last_error_message());
    char *segs = NULL, *text = NULL;
    char why[1024] = "";
    CHECK(medcore_fhir_resource_to_v2(r, &segs, &text) == MEDCORE_OK, "%s: to_v2", v->name);
    CHECK(text_equal(v->expected, segs, why, sizeof why), "%s: %s\n  got %s", v->name, why,
          show(segs));
    jv *s = jv_parse(segs);
    const char *pid = jv_str(jv_get(s, "pid"));
    CHECK(text != NULL && (pid == NULL || strncmp(text, pid, strlen(pid)) == 0),
          "%s: text starts with PID", v->name);
    jv_free(s);
    medcore_string_free(segs);
    medcore_string_free(text);
    medcore_fhir_resource_free(r);
  }
  strcat(batch, patient);
  char *out = NULL;
  CHECK(medcore_fhir_to_v2_batch(batch, &out) == MEDCORE_OK, "to_v2_batch");
  jv *all = jv_parse(out);
  char why[1024] = "";
  for (size_t i = 0; i < FHIR_TO_V2_COUNT; i++) {
    jv *want = jv_parse(FHIR_TO_V2[i].expected);
    CHECK(jv_equal(want, jv_at(all, i), why, sizeof why), "%s (batch): %s", FHIR_TO_V2[i].name,
          why);
    jv_free(want);
  }
  CHECK(same(jv_str(jv_get(jv_get(jv_at(all, FHIR_TO_V2_COUNT), "error"), "code")),
             "FHIR_CONVERSION"),
        "a Patient is no Bundle");
  jv_free(all);
  medcore_string_free(out);
  free(batch);
}

static void test_validation(void) {
  size_t invalid = 0;
  for (size_t i = 0; i < FHIR_VALIDATION_COUNT; i++) {
    const vec_fhir *v = &FHIR_VALIDATION[i];
    medcore_fhir_resource *r = NULL;
    CHECK(medcore_fhir_resource_parse(v->input, 1, &r) == MEDCORE_OK, "%s: parse: %s", v->name,
          medcore_last_error_message());
    char *issues = NULL, *oo = NULL;
    char why[1024] = "";
    CHECK(medcore_fhir_resource_validate(r, &issues) == MEDCORE_OK, "%s: validate", v->name);
    CHECK(text_equal(v->expected, issues, why, sizeof why), "%s: %s\n  got %s", v->name, why,
          show(issues));
    jv *got = jv_parse(issues);
    int has_error = 0;
    for (size_t k = 0; got != NULL && k < got->len; k++) {
      has_error |= same(jv_str(jv_get(got->items[k], "severity")), "error");
    }
    invalid += got != NULL && got->len > 0;
    CHECK(medcore_fhir_resource_is_valid(r) == !has_error, "%s: is_valid", v->name);
    jv_free(got);
    CHECK(medcore_fhir_resource_operation_outcome(r, &oo) == MEDCORE_OK &&
              jv_subset_text("{\"resourceType\":\"OperationOutcome\"}", oo, why, sizeof why),
          "%s: OperationOutcome %s", v->name, show(oo));
    medcore_string_free(oo);
    medcore_string_free(issues);
    medcore_fhir_resource_free(r);
  }
  CHECK(invalid == 8, "%zu invalid resources, expected 8", invalid);

  /* Strict and lenient reading, ids, errors. */
  medcore_fhir_resource *r = NULL;
  const char *odd = "{\"resourceType\":\"Patient\",\"id\":\"p1\",\"foo\":1}";
  CHECK(medcore_fhir_resource_parse(odd, 1, &r) == MEDCORE_FHIR_UNKNOWN_ELEMENT && r == NULL,
        "strict unknown element: %s", medcore_last_error_code());
  CHECK(medcore_fhir_resource_parse(odd, 0, &r) == MEDCORE_OK, "lenient keeps it");
  CHECK(same(medcore_fhir_resource_id(r), "p1"), "id");
  char *back = NULL;
  CHECK(medcore_fhir_resource_to_json(r, &back) == MEDCORE_OK &&
            jv_subset_text("{\"foo\":1,\"id\":\"p1\"}", back, NULL, 0),
        "unknown element kept: %s", show(back));
  medcore_string_free(back);
  medcore_fhir_resource_free(r);
  r = NULL;
  CHECK(medcore_fhir_resource_parse("{\"id\":\"x\"}", 0, &r) ==
            MEDCORE_FHIR_MISSING_RESOURCE_TYPE,
        "no resourceType: %s", medcore_last_error_code());
  CHECK(medcore_fhir_resource_parse("{", 0, &r) == MEDCORE_FHIR_JSON, "not JSON: %s",
        medcore_last_error_code());
  CHECK(medcore_fhir_resource_parse(NULL, 0, &r) == MEDCORE_INVALID_ARGUMENT, "NULL json");
  CHECK(medcore_fhir_resource_type(NULL) == NULL && medcore_fhir_resource_id(NULL) == NULL,
        "NULL handle getters");
  CHECK(medcore_fhir_resource_is_valid(NULL) == 0, "NULL is_valid");
  medcore_fhir_resource_free(NULL);
}

static void test_deid_and_mask(void) {
  char why[1024] = "";
  for (size_t i = 0; i < FHIR_DEID_COUNT; i++) {
    const vec_fhir_deid *v = &FHIR_DEID[i];
    medcore_fhir_resource *r = NULL;
    CHECK(medcore_fhir_resource_parse(v->resource, 0, &r) == MEDCORE_OK, "%s: parse", v->name);
    medcore_pii_tokenizer *t = NULL;
    if (v->token_key != NULL) {
      char spec[256];
      snprintf(spec, sizeof spec, "1:%s", v->token_key);
      CHECK(medcore_pii_tokenizer_from_spec(spec, &t) == MEDCORE_OK, "%s: tokenizer: %s",
            v->name, medcore_last_error_message());
    }
    char *out = NULL;
    CHECK(medcore_fhir_resource_deidentify(r, v->policy, t, &out) == MEDCORE_OK, "%s: %s",
          v->name, medcore_last_error_message());
    jv *got = jv_parse(out);
    jv *value = jv_parse(v->expected), *changes = jv_parse(v->changes);
    CHECK(jv_equal(value, jv_get(got, "value"), why, sizeof why), "%s: value %s", v->name, why);
    CHECK(jv_equal(changes, jv_get(got, "changes"), why, sizeof why), "%s: changes %s", v->name,
          why);
    jv_free(value);
    jv_free(changes);
    jv_free(got);
    medcore_string_free(out);
    medcore_pii_tokenizer_free(t);
    medcore_fhir_resource_free(r);
  }
  for (size_t i = 0; i < FHIR_MASK_COUNT; i++) {
    const vec_fhir_mask *v = &FHIR_MASK[i];
    medcore_fhir_resource *r = NULL;
    CHECK(medcore_fhir_resource_parse(v->resource, 0, &r) == MEDCORE_OK, "%s: parse", v->name);
    char *out = NULL;
    CHECK(medcore_fhir_resource_mask(r, v->obligations, &out) == MEDCORE_OK, "%s: %s", v->name,
          medcore_last_error_message());
    jv *got = jv_parse(out);
    jv *value = jv_parse(v->expected), *changes = jv_parse(v->changes);
    CHECK(jv_equal(value, jv_get(got, "value"), why, sizeof why), "%s: value %s", v->name, why);
    CHECK(jv_equal(changes, jv_get(got, "changes"), why, sizeof why), "%s: changes %s", v->name,
          why);
    jv_free(value);
    jv_free(changes);
    jv_free(got);
    medcore_string_free(out);
    out = NULL;
    CHECK(medcore_fhir_resource_mask(r, "{\"code\":\"MASK\"}", &out) == MEDCORE_JSON_INVALID &&
              out == NULL,
          "%s: obligations not an array", v->name);
    CHECK(medcore_fhir_resource_deidentify(r, "[]", NULL, &out) == MEDCORE_JSON_INVALID,
          "%s: bad policy", v->name);
    medcore_fhir_resource_free(r);
  }
}

int main(void) {
  test_convert();
  test_to_v2();
  test_validation();
  test_deid_and_mask();
  return finish("test_fhir");
}
