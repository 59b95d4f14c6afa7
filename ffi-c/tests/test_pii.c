/* C conformance tests of PII protection in the medcore C ABI: the shared vectors of
 * testdata/vectors/pii_*.json (the committed golden envelopes must decrypt; deterministic
 * envelopes and blind indexes are reproduced exactly; error cases fail with their code; tokens,
 * rekeying, masks and Safe Harbor de-identification), single and batch calls, rewrap, the
 * keyring document with the host unwrap callback, errors and ownership. Built as C11 and as
 * C++17 by scripts/test-c.sh and run under valgrind. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "medcore.h"
#include "vectors_pii.h"

static int same_bytes(const uint8_t *data, size_t len, const char *text) {
  return data != NULL && len == strlen(text) && memcmp(data, text, len) == 0;
}

static void test_envelopes(const medcore_pii_keyring *k) {
  for (size_t i = 0; i < PII_DECRYPT_COUNT; i++) {
    const vec_decrypt *v = &PII_DECRYPT[i];
    uint8_t *data = NULL;
    size_t len = 0;
    medcore_status st = medcore_pii_decrypt(k, &v->context, v->envelope, &data, &len);
    CHECK(st == MEDCORE_OK && same_bytes(data, len, v->plaintext), "golden envelope %zu: %s", i,
          medcore_last_error_message());
    medcore_bytes_free(data, len);
  }
  /* The same envelopes in one batch call. */
  medcore_pii_field_context ctxs[PII_DECRYPT_COUNT];
  const char *envs[PII_DECRYPT_COUNT];
  uint8_t *datas[PII_DECRYPT_COUNT];
  size_t lens[PII_DECRYPT_COUNT];
  medcore_status sts[PII_DECRYPT_COUNT];
  for (size_t i = 0; i < PII_DECRYPT_COUNT; i++) {
    ctxs[i] = PII_DECRYPT[i].context;
    envs[i] = PII_DECRYPT[i].envelope;
  }
  CHECK(medcore_pii_decrypt_batch(k, ctxs, envs, PII_DECRYPT_COUNT, datas, lens, sts) ==
            MEDCORE_OK,
        "decrypt_batch");
  for (size_t i = 0; i < PII_DECRYPT_COUNT; i++) {
    CHECK(sts[i] == MEDCORE_OK && same_bytes(datas[i], lens[i], PII_DECRYPT[i].plaintext),
          "batch %zu", i);
    medcore_bytes_free(datas[i], lens[i]);
  }
  for (size_t i = 0; i < PII_DETERMINISTIC_COUNT; i++) {
    const vec_deterministic *v = &PII_DETERMINISTIC[i];
    char *env = NULL;
    CHECK(medcore_pii_encrypt_deterministic(k, &v->column, (const uint8_t *)v->plaintext,
                                            strlen(v->plaintext), &env) == MEDCORE_OK &&
              same(env, v->envelope),
          "deterministic %zu: %s", i, show(env));
    uint8_t *data = NULL;
    size_t len = 0;
    CHECK(medcore_pii_decrypt_deterministic(k, &v->column, v->envelope, &data, &len) ==
                  MEDCORE_OK &&
              same_bytes(data, len, v->plaintext),
          "deterministic decrypt %zu", i);
    medcore_bytes_free(data, len);
    medcore_string_free(env);
  }
  for (size_t i = 0; i < PII_BLIND_COUNT; i++) {
    const vec_blind *v = &PII_BLIND[i];
    char *bi = NULL;
    CHECK(medcore_pii_blind_index(k, v->key_id, &v->column, (const uint8_t *)v->value,
                                  strlen(v->value), &bi) == MEDCORE_OK &&
              same(bi, v->index),
          "blind index %zu: %s", i, show(bi));
    medcore_string_free(bi);
    if (v->key_id == medcore_pii_keyring_primary_id(k)) {
      bi = NULL;
      CHECK(medcore_pii_blind_index(k, 0, &v->column, (const uint8_t *)v->value, strlen(v->value),
                                    &bi) == MEDCORE_OK &&
                same(bi, v->index),
            "blind index %zu under the primary key", i);
      medcore_string_free(bi);
    }
  }
  for (size_t i = 0; i < PII_ERRORS_COUNT; i++) {
    const vec_pii_error *v = &PII_ERRORS[i];
    uint8_t *data = NULL;
    size_t len = 0;
    medcore_status st = medcore_pii_decrypt(k, &v->context, v->envelope, &data, &len);
    CHECK(st != MEDCORE_OK && st != MEDCORE_ERROR && data == NULL &&
              same(medcore_last_error_code(), v->code),
          "%s: %s, expected %s", v->name, medcore_last_error_code(), v->code);
  }
}

