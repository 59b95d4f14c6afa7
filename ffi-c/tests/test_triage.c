/* C conformance tests of the triage part of the medcore C ABI: the shared vectors of
 * testdata/vectors/triage_*.json (turned into vectors_triage.h by gen_triage_vectors.py), batch
 * calls, error reporting and ownership. Built as C11 and as C++17 by scripts/test-c.sh and run
 * under valgrind. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "medcore.h"
#include "vectors_triage.h"

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

static int same(const char *a, const char *b) {
  if (a == NULL || b == NULL) return a == b;
  return strcmp(a, b) == 0;
}

static const char *show(const char *s) { return s ? s : "(null)"; }

/* Compares a score with what the vector states. */
static void check_score(const vec_score *e, medcore_status st, const medcore_triage_score *s) {
  if (e->error != NULL) {
    CHECK(st != MEDCORE_OK && s == NULL, "%s: scored, expected %s", e->id, e->error);
    CHECK(same(medcore_last_error_code(), e->error), "%s: error %s, expected %s", e->id,
          medcore_last_error_code(), e->error);
    CHECK(st != MEDCORE_ERROR, "%s: %s has no status of its own", e->id, e->error);
    return;
  }
  CHECK(st == MEDCORE_OK && s != NULL, "%s: status %d: %s", e->id, (int)st,
        medcore_last_error_message());
  if (s == NULL) return;
  medcore_triage_score_summary sum;
  CHECK(medcore_triage_score_get_summary(s, &sum) == MEDCORE_OK, "%s: summary", e->id);
  if (e->total >= 0) {
    CHECK((long)sum.total == e->total, "%s: total %u, expected %ld", e->id, sum.total, e->total);
  }
  if (e->max_possible >= 0) {
    CHECK((long)sum.max_possible == e->max_possible, "%s: max_possible %u, expected %ld", e->id,
          sum.max_possible, e->max_possible);
  }
  if (e->risk != NULL) {
    CHECK(same(sum.risk, e->risk), "%s: risk %s, expected %s", e->id, sum.risk, e->risk);
  }
  if (e->partial >= 0) {
    CHECK(sum.partial == e->partial, "%s: partial %d, expected %d", e->id, sum.partial,
          e->partial);
  }
  CHECK(sum.citation != NULL && strlen(sum.citation) > 10, "%s: citation", e->id);
  for (size_t p = 0; p < e->param_count; p++) {
    const vec_param *ep = &e->params[p];
    int found = 0;
    for (size_t i = 0; i < sum.parameter_count; i++) {
      medcore_triage_parameter got;
      CHECK(medcore_triage_score_parameter(s, i, &got) == MEDCORE_OK, "%s: parameter %zu", e->id,
            i);
      if (!same(got.parameter, ep->parameter)) continue;
      found = 1;
      if (ep->points >= 0) {
        CHECK(got.points == ep->points, "%s: %s scored %d, expected %d", e->id, ep->parameter,
              got.points, ep->points);
      }
      if (ep->band != NULL) {
        CHECK(same(got.band, ep->band), "%s: %s band %s, expected %s", e->id, ep->parameter,
              got.band, ep->band);
      }
      if (ep->between_rows >= 0) {
        CHECK(got.between_rows == ep->between_rows, "%s: %s between_rows %d", e->id,
              ep->parameter, got.between_rows);
      }
    }
    CHECK(found, "%s: no parameter %s in the breakdown", e->id, ep->parameter);
  }
  if (e->missing != NULL) {
    size_t n = 0;
    while (e->missing[n] != NULL) n++;
    CHECK(sum.missing_count == n, "%s: %zu missing, expected %zu", e->id, sum.missing_count, n);
    for (size_t i = 0; i < n; i++) {
      CHECK(same(medcore_triage_score_missing(s, i), e->missing[i]),
            "%s: missing %zu is %s, expected %s", e->id, i,
            show(medcore_triage_score_missing(s, i)), e->missing[i]);
    }
  }
  CHECK(medcore_triage_score_missing(s, sum.missing_count) == NULL, "%s: missing range", e->id);
}

