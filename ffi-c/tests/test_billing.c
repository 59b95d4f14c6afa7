/* C conformance tests of billing in the medcore C ABI: the shared vectors of
 * testdata/vectors/billing_*.json run as the Rust tests of core/billing run them (the MS-DRG grouper
 * against the oracle with the same agreement floors, IPPS pricing, invoice totals and the
 * status machine, a family's adjudication plan year exact to the cent), single and batch calls,
 * errors and ownership. Money is compared as exact decimals. Built as C11 and as C++17 by
 * scripts/test-c.sh and run under valgrind. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "medcore.h"
#include "vectors_billing.h"

/* Writes the canonical form of a decimal string (no leading zeros, no trailing fraction zeros,
 * no "-0") into out; returns 0 when `s` is not a plain decimal. */
static int dec_norm(const char *s, char *out, size_t cap) {
  if (s == NULL || cap < 3) return 0;
  int neg = 0;
  if (*s == '-' || *s == '+') neg = *s++ == '-';
  const char *p = s;
  while (*p == '0' && isdigit((unsigned char)p[1])) p++;
  const char *int_start = p;
  while (isdigit((unsigned char)*p)) p++;
  size_t int_len = (size_t)(p - int_start);
  const char *frac = "";
  size_t frac_len = 0;
  if (*p == '.') {
    frac = ++p;
    while (isdigit((unsigned char)*p)) p++;
    frac_len = (size_t)(p - frac);
  }
  if (*p != '\0' || int_len + frac_len == 0) return 0;
  while (frac_len > 0 && frac[frac_len - 1] == '0') frac_len--;
  while (int_len > 1 && *int_start == '0') int_start++, int_len--;
  if (int_len == 0) int_start = "0", int_len = 1;
  int zero = int_len == 1 && *int_start == '0' && frac_len == 0;
  size_t need = (neg && !zero) + int_len + (frac_len ? 1 + frac_len : 0) + 1;
  if (need > cap) return 0;
  char *o = out;
  if (neg && !zero) *o++ = '-';
  memcpy(o, int_start, int_len), o += int_len;
  if (frac_len) *o++ = '.', memcpy(o, frac, frac_len), o += frac_len;
  *o = '\0';
  return 1;
}

/* Whether two decimal strings are the same number. */
static int dec_eq(const char *a, const char *b) {
  char x[64], y[64];
  return dec_norm(a, x, sizeof x) && dec_norm(b, y, sizeof y) && strcmp(x, y) == 0;
}

/* Checks every key of an expected object against a result object: decimals by value, other
 * strings exactly (as core/billing/tests/pricing.rs does). */
static void check_fields(const char *name, const jv *expected, const jv *got) {
  CHECK(expected != NULL && got != NULL, "%s: missing result", name);
  if (expected == NULL || got == NULL) return;
  char norm[64];
  for (size_t i = 0; i < expected->len; i++) {
    const char *k = expected->keys[i];
    const char *want = jv_str(expected->items[i]);
    const char *have = jv_str(jv_get(got, k));
    if (dec_norm(want, norm, sizeof norm)) {
      CHECK(dec_eq(have, want), "%s: %s = %s, expected %s", name, k, show(have), want);
    } else {
      CHECK(same(have, want), "%s: %s = %s, expected %s", name, k, show(have), want);
    }
  }
}

