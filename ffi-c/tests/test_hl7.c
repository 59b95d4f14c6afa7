/* C conformance tests of the medcore C ABI: the shared vectors of testdata/vectors (turned into
 * vectors.h by gen_vectors.py), error reporting, ownership and the panic boundary.
 * Built as C11 and as C++17 by scripts/test-c.sh and run under valgrind. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "medcore.h"
#include "vectors.h"

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

static const uint8_t *u8(const char *s) { return (const uint8_t *)s; }

static void check_gets(const char *name, const medcore_hl7_message *msg, const vec_get *gets) {
  for (const vec_get *g = gets; g->path != NULL; g++) {
    char *value = NULL;
    size_t len = 0;
    medcore_status st = medcore_hl7_message_get(msg, g->path, &value, &len);
    CHECK(st == MEDCORE_OK, "%s: get %s: status %d (%s)", name, g->path, (int)st,
          medcore_last_error_message());
    CHECK(same(value, g->value), "%s: %s = \"%s\", expected \"%s\"", name, g->path,
          value ? value : "(absent)", g->value ? g->value : "(absent)");
    if (value != NULL) CHECK(len == strlen(value), "%s: %s length %zu", name, g->path, len);
    medcore_string_free(value);
  }
}

static void check_warnings(const char *name, const medcore_hl7_message *msg,
                           const char *const *expected) {
  size_t n = 0;
  while (expected[n] != NULL) n++;
  size_t count = medcore_hl7_message_warning_count(msg);
  CHECK(count == n, "%s: %zu warnings, expected %zu", name, count, n);
  for (size_t i = 0; i < count && i < n; i++) {
    char *code = NULL;
    char *message = NULL;
    size_t line = 0;
    CHECK(medcore_hl7_message_warning(msg, i, &code, &message, &line) == MEDCORE_OK,
          "%s: warning %zu", name, i);
    CHECK(same(code, expected[i]), "%s: warning %zu is %s, expected %s", name, i, code,
          expected[i]);
    CHECK(message != NULL && message[0] != '\0' && line >= 1, "%s: warning %zu message", name, i);
    medcore_string_free(code);
    medcore_string_free(message);
  }
}

static void parse_vectors(void) {
  for (size_t c = 0; c < PARSE_CASE_COUNT; c++) {
    const parse_case *tc = &PARSE_CASES[c];
    medcore_hl7_message *msg = NULL;
    medcore_status st = medcore_hl7_parse(u8(tc->message), tc->message_len, &msg);
    if (tc->error != NULL) {
      CHECK(st != MEDCORE_OK && msg == NULL, "%s: parsed, expected %s", tc->name, tc->error);
      CHECK(st != MEDCORE_ERROR, "%s: %s has no status of its own", tc->name, tc->error);
      CHECK(same(medcore_last_error_code(), tc->error), "%s: error %s, expected %s", tc->name,
            medcore_last_error_code(), tc->error);
      CHECK(strlen(medcore_last_error_message()) > 0, "%s: empty error message", tc->name);
      continue;
    }
    CHECK(st == MEDCORE_OK, "%s: status %d: %s", tc->name, (int)st,
          medcore_last_error_message());
    if (st != MEDCORE_OK) continue;
    size_t n = 0;
    while (tc->segments[n] != NULL) n++;
    size_t count = medcore_hl7_message_segment_count(msg);
    CHECK(count == n, "%s: %zu segments, expected %zu", tc->name, count, n);
    for (size_t i = 0; i < count && i < n; i++) {
      char *id = NULL;
      size_t line = 0;
      CHECK(medcore_hl7_message_segment(msg, i, &id, NULL, &line) == MEDCORE_OK, "%s: seg %zu",
            tc->name, i);
      CHECK(same(id, tc->segments[i]), "%s: segment %zu is %s, expected %s", tc->name, i, id,
            tc->segments[i]);
      CHECK(line >= 1, "%s: segment line", tc->name);
      medcore_string_free(id);
    }
    check_gets(tc->name, msg, tc->gets);
    check_warnings(tc->name, msg, tc->warnings);
    medcore_hl7_message_free(msg);
  }
}

static void parse_many_vectors(void) {
  const uint8_t *data[PARSE_CASE_COUNT];
  size_t lens[PARSE_CASE_COUNT];
  medcore_hl7_message *msgs[PARSE_CASE_COUNT];
  medcore_status statuses[PARSE_CASE_COUNT];
  for (size_t c = 0; c < PARSE_CASE_COUNT; c++) {
    data[c] = u8(PARSE_CASES[c].message);
    lens[c] = PARSE_CASES[c].message_len;
  }
  CHECK(medcore_hl7_parse_many(data, lens, PARSE_CASE_COUNT, msgs, statuses) == MEDCORE_OK,
        "parse_many: %s", medcore_last_error_message());
  for (size_t c = 0; c < PARSE_CASE_COUNT; c++) {
    const parse_case *tc = &PARSE_CASES[c];
    if (tc->error != NULL) {
      CHECK(statuses[c] != MEDCORE_OK && msgs[c] == NULL, "parse_many %s: expected failure",
            tc->name);
    } else {
      CHECK(statuses[c] == MEDCORE_OK && msgs[c] != NULL, "parse_many %s: failed", tc->name);
      if (msgs[c] != NULL) check_gets(tc->name, msgs[c], tc->gets);
    }
    medcore_hl7_message_free(msgs[c]);
  }
}

static void charset_vectors(void) {
  for (size_t c = 0; c < CHARSET_CASE_COUNT; c++) {
    const charset_case *tc = &CHARSET_CASES[c];
    medcore_hl7_message *msg = NULL;
    medcore_status st = medcore_hl7_parse(u8(tc->bytes), tc->len, &msg);
    CHECK(st == MEDCORE_OK, "%s: %s", tc->name, medcore_last_error_message());
    if (st != MEDCORE_OK) continue;
    CHECK(same(medcore_hl7_message_charset(msg), tc->charset), "%s: charset %s, expected %s",
          tc->name, medcore_hl7_message_charset(msg), tc->charset);
    check_gets(tc->name, msg, tc->gets);
    check_warnings(tc->name, msg, tc->warnings);
    medcore_hl7_message_free(msg);
  }
}

static void escape_vectors(void) {
  for (size_t c = 0; c < ESCAPE_CASE_COUNT; c++) {
    const escape_case *tc = &ESCAPE_CASES[c];
    char delims[8] = "|^~\\&";
    if (tc->truncation != NULL) strcat(delims, tc->truncation);
    char *decoded = NULL;
    size_t decoded_len = 0;
    medcore_string_list *unknown = NULL;
    CHECK(medcore_hl7_escape_decode(tc->raw, strlen(tc->raw), delims, &decoded, &decoded_len,
                                    &unknown) == MEDCORE_OK,
          "decode %s: %s", tc->raw, medcore_last_error_message());
    CHECK(same(decoded, tc->decoded), "decode \"%s\": \"%s\", expected \"%s\"", tc->raw, decoded,
          tc->decoded);
    CHECK(decoded_len == strlen(tc->decoded), "decode %s: length", tc->raw);
    size_t n = 0;
    while (tc->unknown[n] != NULL) n++;
    CHECK(medcore_string_list_len(unknown) == n, "decode %s: %zu unknown escapes, expected %zu",
          tc->raw, medcore_string_list_len(unknown), n);
    for (size_t i = 0; i < n; i++) {
      CHECK(same(medcore_string_list_get(unknown, i), tc->unknown[i]), "decode %s: unknown %zu",
            tc->raw, i);
    }
    CHECK(medcore_string_list_get(unknown, n) == NULL, "string list out of range");
    medcore_string_list_free(unknown);

    char *encoded = NULL;
    CHECK(medcore_hl7_escape_encode(tc->decoded, strlen(tc->decoded), delims, &encoded, NULL) ==
              MEDCORE_OK,
          "encode %s: %s", tc->decoded, medcore_last_error_message());
    CHECK(same(encoded, tc->encoded), "encode \"%s\": \"%s\", expected \"%s\"", tc->decoded,
          encoded, tc->encoded);
    char *round = NULL;
    if (encoded != NULL) {
      CHECK(medcore_hl7_escape_decode(encoded, strlen(encoded), delims, &round, NULL, NULL) ==
                MEDCORE_OK,
            "round trip");
      CHECK(same(round, tc->decoded), "round trip \"%s\": \"%s\"", tc->decoded, round);
    }
    medcore_string_free(round);
    medcore_string_free(encoded);
    medcore_string_free(decoded);
  }
}

static const char *severity_name(medcore_hl7_severity s) {
  switch (s) {
    case MEDCORE_HL7_SEVERITY_INFO: return "info";
    case MEDCORE_HL7_SEVERITY_WARNING: return "warning";
    case MEDCORE_HL7_SEVERITY_ERROR: return "error";
  }
  return "?";
}

static medcore_hl7_validator *validator_for(char kind, const char *profile_text) {
  medcore_hl7_profile *profile = NULL;
  medcore_status st;
  if (kind == 'B') {
    st = medcore_hl7_profile_builtin(profile_text, &profile);
  } else if (kind == 'J') {
    st = medcore_hl7_profile_from_json(profile_text, strlen(profile_text), &profile);
  } else {
    st = medcore_hl7_profile_from_toml(profile_text, strlen(profile_text), &profile);
  }
  CHECK(st == MEDCORE_OK, "profile %c: %s", kind, medcore_last_error_message());
  medcore_hl7_validator *v = NULL;
  if (st == MEDCORE_OK) {
    CHECK(medcore_hl7_validator_new(profile, &v) == MEDCORE_OK, "validator_new");
  }
  /* The validator keeps its own copy of the profile. */
  medcore_hl7_profile_free(profile);
  return v;
}

