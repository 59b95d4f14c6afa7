/* Reads an HL7 v2 message file, parses it with medcore and reports what it found: the message
 * type, control id, segments and every leniency the parser applied; then validates it with a
 * built-in profile (lenient unless a second argument says `strict`), prints every issue with its
 * HL7 table 0357 code and location, and prints the ACK a receiver would send back. Exits 0 when
 * the message has no validation errors, 1 when it cannot be read or has errors (with the error
 * code and message), 2 on a usage or I/O problem.
 *
 *   cc -std=c11 -I include examples/c/validate.c target/release/libmedcore_c.a -lpthread -ldl -lm
 *   ./a.out testdata/hl7/microsoft-FHIR-Converter/hl7v2/ADT-A01-01.hl7 [lenient|strict]
 */
#include <stdio.h>
#include <stdlib.h>

#include "medcore.h"

static unsigned char *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (f == NULL) return NULL;
  size_t cap = 65536, n = 0;
  unsigned char *buf = (unsigned char *)malloc(cap);
  size_t got;
  while (buf != NULL && (got = fread(buf + n, 1, cap - n, f)) > 0) {
    n += got;
    if (n == cap) {
      unsigned char *bigger = (unsigned char *)realloc(buf, cap * 2);
      if (bigger == NULL) {
        free(buf);
        buf = NULL;
        break;
      }
      buf = bigger;
      cap *= 2;
    }
  }
  fclose(f);
  *len = n;
  return buf;
}

int main(int argc, char **argv) {
  if (argc != 2 && argc != 3) {
    fprintf(stderr, "usage: %s MESSAGE.hl7 [lenient|strict]\n", argv[0]);
    return 2;
  }
  size_t len = 0;
  unsigned char *data = read_file(argv[1], &len);
  if (data == NULL) {
    perror(argv[1]);
    return 2;
  }
  medcore_hl7_message *msg = NULL;
  medcore_status st = medcore_hl7_parse(data, len, &msg);
  free(data);
  if (st != MEDCORE_OK) {
    printf("%s: INVALID %s (status %d): %s\n", argv[1], medcore_last_error_code(), (int)st,
           medcore_last_error_message());
    return 1;
  }
  char *code = NULL, *trigger = NULL, *structure = NULL, *control = NULL, *version = NULL;
  medcore_hl7_message_type(msg, &code, &trigger, &structure);
  medcore_hl7_message_control_id(msg, &control);
  medcore_hl7_message_version(msg, &version);
  printf("%s: %s^%s (%s), control id %s, HL7 %s, charset %s\n", argv[1], code, trigger,
         structure, control ? control : "-", version ? version : "-",
         medcore_hl7_message_charset(msg));
  medcore_string_free(code);
  medcore_string_free(trigger);
  medcore_string_free(structure);
  medcore_string_free(control);
  medcore_string_free(version);

  size_t segments = medcore_hl7_message_segment_count(msg);
  printf("segments (%zu):", segments);
  for (size_t i = 0; i < segments; i++) {
    char *id = NULL;
    if (medcore_hl7_message_segment(msg, i, &id, NULL, NULL) == MEDCORE_OK) printf(" %s", id);
    medcore_string_free(id);
  }
  printf("\n");

  char *name = NULL;
  if (medcore_hl7_message_get(msg, "PID-5", &name, NULL) == MEDCORE_OK && name != NULL) {
    printf("patient family name (PID-5): %s\n", name);
  }
  medcore_string_free(name);

  size_t warnings = medcore_hl7_message_warning_count(msg);
  for (size_t i = 0; i < warnings; i++) {
    char *wcode = NULL, *text = NULL;
    size_t line = 0;
    if (medcore_hl7_message_warning(msg, i, &wcode, &text, &line) == MEDCORE_OK) {
      printf("warning line %zu: %s (%s)\n", line, text, wcode);
    }
    medcore_string_free(wcode);
    medcore_string_free(text);
  }
  printf("%s: parsed (%zu warnings)\n", argv[1], warnings);

  /* Validation with a built-in profile, and the ACK. */
  const char *profile_name = argc == 3 ? argv[2] : "lenient";
  medcore_hl7_profile *profile = NULL;
  medcore_hl7_validator *validator = NULL;
  medcore_hl7_report *report = NULL;
  if (medcore_hl7_profile_builtin(profile_name, &profile) != MEDCORE_OK ||
      medcore_hl7_validator_new(profile, &validator) != MEDCORE_OK ||
      medcore_hl7_validate(validator, msg, &report) != MEDCORE_OK) {
    fprintf(stderr, "%s: %s\n", medcore_last_error_code(), medcore_last_error_message());
    medcore_hl7_profile_free(profile);
    medcore_hl7_validator_free(validator);
    medcore_hl7_message_free(msg);
    return 2;
  }
  medcore_hl7_report_summary summary;
  medcore_hl7_report_get_summary(report, &summary);
  printf("validated (%s profile) against HL7 %s, structure %s: %zu errors, %zu warnings\n",
         profile_name, summary.definitions ? summary.definitions : "-",
         summary.structure ? summary.structure : "-", summary.error_count,
         summary.warning_count);
  for (size_t i = 0; i < summary.issue_count; i++) {
    medcore_hl7_issue issue;
    if (medcore_hl7_report_issue(report, i, &issue) != MEDCORE_OK) continue;
    const char *severity = issue.severity == MEDCORE_HL7_SEVERITY_ERROR     ? "error"
                           : issue.severity == MEDCORE_HL7_SEVERITY_WARNING ? "warning"
                                                                             : "info";
    printf("  %s %u %s at %s (line %zu): %s\n", severity, (unsigned)issue.code, issue.rule,
           issue.path, issue.line, issue.message);
  }
  medcore_hl7_ack_options options = {"ACK0001", "20240101120000+0000", MEDCORE_HL7_ACK_DERIVE, 1};
  char *ack = NULL;
  if (medcore_hl7_build_ack(msg, report, &options, &ack, NULL) == MEDCORE_OK) {
    for (char *p = ack; *p != '\0'; p++) {
      if (*p == '\r') *p = '\n';
    }
    printf("ACK:\n%s", ack);
  }
  medcore_string_free(ack);
  int errors = summary.has_errors;
  printf("%s: %s\n", argv[1], errors ? "INVALID (validation errors)" : "OK");
  medcore_hl7_report_free(report);
  medcore_hl7_validator_free(validator);
  medcore_hl7_profile_free(profile);
  medcore_hl7_message_free(msg);
  return errors ? 1 : 0;
}
