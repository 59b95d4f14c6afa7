/* Reads an HL7 v2 message file, parses it with medcore and reports what it found: the message
 * type, control id, segments and every leniency the parser applied. Exits 0 when the message is
 * usable, 1 when it is not (with the error code and message), 2 on a usage or I/O problem.
 *
 *   cc -std=c11 -I include examples/c/validate.c target/release/libmedcore_c.a -lpthread -ldl -lm
 *   ./a.out testdata/hl7/microsoft-FHIR-Converter/hl7v2/ADT-A01-01.hl7
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
  if (argc != 2) {
    fprintf(stderr, "usage: %s MESSAGE.hl7\n", argv[0]);
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
  printf("%s: OK (%zu warnings)\n", argv[1], warnings);
  medcore_hl7_message_free(msg);
  return 0;
}