static void check_report(const validation_case *tc, const medcore_hl7_report *report) {
  medcore_hl7_report_summary sum;
  CHECK(medcore_hl7_report_get_summary(report, &sum) == MEDCORE_OK, "%s: summary", tc->name);
  CHECK(sum.has_errors == tc->has_errors, "%s: has_errors %d, expected %d", tc->name,
        sum.has_errors, tc->has_errors);
  CHECK(same(sum.definitions, tc->definitions), "%s: definitions %s, expected %s", tc->name,
        sum.definitions ? sum.definitions : "(none)",
        tc->definitions ? tc->definitions : "(none)");
  CHECK(same(sum.structure, tc->structure), "%s: structure %s, expected %s", tc->name,
        sum.structure ? sum.structure : "(none)", tc->structure ? tc->structure : "(none)");
  CHECK(sum.issue_count == tc->issue_count, "%s: %zu issues, expected %zu", tc->name,
        sum.issue_count, tc->issue_count);
  CHECK(sum.error_count + sum.warning_count + sum.info_count == sum.issue_count,
        "%s: severity counts", tc->name);
  for (size_t i = 0; i < sum.issue_count && i < tc->issue_count; i++) {
    const vec_issue *e = &tc->issues[i];
    medcore_hl7_issue got;
    CHECK(medcore_hl7_report_issue(report, i, &got) == MEDCORE_OK, "%s: issue %zu", tc->name, i);
    CHECK(same(severity_name(got.severity), e->severity), "%s: issue %zu severity %s, expected %s",
          tc->name, i, severity_name(got.severity), e->severity);
    CHECK(got.code == e->code, "%s: issue %zu code %u, expected %u", tc->name, i,
          (unsigned)got.code, e->code);
    CHECK(same(got.rule, e->rule), "%s: issue %zu rule %s, expected %s", tc->name, i, got.rule,
          e->rule);
    CHECK(same(got.segment, e->segment) && got.segment_index == e->segment_index,
          "%s: issue %zu segment %s(%zu), expected %s(%zu)", tc->name, i, got.segment,
          got.segment_index, e->segment, e->segment_index);
    CHECK(got.field == e->field && got.repetition == e->repetition &&
              got.component == e->component && got.subcomponent == e->subcomponent,
          "%s: issue %zu at %zu/%zu/%zu/%zu, expected %zu/%zu/%zu/%zu", tc->name, i, got.field,
          got.repetition, got.component, got.subcomponent, e->field, e->repetition,
          e->component, e->subcomponent);
    CHECK(got.line == e->line && got.offset == e->offset,
          "%s: issue %zu line %zu offset %zu, expected %zu %zu", tc->name, i, got.line,
          got.offset, e->line, e->offset);
    CHECK(same(got.message, e->message), "%s: issue %zu message \"%s\", expected \"%s\"",
          tc->name, i, got.message, e->message);
    CHECK(got.path != NULL && strncmp(got.path, e->segment, strlen(e->segment)) == 0,
          "%s: issue %zu path %s", tc->name, i, got.path);
  }
  medcore_hl7_issue none;
  CHECK(medcore_hl7_report_issue(report, sum.issue_count, &none) == MEDCORE_INVALID_ARGUMENT,
        "%s: issue index out of range", tc->name);
}

