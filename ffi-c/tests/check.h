/* Shared helpers of the C tests: the CHECK macro and its counters, string comparison, and the
 * comparison of a JSON result with the expected part of a shared vector. Valid C11 and C++17. */
#ifndef MEDCORE_TEST_CHECK_H
#define MEDCORE_TEST_CHECK_H

#include <stdio.h>
#include <string.h>

#include "json_check.h"
#include "medcore.h"

static int failures = 0;
static int checks = 0;

#define CHECK(cond, ...)                                                   \
  do {                                                                     \
    checks++;                                                              \
    if (!(cond)) {                                                         \
      failures++;                                                          \
      fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);                 \
      fprintf(stderr, __VA_ARGS__);                                        \
      fprintf(stderr, "\n");                                               \
    }                                                                      \
  } while (0)

static inline int same(const char *a, const char *b) {
  if (a == NULL || b == NULL) return a == b;
  return strcmp(a, b) == 0;
}

static inline const char *show(const char *s) { return s ? s : "(null)"; }

/* Checks one call of a JSON case: `expected` is the JSON the result must contain, or
 * `{"error": {"code": ...}}` for a call that must fail with that code. Frees `got`. */
static inline void check_json_case(const char *id, const char *expected, medcore_status st,
                                   char *got) {
  char why[1024] = "";
  jv *e = jv_parse(expected);
  const jv *err = jv_get(jv_get(e, "error"), "code");
  if (err != NULL) {
    CHECK(st != MEDCORE_OK && got == NULL, "%s: succeeded, expected %s", id, jv_str(err));
    CHECK(same(medcore_last_error_code(), jv_str(err)), "%s: error %s, expected %s", id,
          medcore_last_error_code(), jv_str(err));
    CHECK(strlen(medcore_last_error_message()) > 0, "%s: empty error message", id);
  } else {
    CHECK(st == MEDCORE_OK && got != NULL, "%s: status %d: %s %s", id, (int)st,
          medcore_last_error_code(), medcore_last_error_message());
    if (got != NULL) {
      CHECK(jv_subset_text(expected, got, why, sizeof why), "%s: %s\n  got %s", id, why, got);
    }
  }
  jv_free(e);
  medcore_string_free(got);
}

/* Checks element `i` of a JSON batch result against a case, as check_json_case does. */
static inline void check_json_batch_item(const char *id, const char *expected, const jv *item) {
  char why[1024] = "";
  jv *e = jv_parse(expected);
  const jv *err = jv_get(jv_get(e, "error"), "code");
  if (err != NULL) {
    CHECK(same(jv_str(jv_get(jv_get(item, "error"), "code")), jv_str(err)),
          "%s (batch): expected error %s", id, jv_str(err));
  } else {
    CHECK(item != NULL && jv_get(item, "error") == NULL, "%s (batch): failed", id);
    CHECK(item != NULL && jv_subset(e, item, "$", why, sizeof why), "%s (batch): %s", id, why);
  }
  jv_free(e);
}

static inline int finish(const char *name) {
  if (failures > 0) {
    fprintf(stderr, "%s: %d of %d checks failed\n", name, failures, checks);
    return 1;
  }
  printf("%s: %d checks passed\n", name, checks);
  return 0;
}

#endif