static void test_encrypt_rewrap(void) {
  /* Key 2 is primary in the vectors' keyring; a keyring with a new primary 4 rewraps. */
  medcore_pii_keyring *k = NULL, *rotated = NULL;
  medcore_pii_keyring_from_spec(PII_KEYRING_SPEC, &k);
  CHECK(medcore_pii_keyring_primary_id(k) == 2, "primary id %u", medcore_pii_keyring_primary_id(k));
  char spec[512];
  snprintf(spec, sizeof spec, "%s,4:QEFCQ0RFRkdISUpLTE1OT1BRUlNUVVZXWFlaW1xdXl8", PII_KEYRING_SPEC);
  CHECK(medcore_pii_keyring_from_spec(spec, &rotated) == MEDCORE_OK, "rotated: %s",
        medcore_last_error_message());
  const medcore_pii_field_context ctx = {"st-mary", "patients", "ssn", "77"};
  const medcore_pii_field_context other = {"st-mary", "patients", "ssn", "78"};
  char *env = NULL, *env2 = NULL, *re = NULL;
  CHECK(medcore_pii_encrypt(k, &ctx, (const uint8_t *)"123-45-6789", 11, &env) == MEDCORE_OK &&
            strncmp(env, "mc1:", 4) == 0,
        "encrypt");
  medcore_pii_encrypt(k, &ctx, (const uint8_t *)"123-45-6789", 11, &env2);
  CHECK(!same(env, env2), "two encryptions differ (fresh nonces)");
  uint8_t *data = NULL;
  size_t len = 0;
  CHECK(medcore_pii_decrypt(k, &other, env, &data, &len) == MEDCORE_PII_AUTH_FAILED,
        "another row's context does not decrypt");
  CHECK(medcore_pii_rewrap(rotated, &ctx, env, &re) == MEDCORE_OK && !same(re, env), "rewrap: %s",
        medcore_last_error_message());
  CHECK(medcore_pii_decrypt(rotated, &ctx, re, &data, &len) == MEDCORE_OK &&
            same_bytes(data, len, "123-45-6789"),
        "rewrapped decrypts");
  medcore_bytes_free(data, len);
  data = NULL;
  CHECK(medcore_pii_decrypt(k, &ctx, re, &data, &len) == MEDCORE_PII_KEY_UNKNOWN,
        "the old keyring lacks key 4: %s", medcore_last_error_code());
  medcore_string_free(env);
  medcore_string_free(env2);
  medcore_string_free(re);

  /* Batch encryption, one bad context among good ones. */
  medcore_pii_field_context ctxs[3] = {ctx, other, ctx};
  ctxs[2].tenant = NULL;
  const uint8_t *datas[3] = {(const uint8_t *)"a", (const uint8_t *)"bb", (const uint8_t *)"c"};
  size_t lens[3] = {1, 2, 1};
  char *envs[3];
  medcore_status sts[3];
  CHECK(medcore_pii_encrypt_batch(k, ctxs, datas, lens, 3, envs, sts) == MEDCORE_OK, "batch");
  CHECK(sts[0] == MEDCORE_OK && sts[1] == MEDCORE_OK && sts[2] == MEDCORE_INVALID_ARGUMENT &&
            envs[2] == NULL,
        "batch statuses");
  data = NULL;
  CHECK(medcore_pii_decrypt(k, &other, envs[1], &data, &len) == MEDCORE_OK &&
            same_bytes(data, len, "bb"),
        "batch envelope decrypts");
  medcore_bytes_free(data, len);
  for (int i = 0; i < 3; i++) medcore_string_free(envs[i]);
  medcore_pii_keyring_free(k);
  medcore_pii_keyring_free(rotated);

  k = NULL;
  uint8_t raw[32];
  for (int i = 0; i < 32; i++) raw[i] = (uint8_t)i;
  CHECK(medcore_pii_keyring_from_raw_key(raw, 32, &k) == MEDCORE_OK &&
            medcore_pii_keyring_primary_id(k) == 1,
        "raw key");
  medcore_pii_keyring_free(k);
  k = NULL;
  CHECK(medcore_pii_keyring_from_raw_key(raw, 31, &k) == MEDCORE_PII_KEY_FORMAT && k == NULL,
        "31 raw bytes: %s", medcore_last_error_code());
  CHECK(medcore_pii_keyring_from_spec("1:not-a-key", &k) == MEDCORE_PII_KEY_FORMAT, "bad spec");
  CHECK(medcore_pii_keyring_from_env("MEDCORE_TEST_NO_SUCH_VARIABLE", &k) ==
            MEDCORE_PII_KEY_FORMAT,
        "missing env var: %s", medcore_last_error_code());
}