static void validation_vectors(void) {
  for (size_t c = 0; c < VALIDATION_CASE_COUNT; c++) {
    const validation_case *tc = &VALIDATION_CASES[c];
    medcore_hl7_message *msg = NULL;
    medcore_status st = medcore_hl7_parse(u8(tc->message), tc->message_len, &msg);
    if (tc->parse_error != NULL) {
      CHECK(st != MEDCORE_OK && same(medcore_last_error_code(), tc->parse_error),
            "%s: parse error %s, expected %s", tc->name, medcore_last_error_code(),
            tc->parse_error);
      continue;
    }
    CHECK(st == MEDCORE_OK, "%s: %s", tc->name, medcore_last_error_message());
    medcore_hl7_validator *v = validator_for(tc->profile_kind, tc->profile);
    medcore_hl7_report *report = NULL;
    CHECK(medcore_hl7_validate(v, msg, &report) == MEDCORE_OK, "%s: validate: %s", tc->name,
          medcore_last_error_message());
    if (report != NULL) check_report(tc, report);
    medcore_hl7_report_free(report);
    medcore_hl7_validator_free(v);
    medcore_hl7_message_free(msg);
  }
}

/* Batch validation: every strict-profile vector in one call gives the same reports. */
static void validate_many_vectors(void) {
  const validation_case *cases[VALIDATION_CASE_COUNT];
  const medcore_hl7_message *msgs[VALIDATION_CASE_COUNT];
  medcore_hl7_report *reports[VALIDATION_CASE_COUNT];
  size_t n = 0;
  for (size_t c = 0; c < VALIDATION_CASE_COUNT; c++) {
    const validation_case *tc = &VALIDATION_CASES[c];
    if (tc->parse_error != NULL || tc->profile_kind != 'B' || !same(tc->profile, "strict")) {
      continue;
    }
    medcore_hl7_message *msg = NULL;
    CHECK(medcore_hl7_parse(u8(tc->message), tc->message_len, &msg) == MEDCORE_OK, "parse");
    cases[n] = tc;
    msgs[n] = msg;
    n++;
  }
  CHECK(n >= 10, "only %zu strict vectors", n);
  medcore_hl7_validator *v = validator_for('B', "strict");
  CHECK(medcore_hl7_validate_many(v, msgs, n, reports) == MEDCORE_OK, "validate_many: %s",
        medcore_last_error_message());
  for (size_t i = 0; i < n; i++) {
    check_report(cases[i], reports[i]);
    medcore_hl7_report_free(reports[i]);
    medcore_hl7_message_free((medcore_hl7_message *)msgs[i]);
  }
  /* A NULL message in the batch: nothing is written, nothing leaks. */
  const medcore_hl7_message *with_null[1] = {NULL};
  medcore_hl7_report *untouched[1] = {NULL};
  CHECK(medcore_hl7_validate_many(v, with_null, 1, untouched) == MEDCORE_INVALID_ARGUMENT &&
            untouched[0] == NULL,
        "validate_many with a NULL message");
  CHECK(strstr(medcore_last_error_message(), "messages[0]") != NULL, "names the entry: %s",
        medcore_last_error_message());
  medcore_hl7_validator_free(v);
}