static void test_grouper(void) {
  medcore_billing_grouper *g = NULL;
  CHECK(medcore_billing_grouper_new(&g) == MEDCORE_OK && g != NULL, "grouper_new: %s",
        medcore_last_error_message());
  CHECK(same(medcore_billing_grouper_version(g), GROUPER_VERSION), "version %s",
        show(medcore_billing_grouper_version(g)));
  CHECK(medcore_billing_grouper_fiscal_year(g) == 2026, "fiscal year %u",
        medcore_billing_grouper_fiscal_year(g));
  CHECK(medcore_billing_grouper_is_valid_diagnosis(g, "I21.4") == 1, "I21.4 valid");
  CHECK(medcore_billing_grouper_is_valid_diagnosis(g, "XYZ") == 0, "XYZ invalid");
  CHECK(medcore_billing_grouper_is_valid_diagnosis(g, NULL) == 0, "NULL code");
  CHECK(medcore_billing_grouper_is_valid_procedure(g, "02703ZZ") == 1, "02703ZZ valid");
  CHECK(medcore_billing_grouper_is_valid_procedure(g, "I214") == 0, "I214 is no procedure");
  CHECK(medcore_billing_grouper_drg_kind(g, 999) == MEDCORE_BILLING_DRG_UNGROUPABLE, "999");
  CHECK(medcore_billing_grouper_drg_kind(NULL, 39) == MEDCORE_BILLING_DRG_UNGROUPABLE, "NULL");

  /* Every oracle claim in one batch call, with the floors of grouper_oracle.rs. */
  char *out = NULL;
  CHECK(medcore_billing_grouper_group_batch(g, GROUPER_CLAIMS_JSON, &out) == MEDCORE_OK,
        "group_batch: %s", medcore_last_error_message());
  jv *results = jv_parse(out);
  CHECK(results != NULL && results->kind == JV_ARR && results->len == GROUPER_CLAIMS_COUNT,
        "group_batch: %zu results", results ? results->len : 0);
  size_t agree = 0, medical = 0, medical_agree = 0;
  for (size_t i = 0; results != NULL && i < results->len && i < GROUPER_CLAIMS_COUNT; i++) {
    const jv *drg = jv_get(results->items[i], "drg");
    unsigned want = GROUPER_EXPECTED_DRG[i];
    int is_medical =
        medcore_billing_grouper_drg_kind(g, (uint16_t)want) == MEDCORE_BILLING_DRG_MEDICAL;
    int ok = drg != NULL && drg->kind == JV_NUM && (unsigned)drg->n == want;
    medical += (size_t)is_medical;
    agree += (size_t)ok;
    medical_agree += (size_t)(ok && is_medical);
  }
  double overall = 100.0 * (double)agree / GROUPER_CLAIMS_COUNT;
  double med = 100.0 * (double)medical_agree / (double)(medical ? medical : 1);
  printf("grouper agreement: %zu/%d = %.2f%% overall; medical %zu/%zu = %.2f%%\n", agree,
         GROUPER_CLAIMS_COUNT, overall, medical_agree, medical, med);
  CHECK(GROUPER_CLAIMS_COUNT >= 10000, "at least 10,000 claims");
  CHECK(medical > 0, "the set has medical-partition claims");
  CHECK(overall >= 99.0, "overall agreement %.2f%% below 99%%", overall);
  CHECK(med >= 100.0, "medical agreement %.2f%% below 100%%", med);

  /* Single calls give the batch results (the first claims of the set). */
  jv *claims = jv_parse(GROUPER_CLAIMS_JSON);
  for (size_t i = 0; claims != NULL && results != NULL && i < 25; i++) {
    /* Re-serialize claim i from the batch text: the test reads the claim list itself. */
    char buf[2048];
    const jv *c = claims->items[i];
    int n = snprintf(buf, sizeof buf,
                     "{\"id\":\"%s\",\"age\":%d,\"sex\":\"%s\",\"discharge_status\":\"%s\","
                     "\"pdx\":\"%s\",\"sdx\":[",
                     jv_str(jv_get(c, "id")), (int)jv_get(c, "age")->n,
                     jv_str(jv_get(c, "sex")), jv_str(jv_get(c, "discharge_status")),
                     jv_str(jv_get(c, "pdx")));
    const char *lists[2] = {"sdx", "procedures"};
    for (int l = 0; l < 2; l++) {
      const jv *arr = jv_get(c, lists[l]);
      for (size_t k = 0; arr != NULL && k < arr->len; k++) {
        n += snprintf(buf + n, sizeof buf - (size_t)n, "%s\"%s\"", k ? "," : "",
                      jv_str(arr->items[k]));
      }
      n += snprintf(buf + n, sizeof buf - (size_t)n, l == 0 ? "],\"procedures\":[" : "]}");
    }
    char *one = NULL;
    CHECK(medcore_billing_grouper_group(g, buf, &one) == MEDCORE_OK, "group %zu: %s", i,
          medcore_last_error_message());
    jv *got = jv_parse(one);
    char why[512] = "";
    CHECK(got != NULL && jv_subset(results->items[i], got, "$", why, sizeof why) &&
              jv_subset(got, results->items[i], "$", why, sizeof why),
          "group %zu differs from the batch: %s", i, why);
    jv_free(got);
    medcore_string_free(one);
  }
  jv_free(claims);
  jv_free(results);
  medcore_string_free(out);

  /* Invalid input groups to 999 rather than failing; a non-claim element is an error. */
  out = NULL;
  CHECK(medcore_billing_grouper_group(g, "{\"id\":\"x\",\"pdx\":\"NOPE\"}", &out) == MEDCORE_OK,
        "invalid pdx");
  CHECK(jv_subset_text("{\"drg\":999,\"return_code\":\"INVALID_PDX\",\"kind\":\"ungroupable\"}",
                       out, NULL, 0),
        "invalid pdx result %s", show(out));
  medcore_string_free(out);
  out = NULL;
  CHECK(medcore_billing_grouper_group_batch(g, "[{\"pdx\":\"I214\"},{\"age\":3}]", &out) ==
            MEDCORE_OK,
        "batch with a bad element");
  jv *b = jv_parse(out);
  CHECK(jv_get(jv_at(b, 0), "drg") != NULL, "batch element 0 grouped");
  CHECK(same(jv_str(jv_get(jv_get(jv_at(b, 1), "error"), "code")), "MEDCORE_JSON_INVALID"),
        "batch element 1 error: %s", show(out));
  jv_free(b);
  medcore_string_free(out);
  out = NULL;
  CHECK(medcore_billing_grouper_group(g, "{\"pdx\": 3}", &out) == MEDCORE_JSON_INVALID &&
            out == NULL,
        "claim with a bad shape");
  CHECK(medcore_billing_grouper_group(NULL, "{}", &out) == MEDCORE_INVALID_ARGUMENT,
        "NULL grouper");
  medcore_billing_grouper *bad = NULL;
  CHECK(medcore_billing_grouper_from_json("{\"version\": 1}", &bad) == MEDCORE_BILLING_DATA &&
            bad == NULL,
        "bad tables: %s %s", medcore_last_error_code(), medcore_last_error_message());
  medcore_billing_grouper_free(g);
  medcore_billing_grouper_free(NULL);
}