static void check_mci(const vec_mci *e, medcore_status st, const medcore_triage_mci_result *r,
                      const char *protocol) {
  CHECK(st == MEDCORE_OK && r != NULL, "%s: %s", e->id, medcore_last_error_message());
  if (r == NULL) return;
  medcore_triage_mci_summary sum;
  CHECK(medcore_triage_mci_get_summary(r, &sum) == MEDCORE_OK, "%s: summary", e->id);
  CHECK(same(sum.protocol, protocol), "%s: protocol %s, expected %s", e->id, sum.protocol,
        protocol);
  CHECK(same(sum.category, e->category), "%s: category %s, expected %s (path: %s)", e->id,
        show(sum.category), show(e->category), show(medcore_triage_mci_path(r, 0)));
  CHECK((sum.category == NULL) == (sum.colour == NULL), "%s: colour with category", e->id);
  size_t n = 0;
  while (e->missing[n] != NULL) n++;
  CHECK(sum.missing_count == n, "%s: %zu missing, expected %zu", e->id, sum.missing_count, n);
  for (size_t i = 0; i < n; i++) {
    CHECK(same(medcore_triage_mci_missing(r, i), e->missing[i]), "%s: missing %zu", e->id, i);
  }
  CHECK(sum.path_count > 0 && medcore_triage_mci_path(r, sum.path_count - 1) != NULL &&
            medcore_triage_mci_path(r, sum.path_count) == NULL,
        "%s: path", e->id);
}