typedef struct {
  int calls;
  int refuse;
} unwrap_state;

/* A stand-in for a KMS: "unwraps" key 1 of the vectors (bytes 0..31) whatever the blob. */
static int32_t unwrap(void *user_data, const char *kek_id, uint32_t key_id, const uint8_t *wrapped,
                      size_t wrapped_len, uint8_t *out_key, char *error, size_t error_len) {
  unwrap_state *st = (unwrap_state *)user_data;
  st->calls++;
  if (st->refuse || strcmp(kek_id, "kms-test") != 0 || wrapped_len == 0 || wrapped == NULL) {
    snprintf(error, error_len, "access denied for key %u", key_id);
    return 7;
  }
  for (int i = 0; i < 32; i++) out_key[i] = (uint8_t)i;
  return 0;
}

static void test_document(void) {
  const char *doc =
      "{\"format\": \"medcore-pii-keyring/1\", \"kek_id\": \"kms-test\", "
      "\"min_decryption_version\": 0, \"keys\": [{\"id\": 1, \"state\": \"primary\", "
      "\"wrapped\": \"d3JhcHBlZA\"}]}";
  unwrap_state st = {0, 0};
  medcore_pii_keyring *k = NULL;
  CHECK(medcore_pii_keyring_from_document(doc, unwrap, &st, &k) == MEDCORE_OK && st.calls == 1,
        "from_document: %s", medcore_last_error_message());
  const vec_decrypt *v = &PII_DECRYPT[0];
  CHECK(v->key_id == 1, "vector 0 uses key 1");
  uint8_t *data = NULL;
  size_t len = 0;
  CHECK(medcore_pii_decrypt(k, &v->context, v->envelope, &data, &len) == MEDCORE_OK &&
            same_bytes(data, len, v->plaintext),
        "the unwrapped key decrypts the golden envelope");
  medcore_bytes_free(data, len);
  char *status_json = NULL;
  CHECK(medcore_pii_keyring_status(k, &status_json) == MEDCORE_OK, "status");
  char why[256] = "";
  CHECK(jv_subset_text("[{\"id\": 1, \"state\": \"primary\"}]", status_json, why, sizeof why),
        "status json: %s", why);
  medcore_string_free(status_json);
  medcore_pii_keyring_free(k);
  k = NULL;
  st.refuse = 1;
  CHECK(medcore_pii_keyring_from_document(doc, unwrap, &st, &k) == MEDCORE_PII_UNWRAP && k == NULL,
        "refused unwrap: %s", medcore_last_error_code());
  CHECK(strstr(medcore_last_error_message(), "access denied for key 1") != NULL,
        "the host's reason is kept: %s", medcore_last_error_message());
}