static void test_pricing(void) {
  medcore_billing_pricer *p = NULL;
  CHECK(medcore_billing_pricer_new(&p) == MEDCORE_OK && p != NULL, "pricer_new");
  /* Every case singly, and all of them in one batch. */
  size_t cap = 2;
  for (size_t i = 0; i < PRICING_COUNT; i++) cap += strlen(PRICING[i].input) + 1;
  char *batch = (char *)malloc(cap);
  strcpy(batch, "[");
  for (size_t i = 0; i < PRICING_COUNT; i++) {
    const vec_billing *v = &PRICING[i];
    if (i) strcat(batch, ",");
    strcat(batch, v->input);
    char *out = NULL;
    CHECK(medcore_billing_pricer_price(p, v->input, &out) == MEDCORE_OK, "%s: %s %s", v->name,
          medcore_last_error_code(), medcore_last_error_message());
    jv *got = jv_parse(out);
    jv *want = jv_parse(v->expected);
    check_fields(v->name, want, got);
    jv_free(want);
    jv_free(got);
    medcore_string_free(out);
  }
  strcat(batch, "]");
  char *out = NULL;
  CHECK(medcore_billing_pricer_price_batch(p, batch, &out) == MEDCORE_OK, "price_batch");
  jv *got = jv_parse(out);
  CHECK(got != NULL && got->len == PRICING_COUNT, "price_batch length");
  for (size_t i = 0; got != NULL && i < got->len; i++) {
    jv *want = jv_parse(PRICING[i].expected);
    check_fields(PRICING[i].name, want, got->items[i]);
    jv_free(want);
  }
  jv_free(got);
  medcore_string_free(out);
  free(batch);

  /* The error cases of embedded_table5_weights_and_errors, singly and in a batch. */
  const char *fy2023 =
      "{\"fiscal_year\":2023,\"drg\":39,\"length_of_stay\":3,\"provider\":{\"wage_index\":\"1\"}}";
  const char *no_weight =
      "{\"fiscal_year\":2025,\"drg\":39,\"length_of_stay\":3,\"provider\":{\"wage_index\":\"1\"}}";
  const char *negative = "{\"fiscal_year\":2025,\"drg\":39,\"weight\":\"1\",\"length_of_stay\":3,"
                         "\"provider\":{\"wage_index\":\"-1\"}}";
  const char *cases[3][2] = {{fy2023, "BILLING_UNKNOWN_FISCAL_YEAR"},
                             {no_weight, "BILLING_UNKNOWN_DRG"},
                             {negative, "BILLING_INVALID_VALUE"}};
  for (int i = 0; i < 3; i++) {
    out = NULL;
    medcore_status st = medcore_billing_pricer_price(p, cases[i][0], &out);
    char expected[128];
    snprintf(expected, sizeof expected, "{\"error\":{\"code\":\"%s\"}}", cases[i][1]);
    check_json_case(cases[i][1], expected, st, out);
  }
  out = NULL;
  CHECK(medcore_billing_pricer_price(p, fy2023, &out) == MEDCORE_BILLING_UNKNOWN_FISCAL_YEAR &&
            out == NULL,
        "FY2023 status");
  CHECK(medcore_billing_pricer_price(p, no_weight, &out) == MEDCORE_BILLING_UNKNOWN_DRG,
        "no weight status");
  CHECK(medcore_billing_pricer_price(p, negative, &out) == MEDCORE_BILLING_INVALID_VALUE,
        "negative wage index status");
  char errs[1024];
  snprintf(errs, sizeof errs, "[%s,%s,%s,%s]", fy2023, no_weight, negative, PRICING[0].input);
  CHECK(medcore_billing_pricer_price_batch(p, errs, &out) == MEDCORE_OK, "error batch");
  jv *eb = jv_parse(out);
  for (int i = 0; i < 3; i++) {
    CHECK(same(jv_str(jv_get(jv_get(jv_at(eb, (size_t)i), "error"), "code")), cases[i][1]),
          "batch error %d", i);
  }
  CHECK(jv_get(jv_at(eb, 3), "total_payment") != NULL, "batch keeps going after errors");
  jv_free(eb);
  medcore_string_free(out);
  medcore_billing_pricer_free(p);
}