/* Each instrument: single calls over its vectors. */
#define SINGLE(PREFIX, FN)                                                  \
  for (size_t c = 0; c < PREFIX##_COUNT; c++) {                             \
    medcore_triage_score *s = NULL;                                         \
    medcore_status st = FN(&PREFIX##_INPUTS[c], &s);                        \
    check_score(&PREFIX##_EXPECTED[c], st, s);                              \
    medcore_triage_score_free(s);                                           \
  }

/* Each instrument: one batch call over its vectors, with the same expectations. */
#define BATCH(PREFIX, FN)                                                          \
  do {                                                                             \
    size_t n = PREFIX##_COUNT;                                                     \
    medcore_triage_score **scores =                                                \
        (medcore_triage_score **)calloc(n, sizeof(medcore_triage_score *));        \
    medcore_status *sts = (medcore_status *)calloc(n, sizeof(medcore_status));     \
    CHECK(FN(PREFIX##_INPUTS, n, scores, sts) == MEDCORE_OK, #FN ": %s",           \
          medcore_last_error_message());                                           \
    for (size_t c = 0; c < n; c++) {                                               \
      check_score(&PREFIX##_EXPECTED[c], sts[c], scores[c]);                       \
      medcore_triage_score_free(scores[c]);                                        \
    }                                                                              \
    free(scores);                                                                  \
    free(sts);                                                                     \
  } while (0)

static void score_vectors(void) {
  /* NEWS2: the whole RCP chart grid in one batch call, a sample of it one call at a time. */
  BATCH(NEWS2, medcore_triage_news2_batch);
  for (size_t c = 0; c < NEWS2_COUNT; c += 97) {
    medcore_triage_score *s = NULL;
    medcore_status st = medcore_triage_news2(&NEWS2_INPUTS[c], &s);
    check_score(&NEWS2_EXPECTED[c], st, s);
    medcore_triage_score_free(s);
  }
  SINGLE(QSOFA, medcore_triage_qsofa);
  BATCH(QSOFA, medcore_triage_qsofa_batch);
  SINGLE(SIRS, medcore_triage_sirs);
  BATCH(SIRS, medcore_triage_sirs_batch);
  SINGLE(GCS, medcore_triage_gcs);
  BATCH(GCS, medcore_triage_gcs_batch);
  SINGLE(CASES_NEWS2, medcore_triage_news2);
  BATCH(CASES_NEWS2, medcore_triage_news2_batch);
  SINGLE(CASES_MEWS, medcore_triage_mews);
  BATCH(CASES_MEWS, medcore_triage_mews_batch);
  SINGLE(CASES_PEWS, medcore_triage_pews);
  BATCH(CASES_PEWS, medcore_triage_pews_batch);
}

static void mci_vectors(void) {
  for (size_t c = 0; c < START_COUNT; c++) {
    medcore_triage_mci_result *r = NULL;
    medcore_status st = medcore_triage_start(&START_INPUTS[c], &r);
    check_mci(&START_EXPECTED[c], st, r, "start");
    medcore_triage_mci_result_free(r);
  }
  /* JumpSTART vectors go through the age switch, as in the Rust tests. */
  for (size_t c = 0; c < JUMPSTART_COUNT; c++) {
    medcore_triage_mci_result *r = NULL;
    medcore_status st = medcore_triage_mci(&JUMPSTART_INPUTS[c], &r);
    check_mci(&JUMPSTART_EXPECTED[c], st, r, "jumpstart");
    medcore_triage_mci_result_free(r);
    r = NULL;
    CHECK(medcore_triage_jumpstart(&JUMPSTART_INPUTS[c], &r) == MEDCORE_OK, "jumpstart direct");
    check_mci(&JUMPSTART_EXPECTED[c], MEDCORE_OK, r, "jumpstart");
    medcore_triage_mci_result_free(r);
  }
  medcore_triage_mci_result *rs[JUMPSTART_COUNT];
  medcore_status sts[JUMPSTART_COUNT];
  CHECK(medcore_triage_mci_batch(JUMPSTART_INPUTS, JUMPSTART_COUNT, rs, sts) == MEDCORE_OK,
        "mci_batch");
  for (size_t c = 0; c < JUMPSTART_COUNT; c++) {
    check_mci(&JUMPSTART_EXPECTED[c], sts[c], rs[c], "jumpstart");
    medcore_triage_mci_result_free(rs[c]);
  }
}

static void errors_and_ownership(void) {
  /* A coded finding that is not known: its own status, the field named. */
  medcore_triage_news2_input in = {20.0, 96.0, 0, 0, 120.0, 80.0, "Q", 37.0};
  medcore_triage_score *s = NULL;
  CHECK(medcore_triage_news2(&in, &s) == MEDCORE_TRIAGE_UNKNOWN_CODE && s == NULL, "ACVPU Q");
  CHECK(strstr(medcore_last_error_message(), "consciousness") != NULL, "names the field: %s",
        medcore_last_error_message());
  in.consciousness = "A";
  in.supplemental_oxygen = 2;
  CHECK(medcore_triage_news2(&in, &s) == MEDCORE_INVALID_ARGUMENT && s == NULL, "flag 2");
  CHECK(strstr(medcore_last_error_message(), "supplemental_oxygen") != NULL, "flag message: %s",
        medcore_last_error_message());
  in.supplemental_oxygen = MEDCORE_TRIAGE_UNKNOWN;
  in.spo2 = NAN;
  CHECK(medcore_triage_news2(&in, &s) == MEDCORE_OK, "missing values: %s",
        medcore_last_error_message());
  medcore_triage_score_summary sum;
  CHECK(medcore_triage_score_get_summary(s, &sum) == MEDCORE_OK && sum.partial == 1 &&
            sum.missing_count == 2 && same(sum.instrument, "news2"),
        "partial NEWS2");
  medcore_triage_parameter p;
  CHECK(medcore_triage_score_parameter(s, 0, &p) == MEDCORE_OK &&
            same(p.parameter, "respiration_rate") && p.kind == MEDCORE_TRIAGE_VALUE_NUMBER &&
            p.number == 20.0 && p.code == NULL,
        "first parameter");
  int saw_code = 0;
  for (size_t i = 0; i < sum.parameter_count; i++) {
    CHECK(medcore_triage_score_parameter(s, i, &p) == MEDCORE_OK, "parameter %zu", i);
    if (p.kind == MEDCORE_TRIAGE_VALUE_CODE) saw_code = same(p.code, "A");
  }
  CHECK(saw_code, "ACVPU reported as a code");
  CHECK(medcore_triage_score_parameter(s, sum.parameter_count, &p) == MEDCORE_INVALID_ARGUMENT,
        "parameter out of range");
  medcore_triage_score_free(s);

  /* PEWS codes by their names; an unknown one is reported with the field. */
  medcore_triage_pews_input pews = {72.0, "dancing", NULL, NAN, NAN, NAN, NULL, NAN, NAN,
                                    MEDCORE_TRIAGE_UNKNOWN, MEDCORE_TRIAGE_UNKNOWN};
  CHECK(medcore_triage_pews(&pews, &s) == MEDCORE_TRIAGE_UNKNOWN_CODE, "PEWS behaviour");
  CHECK(strstr(medcore_last_error_message(), "behaviour") != NULL, "PEWS message: %s",
        medcore_last_error_message());

  /* GCS: a component out of range is TRIAGE_OUT_OF_RANGE. */
  medcore_triage_gcs_input gcs = {9, 5, 6};
  CHECK(medcore_triage_gcs(&gcs, &s) == MEDCORE_TRIAGE_OUT_OF_RANGE, "GCS eye 9: %s",
        medcore_last_error_code());

  /* A batch keeps going after a bad input and says which one failed. */
  medcore_triage_qsofa_input q[3] = {{22.0, 90.0, MEDCORE_TRIAGE_UNKNOWN, 15.0},
                                     {-5.0, 90.0, MEDCORE_TRIAGE_UNKNOWN, 15.0},
                                     {12.0, 130.0, 0, NAN}};
  medcore_triage_score *qs[3];
  medcore_status qst[3];
  CHECK(medcore_triage_qsofa_batch(q, 3, qs, qst) == MEDCORE_OK, "qsofa batch");
  CHECK(qst[0] == MEDCORE_OK && qst[1] == MEDCORE_TRIAGE_OUT_OF_RANGE && qst[2] == MEDCORE_OK &&
            qs[1] == NULL,
        "batch statuses %d %d %d", (int)qst[0], (int)qst[1], (int)qst[2]);
  CHECK(strstr(medcore_last_error_message(), "input 1") != NULL, "batch message: %s",
        medcore_last_error_message());
  for (int i = 0; i < 3; i++) medcore_triage_score_free(qs[i]);
  CHECK(medcore_triage_qsofa_batch(NULL, 3, qs, qst) == MEDCORE_INVALID_ARGUMENT, "NULL batch");
  CHECK(medcore_triage_qsofa_batch(NULL, 0, NULL, NULL) == MEDCORE_OK, "empty batch");
  CHECK(medcore_triage_qsofa(NULL, &s) == MEDCORE_INVALID_ARGUMENT, "NULL input");
  CHECK(medcore_triage_qsofa(&q[0], NULL) == MEDCORE_INVALID_ARGUMENT, "NULL out");

  medcore_triage_score_free(NULL);
  medcore_triage_mci_result_free(NULL);
  CHECK(medcore_triage_score_missing(NULL, 0) == NULL, "missing of NULL");
  CHECK(medcore_triage_mci_path(NULL, 0) == NULL, "path of NULL");
}

int main(void) {
  score_vectors();
  mci_vectors();
  errors_and_ownership();
  printf("%d checks, %d failures (%d NEWS2, %d qSOFA, %d SIRS, %d GCS, %d START, %d JumpSTART, "
         "%d MEWS, %d PEWS vectors)\n",
         checks, failures, NEWS2_COUNT + CASES_NEWS2_COUNT, QSOFA_COUNT, SIRS_COUNT, GCS_COUNT,
         START_COUNT, JUMPSTART_COUNT, CASES_MEWS_COUNT, CASES_PEWS_COUNT);
  return failures == 0 ? 0 : 1;
}
