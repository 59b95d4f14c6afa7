/* Per-call cost of parsing one message through the C ABI (medcore_hl7_parse + a value read +
 * medcore_hl7_message_free), for comparison with the Rust API directly
 * (`cargo run --release -p medcore-c --example parse_overhead -- FILE`). See BENCHMARKS.md.
 *   cc -O2 -std=c11 -I include ffi-c/benches/parse_overhead.c target/release/libmedcore_c.a \
 *      -lpthread -ldl -lm && ./a.out FILE [ITERATIONS] */
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "medcore.h"

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
  if (argc < 2) return 2;
  long iterations = argc > 2 ? atol(argv[2]) : 200000;
  FILE *f = fopen(argv[1], "rb");
  if (f == NULL) return 2;
  static unsigned char buf[1 << 20];
  size_t len = fread(buf, 1, sizeof buf, f);
  fclose(f);
  size_t total = 0;
  for (int round = 0; round < 3; round++) {
    double start = now();
    for (long i = 0; i < iterations; i++) {
      medcore_hl7_message *msg = NULL;
      if (medcore_hl7_parse(buf, len, &msg) != MEDCORE_OK) return 1;
      char *v = NULL;
      size_t vlen = 0;
      medcore_hl7_message_get(msg, "PID-5-1", &v, &vlen);
      total += vlen;
      medcore_string_free(v);
      medcore_hl7_message_free(msg);
    }
    double secs = now() - start;
    printf("C ABI: parse+get+free %zu-byte message: %.2f us/call, %.0f messages/s\n", len,
           secs / (double)iterations * 1e6, (double)iterations / secs);
  }
  return total == 0;
}