static void check_totals(const char *name, const char *expected, const char *out) {
  jv *e = jv_parse(expected);
  jv *t = jv_parse(out);
  const char *keys[] = {"subtotal", "discount", "net", "tax", "total"};
  for (int k = 0; k < 5; k++) {
    const char *want = jv_str(jv_get(e, keys[k]));
    const char *have = jv_str(jv_get(t, keys[k]));
    CHECK(dec_eq(have, want), "%s: %s = %s, expected %s", name, keys[k], show(have), show(want));
  }
  const char *fields[4][2] = {
      {"line_gross", "gross"}, {"line_net", "net"}, {"line_tax", "tax"}, {"line_total", "total"}};
  const jv *lines = jv_get(t, "lines");
  for (int f = 0; f < 4; f++) {
    const jv *want = jv_get(e, fields[f][0]);
    if (want == NULL) continue;
    CHECK(lines != NULL && lines->len == want->len, "%s: %s length", name, fields[f][0]);
    for (size_t i = 0; lines != NULL && i < want->len && i < lines->len; i++) {
      const char *have = jv_str(jv_get(lines->items[i], fields[f][1]));
      CHECK(dec_eq(have, jv_str(want->items[i])), "%s: %s[%zu] = %s, expected %s", name,
            fields[f][0], i, show(have), jv_str(want->items[i]));
    }
  }
  jv_free(e);
  jv_free(t);
}