static void test_tokens_masks_deid(void) {
  medcore_pii_tokenizer *t1 = NULL, *t2 = NULL;
  CHECK(medcore_pii_tokenizer_from_spec(PII_TOKEN_KEYS_V1, &t1) == MEDCORE_OK &&
            medcore_pii_tokenizer_from_spec(PII_TOKEN_KEYS_V2, &t2) == MEDCORE_OK,
        "tokenizers");
  for (size_t i = 0; i < PII_TOKENS_COUNT; i++) {
    const vec_token *v = &PII_TOKENS[i];
    char *a = NULL, *b = NULL, *r = NULL;
    medcore_pii_tokenize(t1, v->type, v->tenant, v->value, &a);
    medcore_pii_tokenize(t2, v->type, v->tenant, v->value, &b);
    medcore_pii_rekey(t2, v->tenant, v->token_v1, &r);
    CHECK(same(a, v->token_v1) && same(b, v->token_v2) && same(r, v->token_v2),
          "token %zu (%s %s): %s %s %s", i, v->type, v->value, show(a), show(b), show(r));
    medcore_string_free(a);
    medcore_string_free(b);
    medcore_string_free(r);
  }
  for (size_t i = 0; i < PII_NORMALIZE_ERRORS_COUNT; i++) {
    const vec_norm_error *v = &PII_NORMALIZE_ERRORS[i];
    char *a = NULL;
    CHECK(medcore_pii_tokenize(t1, v->type, "t", v->value, &a) != MEDCORE_OK && a == NULL &&
              same(medcore_last_error_code(), v->code),
          "normalize error %zu (%s %s): %s", i, v->type, v->value, medcore_last_error_code());
  }
  medcore_pii_tokenizer_free(t1);
  medcore_pii_tokenizer_free(t2);
  for (size_t i = 0; i < PII_MASKS_COUNT; i++) {
    char *m = NULL;
    CHECK(medcore_pii_mask(PII_MASKS[i].type, PII_MASKS[i].value, &m) == MEDCORE_OK &&
              same(m, PII_MASKS[i].masked),
          "mask %zu (%s): %s, expected %s", i, PII_MASKS[i].type, show(m), PII_MASKS[i].masked);
    medcore_string_free(m);
  }
  char *m = NULL;
  CHECK(medcore_pii_mask("shoe_size", "42", &m) == MEDCORE_INVALID_ARGUMENT, "unknown type");
  for (size_t i = 0; i < PII_DEID_COUNT; i++) {
    const vec_deid *v = &PII_DEID[i];
    char *out = NULL;
    medcore_status st = medcore_pii_deidentify_pid(v->segment, PII_DEID_POLICY, NULL, &out);
    if (v->expected == NULL) {
      CHECK(st != MEDCORE_OK && out == NULL && same(medcore_last_error_code(), v->error),
            "%s: %s, expected %s", v->name, medcore_last_error_code(), v->error);
      continue;
    }
    jv *r = jv_parse(out);
    CHECK(st == MEDCORE_OK && same(jv_str(jv_get(r, "segment")), v->expected) &&
              same(jv_str(jv_get(r, "age")), v->age),
          "%s: %s", v->name, show(out));
    const jv *changes = jv_get(r, "changes");
    jv *want = jv_parse(v->changed_json);
    CHECK(changes != NULL && want != NULL && changes->len == want->len, "%s: changes", v->name);
    for (size_t j = 0; changes != NULL && want != NULL && j < want->len && j < changes->len; j++) {
      CHECK(same(jv_str(jv_get(jv_at(changes, j), "field")), jv_str(jv_at(want, j))),
            "%s: change %zu", v->name, j);
    }
    jv_free(want);
    jv_free(r);
    medcore_string_free(out);
  }
  for (size_t i = 0; i < PII_ZIP3_COUNT; i++) {
    char *z = NULL;
    CHECK(medcore_pii_zip3(PII_ZIP3[i].in, &z) == MEDCORE_OK && same(z, PII_ZIP3[i].expected),
          "zip3 %s: %s", PII_ZIP3[i].in, show(z));
    medcore_string_free(z);
  }
  for (size_t i = 0; i < PII_AGE_COUNT; i++) {
    char *a = NULL;
    CHECK(medcore_pii_age_category(PII_AGE[i].age, &a) == MEDCORE_OK &&
              same(a, PII_AGE[i].expected),
          "age %u: %s", PII_AGE[i].age, show(a));
    medcore_string_free(a);
  }
}

int main(void) {
  medcore_pii_keyring *k = NULL;
  CHECK(medcore_pii_keyring_from_spec(PII_KEYRING_SPEC, &k) == MEDCORE_OK, "keyring: %s",
        medcore_last_error_message());
  test_envelopes(k);
  medcore_pii_keyring_free(k);
  test_encrypt_rewrap();
  test_document();
  test_tokens_masks_deid();
  medcore_pii_keyring_free(NULL);
  medcore_pii_tokenizer_free(NULL);
  medcore_bytes_free(NULL, 0);
  return finish("test_pii");
}