static void ack_vectors(void) {
  for (size_t c = 0; c < ACK_CASE_COUNT; c++) {
    const ack_case *tc = &ACK_CASES[c];
    medcore_hl7_message *msg = NULL;
    CHECK(medcore_hl7_parse(u8(tc->message), tc->message_len, &msg) == MEDCORE_OK, "%s: parse",
          tc->name);
    medcore_hl7_validator *v = validator_for(tc->profile_kind, tc->profile);
    medcore_hl7_report *report = NULL;
    CHECK(medcore_hl7_validate(v, msg, &report) == MEDCORE_OK, "%s: validate", tc->name);
    medcore_hl7_ack_options opts = {tc->control_id, tc->timestamp, MEDCORE_HL7_ACK_DERIVE, 1};
    char *ack = NULL;
    size_t ack_len = 0;
    CHECK(medcore_hl7_build_ack(msg, report, &opts, &ack, &ack_len) == MEDCORE_OK,
          "%s: build_ack: %s", tc->name, medcore_last_error_message());
    CHECK(same(ack, tc->expected_ack) && ack_len == tc->expected_ack_len,
          "%s: ACK\n  got      %s\n  expected %s", tc->name, ack, tc->expected_ack);
    /* The ACK is itself a message whose MSA-1 is the code the report calls for. */
    medcore_hl7_message *parsed = NULL;
    char *msa1 = NULL;
    CHECK(medcore_hl7_parse(u8(ack), ack_len, &parsed) == MEDCORE_OK, "%s: ACK parses", tc->name);
    CHECK(medcore_hl7_message_get(parsed, "MSA-1", &msa1, NULL) == MEDCORE_OK, "MSA-1");
    medcore_hl7_ack_code code = medcore_hl7_ack_code_for_report(report);
    const char *names[] = {"", "AA", "AE", "AR"};
    CHECK(same(msa1, names[code]), "%s: MSA-1 %s, code_for_report %s", tc->name, msa1,
          names[code]);
    medcore_string_free(msa1);
    medcore_hl7_message_free(parsed);
    medcore_string_free(ack);
    medcore_hl7_report_free(report);
    medcore_hl7_validator_free(v);
    medcore_hl7_message_free(msg);
  }
}