static void test_invoices(void) {
  size_t cap = 2;
  for (size_t i = 0; i < INVOICES_COUNT; i++) cap += strlen(INVOICES[i].input) + 1;
  char *batch = (char *)malloc(cap);
  strcpy(batch, "[");
  for (size_t i = 0; i < INVOICES_COUNT; i++) {
    const vec_billing *v = &INVOICES[i];
    if (i) strcat(batch, ",");
    strcat(batch, v->input);
    char *out = NULL;
    CHECK(medcore_billing_invoice_totals(v->input, &out) == MEDCORE_OK, "%s: %s", v->name,
          medcore_last_error_message());
    check_totals(v->name, v->expected, out);
    medcore_string_free(out);
    /* The same totals through a handle. */
    medcore_billing_invoice *inv = NULL;
    out = NULL;
    CHECK(medcore_billing_invoice_from_json(v->input, &inv) == MEDCORE_OK, "%s handle", v->name);
    CHECK(medcore_billing_invoice_get_totals(inv, &out) == MEDCORE_OK, "%s get_totals", v->name);
    check_totals(v->name, v->expected, out);
    medcore_string_free(out);
    medcore_billing_invoice_free(inv);
  }
  strcat(batch, "]");
  char *out = NULL;
  CHECK(medcore_billing_invoice_totals_batch(batch, &out) == MEDCORE_OK, "totals_batch");
  jv *all = jv_parse(out);
  CHECK(all != NULL && all->len == INVOICES_COUNT, "totals_batch length");
  jv_free(all);
  medcore_string_free(out);
  free(batch);

  /* The status machine, step by step (invoice_transitions in invoice_vectors.rs). */
  const char *start = NULL;
  for (size_t i = 0; i < INVOICES_COUNT; i++) {
    jv *inv = jv_parse(INVOICES[i].input);
    if (same(jv_str(jv_get(inv, "id")), INVOICE_TRANSITIONS_ID)) start = INVOICES[i].input;
    jv_free(inv);
  }
  medcore_billing_invoice *inv = NULL;
  CHECK(start != NULL && medcore_billing_invoice_from_json(start, &inv) == MEDCORE_OK,
        "transition invoice");
  CHECK(same(medcore_billing_invoice_id(inv), INVOICE_TRANSITIONS_ID), "invoice id");
  CHECK(same(medcore_billing_invoice_status(inv), "draft"), "starts as draft");
  for (size_t i = 0; i < INVOICE_STEPS_COUNT; i++) {
    const vec_invoice_step *s = &INVOICE_STEPS[i];
    char arg[256];
    snprintf(arg, sizeof arg, "{\"id\":\"s%zu\",\"amount\":\"%s\",\"method\":\"%s\"}", i,
             s->amount ? s->amount : "0", s->method ? s->method : "cash");
    char *t = NULL;
    medcore_status st;
    if (same(s->action, "issue")) {
      st = medcore_billing_invoice_issue(inv, &t);
    } else if (same(s->action, "pay")) {
      st = medcore_billing_invoice_record_payment(inv, arg, &t);
    } else if (same(s->action, "credit")) {
      st = medcore_billing_invoice_credit(inv, arg, &t);
    } else if (same(s->action, "refund")) {
      st = medcore_billing_invoice_refund(inv, arg, &t);
    } else {
      st = medcore_billing_invoice_void(inv);
      if (st == MEDCORE_OK) st = medcore_billing_invoice_get_totals(inv, &t);
    }
    if (s->error != NULL) {
      CHECK(st != MEDCORE_OK && t == NULL && same(medcore_last_error_code(), s->error),
            "step %zu: %s, expected %s", i, medcore_last_error_code(), s->error);
    } else {
      CHECK(st == MEDCORE_OK, "step %zu: %s", i, medcore_last_error_message());
      CHECK(same(medcore_billing_invoice_status(inv), s->status), "step %zu: status %s", i,
            show(medcore_billing_invoice_status(inv)));
      jv *tj = jv_parse(t);
      CHECK(dec_eq(jv_str(jv_get(tj, "balance")), s->balance), "step %zu: balance %s", i,
            show(jv_str(jv_get(tj, "balance"))));
      jv_free(tj);
    }
    medcore_string_free(t);
  }
  char *doc = NULL;
  CHECK(medcore_billing_invoice_to_json(inv, &doc) == MEDCORE_OK, "to_json");
  jv *d = jv_parse(doc);
  CHECK(same(jv_str(jv_get(d, "status")), "paid") && jv_get(d, "payments")->len == 2 &&
            jv_get(d, "refunds")->len == 1,
        "to_json: %s", show(doc));
  jv_free(d);
  medcore_string_free(doc);
  medcore_billing_invoice_free(inv);

  /* A draft built line by line. */
  inv = NULL;
  CHECK(medcore_billing_invoice_new("D-1", "US", &inv) == MEDCORE_BILLING_INVALID_CURRENCY &&
            inv == NULL,
        "bad currency: %s", medcore_last_error_code());
  CHECK(medcore_billing_invoice_new("D-1", "U$D", &inv) == MEDCORE_BILLING_INVALID_CURRENCY,
        "bad currency: %s", medcore_last_error_code());
  inv = NULL;
  CHECK(medcore_billing_invoice_new("D-1", "EUR", &inv) == MEDCORE_OK, "invoice_new");
  CHECK(medcore_billing_invoice_add_line(inv, "{\"id\":\"a\",\"kind\":\"supply\",\"quantity\":"
                                              "\"3\",\"unit_price\":\"0.10\"}") == MEDCORE_OK,
        "add_line a");
  CHECK(medcore_billing_invoice_add_line(inv, "{\"id\":\"b\",\"kind\":\"consultation\","
                                              "\"quantity\":\"1\",\"unit_price\":\"40\"}") ==
            MEDCORE_OK,
        "add_line b");
  CHECK(medcore_billing_invoice_add_line(inv, "{\"id\":\"c\",\"kind\":\"teleport\"}") ==
            MEDCORE_JSON_INVALID,
        "bad line");
  char *removed = NULL;
  CHECK(medcore_billing_invoice_remove_line(inv, "b", &removed) == MEDCORE_OK &&
            jv_subset_text("{\"id\":\"b\",\"unit_price\":\"40\"}", removed, NULL, 0),
        "remove_line: %s", show(removed));
  medcore_string_free(removed);
  char *t = NULL;
  CHECK(medcore_billing_invoice_issue(inv, &t) == MEDCORE_OK, "issue");
  jv *tj = jv_parse(t);
  /* 3 x 0.10 = 0.30 exactly: no binary floating point on the way. */
  CHECK(same(jv_str(jv_get(tj, "total")), "0.30"), "total %s", show(t));
  jv_free(tj);
  medcore_string_free(t);
  CHECK(medcore_billing_invoice_add_line(inv, "{\"id\":\"d\",\"kind\":\"supply\",\"quantity\":"
                                              "\"1\",\"unit_price\":\"1\"}") ==
            MEDCORE_BILLING_INVALID_TRANSITION,
        "add_line after issue");
  CHECK(medcore_billing_invoice_void(inv) == MEDCORE_OK, "void an issued invoice");
  CHECK(same(medcore_billing_invoice_status(inv), "void"), "void status");
  CHECK(medcore_billing_invoice_issue(inv, NULL) == MEDCORE_BILLING_INVALID_TRANSITION,
        "issue a void invoice");
  medcore_billing_invoice_free(inv);
  CHECK(medcore_billing_invoice_status(NULL) == NULL, "NULL status");
  CHECK(medcore_billing_invoice_void(NULL) == MEDCORE_INVALID_ARGUMENT, "NULL void");
}