static void validation_errors(void) {
  medcore_hl7_profile *p = NULL;
  CHECK(medcore_hl7_profile_builtin("paranoid", &p) == MEDCORE_HL7_PROFILE_INVALID && p == NULL,
        "unknown built-in profile");
  CHECK(same(medcore_last_error_code(), "HL7_PROFILE_INVALID"), "profile code");
  const char *bad_json = "{\"name\": \"x\", \"segments\": 3}";
  CHECK(medcore_hl7_profile_from_json(bad_json, strlen(bad_json), &p) ==
            MEDCORE_HL7_PROFILE_INVALID,
        "bad JSON profile");
  CHECK(strstr(medcore_last_error_message(), "line 1") != NULL, "JSON profile message: %s",
        medcore_last_error_message());
  const char *toml = "name = \"site\"\nextends = \"strict\"\n";
  CHECK(medcore_hl7_profile_from_text(toml, strlen(toml), &p) == MEDCORE_OK, "TOML via text");
  char *name = NULL;
  CHECK(medcore_hl7_profile_name(p, &name) == MEDCORE_OK && same(name, "site"), "profile name");
  medcore_string_free(name);
  medcore_hl7_validator *v = NULL;
  CHECK(medcore_hl7_validator_new(p, &v) == MEDCORE_OK, "validator");
  medcore_hl7_profile_free(p);
  medcore_hl7_report *r = NULL;
  CHECK(medcore_hl7_validate(v, NULL, &r) == MEDCORE_INVALID_ARGUMENT && r == NULL,
        "NULL message");
  const char *text = "MSH|^~\\&|A|B|C|D|20240101||ADT^A01|1|P|2.5\rEVN|A01|20240101\rPID|1||7\r";
  medcore_hl7_message *msg = NULL;
  CHECK(medcore_hl7_parse(u8(text), strlen(text), &msg) == MEDCORE_OK, "parse");
  CHECK(medcore_hl7_validate(v, msg, &r) == MEDCORE_OK, "validate");
  medcore_hl7_ack_options opts = {"ACK1", "20240101", 7, 0};
  char *ack = NULL;
  CHECK(medcore_hl7_build_ack(msg, r, &opts, &ack, NULL) == MEDCORE_INVALID_ARGUMENT &&
            ack == NULL,
        "ACK code out of range");
  opts.code = MEDCORE_HL7_ACK_AR;
  opts.control_id = NULL;
  CHECK(medcore_hl7_build_ack(msg, r, &opts, &ack, NULL) == MEDCORE_INVALID_ARGUMENT,
        "NULL control id");
  opts.control_id = "ACK1";
  CHECK(medcore_hl7_build_ack(msg, r, &opts, &ack, NULL) == MEDCORE_OK, "forced AR");
  CHECK(ack != NULL && strstr(ack, "\rMSA|AR|1") != NULL, "forced code sent: %s", ack);
  medcore_string_free(ack);
  CHECK(medcore_hl7_ack_code_for_report(NULL) == MEDCORE_HL7_ACK_DERIVE, "code for NULL");
  medcore_hl7_report_free(r);
  medcore_hl7_message_free(msg);
  medcore_hl7_validator_free(v);
  medcore_hl7_profile_free(NULL);
  medcore_hl7_validator_free(NULL);
  medcore_hl7_report_free(NULL);
}

static void message_accessors(void) {
  const char *text =
      "MSH|^~\\&|LAB|HOSP|EHR|HOSP|20240105123000+0100||ORU^R01^ORU_R01|MSG00001|P|2.5.1\r"
      "PID|1||12345^^^HOSP^MR||Doe^Jane\r"
      "OBX|1|NM|8867-4^Heart rate^LN||72|/min\r";
  medcore_hl7_message *msg = NULL;
  CHECK(medcore_hl7_parse(u8(text), strlen(text), &msg) == MEDCORE_OK, "parse");
  char *code = NULL, *trigger = NULL, *structure = NULL, *control = NULL, *version = NULL;
  CHECK(medcore_hl7_message_type(msg, &code, &trigger, &structure) == MEDCORE_OK, "type");
  CHECK(same(code, "ORU") && same(trigger, "R01") && same(structure, "ORU_R01"), "type parts");
  CHECK(medcore_hl7_message_control_id(msg, &control) == MEDCORE_OK && same(control, "MSG00001"),
        "control id");
  CHECK(medcore_hl7_message_version(msg, &version) == MEDCORE_OK && same(version, "2.5.1"),
        "version");
  medcore_string_free(code);
  medcore_string_free(trigger);
  medcore_string_free(structure);
  medcore_string_free(control);
  medcore_string_free(version);

  char *id = NULL, *raw = NULL;
  size_t line = 0;
  CHECK(medcore_hl7_message_segment(msg, 2, &id, &raw, &line) == MEDCORE_OK, "segment 2");
  CHECK(same(id, "OBX") && same(raw, "OBX|1|NM|8867-4^Heart rate^LN||72|/min") && line == 3,
        "segment 2 is %s %s line %zu", id, raw, line);
  medcore_string_free(id);
  medcore_string_free(raw);

  char *json = NULL;
  size_t json_len = 0;
  CHECK(medcore_hl7_message_to_json(msg, &json, &json_len) == MEDCORE_OK, "json");
  CHECK(json != NULL && json_len == strlen(json) && strstr(json, "\"Heart rate\"") != NULL,
        "json holds the decoded values: %s", json);
  medcore_string_free(json);

  /* Errors: each with its own status, a stable code and a message naming the location. */
  char *value = (char *)"untouched";
  CHECK(medcore_hl7_message_get(msg, "PID-x", &value, NULL) == MEDCORE_HL7_PATH, "bad path");
  CHECK(same(medcore_last_error_code(), "HL7_PATH"), "bad path code");
  CHECK(strstr(medcore_last_error_message(), "PID-x") != NULL, "bad path message: %s",
        medcore_last_error_message());
  CHECK(medcore_hl7_message_segment(msg, 3, &id, NULL, NULL) == MEDCORE_INVALID_ARGUMENT,
        "segment out of range");
  CHECK(strstr(medcore_last_error_message(), "3 segments") != NULL, "range message: %s",
        medcore_last_error_message());
  CHECK(medcore_hl7_message_get(NULL, "PID-5", &value, NULL) == MEDCORE_INVALID_ARGUMENT,
        "NULL message");
  CHECK(medcore_hl7_message_get(msg, NULL, &value, NULL) == MEDCORE_INVALID_ARGUMENT,
        "NULL path");
  CHECK(medcore_hl7_message_get(msg, "PID-5", NULL, NULL) == MEDCORE_INVALID_ARGUMENT,
        "NULL out");
  CHECK(same(medcore_last_error_code(), "MEDCORE_INVALID_ARGUMENT"), "invalid argument code");
  medcore_hl7_message *none = NULL;
  CHECK(medcore_hl7_parse(NULL, 5, &none) == MEDCORE_INVALID_ARGUMENT && none == NULL,
        "NULL data");
  CHECK(medcore_hl7_escape_decode("\xff", 1, NULL, &value, NULL, NULL) ==
            MEDCORE_INVALID_ARGUMENT,
        "invalid UTF-8");
  CHECK(medcore_hl7_escape_encode("a|b", 3, "|^~", &value, NULL) == MEDCORE_HL7_ENCODE,
        "encode without an escape character: %s", medcore_last_error_code());
  CHECK(medcore_hl7_escape_encode("a", 1, "|^^", &value, NULL) == MEDCORE_INVALID_ARGUMENT,
        "bad delimiters");
  CHECK(same(value, "untouched"), "a failed call leaves the out-pointer alone");

  /* A decoded value may hold a NUL byte: the length tells. */
  char *nul = NULL;
  size_t nul_len = 0;
  CHECK(medcore_hl7_escape_decode("a\\X00\\b", 7, NULL, &nul, &nul_len, NULL) == MEDCORE_OK,
        "decode NUL");
  CHECK(nul != NULL && nul_len == 3 && nul[0] == 'a' && nul[1] == '\0' && nul[2] == 'b',
        "NUL byte kept, length %zu", nul_len);
  medcore_string_free(nul);

  /* NULL is accepted by every free function. */
  medcore_hl7_message_free(NULL);
  medcore_string_free(NULL);
  medcore_string_list_free(NULL);
  CHECK(medcore_hl7_message_segment_count(NULL) == 0, "count of NULL");
  CHECK(strlen(medcore_version()) > 0, "version");
  medcore_hl7_message_free(msg);
}