/* "GROUP-CODE amount" with the amount normalized, as the Rust test compares adjustments. */
static void adjustment_key(const char *kind, const char *amount, char *out, size_t cap) {
  char norm[64] = "?";
  dec_norm(amount, norm, sizeof norm);
  snprintf(out, cap, "%s %s", kind, norm);
}

static void check_adjudication(const vec_adjudication *sc, const jv *a) {
  jv *lines = jv_parse(sc->lines);
  const jv *got = jv_get(a, "lines");
  CHECK(got != NULL && lines != NULL && got->len == lines->len, "%s: line count", sc->name);
  const char *fields[6][2] = {{"allowed", "allowed"},         {"deductible", "deductible"},
                              {"copay", "copay"},             {"coinsurance", "coinsurance"},
                              {"plan_pays", "plan"},          {"patient_pays", "patient"}};
  for (size_t i = 0; got != NULL && lines != NULL && i < lines->len && i < got->len; i++) {
    const jv *g = got->items[i], *w = lines->items[i];
    CHECK(same(jv_str(jv_get(g, "line_id")), jv_str(jv_get(w, "id"))), "%s: line %zu id",
          sc->name, i);
    for (int f = 0; f < 6; f++) {
      CHECK(dec_eq(jv_str(jv_get(g, fields[f][0])), jv_str(jv_get(w, fields[f][1]))),
            "%s / %s: %s = %s, expected %s", sc->name, jv_str(jv_get(w, "id")), fields[f][0],
            show(jv_str(jv_get(g, fields[f][0]))), jv_str(jv_get(w, fields[f][1])));
    }
    const jv *ga = jv_get(g, "adjustments"), *wa = jv_get(w, "adjustments");
    CHECK(ga != NULL && wa != NULL && ga->len == wa->len, "%s / %s: adjustment count", sc->name,
          jv_str(jv_get(w, "id")));
    for (size_t k = 0; ga != NULL && wa != NULL && k < ga->len && k < wa->len; k++) {
      char kind[32], have[96], want[96];
      const jv *x = ga->items[k];
      snprintf(kind, sizeof kind, "%s-%d", jv_str(jv_get(x, "group")),
               (int)jv_get(x, "code")->n);
      adjustment_key(kind, jv_str(jv_get(x, "amount")), have, sizeof have);
      const char *ws = jv_str(wa->items[k]);
      const char *sp = strchr(ws, ' ');
      snprintf(kind, sizeof kind, "%.*s", (int)(sp - ws), ws);
      adjustment_key(kind, sp + 1, want, sizeof want);
      CHECK(same(have, want), "%s / %s: adjustment %s, expected %s", sc->name,
            jv_str(jv_get(w, "id")), have, want);
    }
  }
  jv *summary = jv_parse(sc->summary);
  const jv *gs = jv_get(a, "summary");
  for (size_t k = 0; summary != NULL && k < summary->len; k++) {
    const char *have = jv_str(jv_get(gs, summary->keys[k]));
    CHECK(dec_eq(have, jv_str(summary->items[k])), "%s: summary %s = %s, expected %s", sc->name,
          summary->keys[k], show(have), jv_str(summary->items[k]));
  }
  jv_free(summary);
  jv_free(lines);
}

static void check_final(const char *acc_json) {
  jv *want = jv_parse(ADJ_FINAL);
  jv *got = jv_parse(acc_json);
  const char *fam[2] = {"family_deductible", "family_out_of_pocket"};
  for (int f = 0; f < 2; f++) {
    CHECK(dec_eq(jv_str(jv_get(got, fam[f])), jv_str(jv_get(want, fam[f]))), "final %s",
          fam[f]);
  }
  const jv *members = jv_get(want, "members");
  for (size_t m = 0; members != NULL && m < members->len; m++) {
    const jv *g = jv_get(jv_get(got, "members"), members->keys[m]);
    CHECK(dec_eq(jv_str(jv_get(g, "deductible")),
                 jv_str(jv_get(members->items[m], "deductible"))) &&
              dec_eq(jv_str(jv_get(g, "out_of_pocket")),
                     jv_str(jv_get(members->items[m], "out_of_pocket"))),
          "final member %s", members->keys[m]);
  }
  jv_free(got);
  jv_free(want);
}

static void test_adjudication(void) {
  medcore_billing_plan *plan = NULL;
  CHECK(medcore_billing_plan_from_json(ADJ_PLAN, &plan) == MEDCORE_OK, "plan: %s",
        medcore_last_error_message());
  char *acc = NULL;
  size_t cap = 2;
  for (size_t i = 0; i < ADJ_SCENARIOS_COUNT; i++) cap += strlen(ADJ_SCENARIOS[i].claim) + 1;
  char *claims = (char *)malloc(cap);
  strcpy(claims, "[");
  for (size_t i = 0; i < ADJ_SCENARIOS_COUNT; i++) {
    const vec_adjudication *sc = &ADJ_SCENARIOS[i];
    if (i) strcat(claims, ",");
    strcat(claims, sc->claim);
    char *a = NULL, *next = NULL;
    CHECK(medcore_billing_plan_adjudicate(plan, sc->claim, acc, &a, &next) == MEDCORE_OK,
          "%s: %s", sc->name, medcore_last_error_message());
    jv *aj = jv_parse(a);
    check_adjudication(sc, aj);
    jv_free(aj);
    medcore_string_free(a);
    medcore_string_free(acc);
    acc = next;
  }
  strcat(claims, "]");
  check_final(acc);

  /* The whole year in one call gives the same adjudications and accumulators. */
  char *all = NULL, *acc2 = NULL;
  CHECK(medcore_billing_plan_adjudicate_many(plan, claims, NULL, &all, &acc2) == MEDCORE_OK,
        "adjudicate_many: %s", medcore_last_error_message());
  jv *aj = jv_parse(all);
  CHECK(aj != NULL && aj->len == ADJ_SCENARIOS_COUNT, "adjudicate_many length");
  for (size_t i = 0; aj != NULL && i < aj->len; i++) check_adjudication(&ADJ_SCENARIOS[i], aj->items[i]);
  jv_free(aj);
  check_final(acc2);
  CHECK(jv_subset_text(acc, acc2, NULL, 0) && jv_subset_text(acc2, acc, NULL, 0),
        "accumulators differ");
  medcore_string_free(all);
  medcore_string_free(acc2);
  free(claims);

  /* invalid_plan_is_rejected_and_accumulators_untouched: a negative billed amount. */
  char *a = NULL, *next = NULL;
  const char *bad = "{\"id\":\"X\",\"member_id\":\"A\",\"lines\":[{\"id\":\"L1\",\"category\":"
                    "\"lab\",\"billed\":\"-1\"}]}";
  CHECK(medcore_billing_plan_adjudicate(plan, bad, NULL, &a, &next) ==
                MEDCORE_BILLING_INVALID_VALUE &&
            a == NULL && next == NULL,
        "negative billed: %s", medcore_last_error_code());
  CHECK(medcore_billing_plan_adjudicate(plan, ADJ_SCENARIOS[0].claim, "{\"members\": 3}", &a,
                                        &next) == MEDCORE_JSON_INVALID,
        "bad accumulators");
  CHECK(medcore_billing_plan_adjudicate(plan, ADJ_SCENARIOS[0].claim, NULL, NULL, &next) ==
            MEDCORE_INVALID_ARGUMENT,
        "NULL out-pointer");
  medcore_string_free(acc);
  medcore_billing_plan_free(plan);

  /* A plan with coinsurance 2 (200 %) is rejected. */
  const char *co = strstr(ADJ_PLAN, "\"coinsurance\":\"0.20\"");
  CHECK(co != NULL, "plan coinsurance field");
  if (co != NULL) {
    char *text = (char *)malloc(strlen(ADJ_PLAN) + 1);
    strcpy(text, ADJ_PLAN);
    memcpy(text + (co - ADJ_PLAN), "\"coinsurance\":\"2.00\"", 20);
    medcore_billing_plan *bp = NULL;
    CHECK(medcore_billing_plan_from_json(text, &bp) == MEDCORE_BILLING_INVALID_VALUE &&
              bp == NULL,
          "coinsurance 2: %s", medcore_last_error_code());
    free(text);
  }
}

int main(void) {
  test_grouper();
  test_pricing();
  test_invoices();
  test_adjudication();
  return finish("test_billing");
}