static void panic_boundary(void) {
#if defined(MEDCORE_TEST_PANIC)
  CHECK(medcore_test_panic("forced for the test") == MEDCORE_PANIC, "panic status");
  CHECK(same(medcore_last_error_code(), "MEDCORE_PANIC"), "panic code %s",
        medcore_last_error_code());
  CHECK(strstr(medcore_last_error_message(), "forced for the test") != NULL,
        "panic message: %s", medcore_last_error_message());
  /* The library is still usable after a caught panic. */
  const char *text = "MSH|^~\\&|A|B|C|D|20240101||ADT^A01|1|P|2.5\rPID|1||7\r";
  medcore_hl7_message *msg = NULL;
  CHECK(medcore_hl7_parse(u8(text), strlen(text), &msg) == MEDCORE_OK, "parse after panic");
  medcore_hl7_message_free(msg);
#else
  CHECK(0, "built without MEDCORE_TEST_PANIC: the panic boundary is not tested");
#endif
}

int main(void) {
  parse_vectors();
  parse_many_vectors();
  charset_vectors();
  escape_vectors();
  validation_vectors();
  validate_many_vectors();
  ack_vectors();
  validation_errors();
  message_accessors();
  panic_boundary();
  printf("%d checks, %d failures (%d parse, %d charset, %d escape, %d validation, %d ACK vectors)\n",
         checks, failures, PARSE_CASE_COUNT, CHARSET_CASE_COUNT, ESCAPE_CASE_COUNT,
         VALIDATION_CASE_COUNT, ACK_CASE_COUNT);
  return failures == 0 ? 0 : 1;
}
