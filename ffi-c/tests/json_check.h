/* A small JSON reader for the C tests: parses the JSON text medcore returns and compares it
 * with the expected part of a shared vector the way the Rust tests do (objects key by key, a
 * missing key equals null, arrays element by element over the expected length, numbers by
 * value). Valid C11 and C++17. */
#ifndef MEDCORE_TEST_JSON_CHECK_H
#define MEDCORE_TEST_JSON_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum { JV_NULL, JV_BOOL, JV_NUM, JV_STR, JV_ARR, JV_OBJ } jv_kind;

typedef struct jv {
  jv_kind kind;
  int b;
  double n;
  char *s;            /* JV_STR */
  struct jv **items;  /* JV_ARR, JV_OBJ values */
  char **keys;        /* JV_OBJ keys */
  size_t len;
} jv;

typedef struct {
  const char *p;
  int ok;
} jv_reader;

static inline void jv_free(jv *v) {
  if (v == NULL) return;
  for (size_t i = 0; i < v->len; i++) {
    jv_free(v->items[i]);
    if (v->keys != NULL) free(v->keys[i]);
  }
  free(v->items);
  free(v->keys);
  free(v->s);
  free(v);
}

static inline jv *jv_new(jv_kind kind) {
  jv *v = (jv *)calloc(1, sizeof(jv));
  if (v != NULL) v->kind = kind;
  return v;
}

static inline void jv_ws(jv_reader *r) {
  while (*r->p == ' ' || *r->p == '\n' || *r->p == '\r' || *r->p == '\t') r->p++;
}

static inline int jv_hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

static inline unsigned jv_u4(jv_reader *r) {
  unsigned u = 0;
  for (int i = 0; i < 4; i++) {
    int h = jv_hex(r->p[i]);
    if (h < 0) {
      r->ok = 0;
      return 0;
    }
    u = u * 16 + (unsigned)h;
  }
  r->p += 4;
  return u;
}

/* Reads a string after its opening quote; returns a new NUL-terminated UTF-8 copy. */
static inline char *jv_string(jv_reader *r) {
  size_t cap = 16, n = 0;
  char *out = (char *)malloc(cap);
  if (out == NULL) {
    r->ok = 0;
    return NULL;
  }
  while (r->ok && *r->p != '"') {
    unsigned char tmp[4];
    size_t k = 0;
    if (*r->p == '\0') {
      r->ok = 0;
      break;
    }
    if (*r->p == '\\') {
      r->p++;
      char e = *r->p++;
      unsigned u = 0;
      switch (e) {
        case '"': tmp[k++] = '"'; break;
        case '\\': tmp[k++] = '\\'; break;
        case '/': tmp[k++] = '/'; break;
        case 'b': tmp[k++] = '\b'; break;
        case 'f': tmp[k++] = '\f'; break;
        case 'n': tmp[k++] = '\n'; break;
        case 'r': tmp[k++] = '\r'; break;
        case 't': tmp[k++] = '\t'; break;
        case 'u':
          u = jv_u4(r);
          if (u >= 0xD800 && u < 0xDC00 && r->p[0] == '\\' && r->p[1] == 'u') {
            r->p += 2;
            unsigned lo = jv_u4(r);
            u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
          }
          if (u < 0x80) {
            tmp[k++] = (unsigned char)u;
          } else if (u < 0x800) {
            tmp[k++] = (unsigned char)(0xC0 | (u >> 6));
            tmp[k++] = (unsigned char)(0x80 | (u & 0x3F));
          } else if (u < 0x10000) {
            tmp[k++] = (unsigned char)(0xE0 | (u >> 12));
            tmp[k++] = (unsigned char)(0x80 | ((u >> 6) & 0x3F));
            tmp[k++] = (unsigned char)(0x80 | (u & 0x3F));
          } else {
            tmp[k++] = (unsigned char)(0xF0 | (u >> 18));
            tmp[k++] = (unsigned char)(0x80 | ((u >> 12) & 0x3F));
            tmp[k++] = (unsigned char)(0x80 | ((u >> 6) & 0x3F));
            tmp[k++] = (unsigned char)(0x80 | (u & 0x3F));
          }
          break;
        default: r->ok = 0; break;
      }
    } else {
      tmp[k++] = (unsigned char)*r->p++;
    }
    if (n + k + 1 > cap) {
      cap = cap * 2 + k;
      char *grown = (char *)realloc(out, cap);
      if (grown == NULL) {
        r->ok = 0;
        break;
      }
      out = grown;
    }
    memcpy(out + n, tmp, k);
    n += k;
  }
  if (*r->p == '"') r->p++;
  out[n] = '\0';
  return out;
}

static inline jv *jv_value(jv_reader *r);

static inline int jv_push(jv *v, jv *item, char *key) {
  jv **items = (jv **)realloc(v->items, (v->len + 1) * sizeof(jv *));
  if (items == NULL) return 0;
  v->items = items;
  if (v->kind == JV_OBJ) {
    char **keys = (char **)realloc(v->keys, (v->len + 1) * sizeof(char *));
    if (keys == NULL) return 0;
    v->keys = keys;
    v->keys[v->len] = key;
  }
  v->items[v->len++] = item;
  return 1;
}

static inline jv *jv_value(jv_reader *r) {
  jv_ws(r);
  char c = *r->p;
  jv *v = NULL;
  if (c == '{' || c == '[') {
    char close = c == '{' ? '}' : ']';
    v = jv_new(c == '{' ? JV_OBJ : JV_ARR);
    r->p++;
    jv_ws(r);
    if (*r->p == close) {
      r->p++;
      return v;
    }
    while (r->ok) {
      char *key = NULL;
      if (v->kind == JV_OBJ) {
        jv_ws(r);
        if (*r->p != '"') {
          r->ok = 0;
          break;
        }
        r->p++;
        key = jv_string(r);
        jv_ws(r);
        if (*r->p != ':') {
          free(key);
          r->ok = 0;
          break;
        }
        r->p++;
      }
      jv *item = jv_value(r);
      if (item == NULL || !jv_push(v, item, key)) {
        jv_free(item);
        free(key);
        r->ok = 0;
        break;
      }
      jv_ws(r);
      if (*r->p == ',') {
        r->p++;
        continue;
      }
      if (*r->p == close) {
        r->p++;
        break;
      }
      r->ok = 0;
    }
  } else if (c == '"') {
    r->p++;
    v = jv_new(JV_STR);
    v->s = jv_string(r);
  } else if (strncmp(r->p, "true", 4) == 0 || strncmp(r->p, "false", 5) == 0) {
    v = jv_new(JV_BOOL);
    v->b = c == 't';
    r->p += v->b ? 4 : 5;
  } else if (strncmp(r->p, "null", 4) == 0) {
    v = jv_new(JV_NULL);
    r->p += 4;
  } else {
    char *end = NULL;
    double n = strtod(r->p, &end);
    if (end == r->p) {
      r->ok = 0;
      return NULL;
    }
    v = jv_new(JV_NUM);
    v->n = n;
    r->p = end;
  }
  if (!r->ok) {
    jv_free(v);
    return NULL;
  }
  return v;
}

/* Parses JSON text; NULL when it is not JSON. Free with jv_free. */
static inline jv *jv_parse(const char *text) {
  if (text == NULL) return NULL;
  jv_reader r = {text, 1};
  jv *v = jv_value(&r);
  jv_ws(&r);
  if (!r.ok || *r.p != '\0') {
    jv_free(v);
    return NULL;
  }
  return v;
}

/* The value of `key` in an object, or NULL. */
static inline const jv *jv_get(const jv *v, const char *key) {
  if (v == NULL || v->kind != JV_OBJ) return NULL;
  for (size_t i = 0; i < v->len; i++) {
    if (strcmp(v->keys[i], key) == 0) return v->items[i];
  }
  return NULL;
}

/* Element `i` of an array, or NULL. */
static inline const jv *jv_at(const jv *v, size_t i) {
  if (v == NULL || v->kind != JV_ARR || i >= v->len) return NULL;
  return v->items[i];
}

/* The text of a string value, or NULL. */
static inline const char *jv_str(const jv *v) {
  return v != NULL && v->kind == JV_STR ? v->s : NULL;
}

/* Whether `got` holds everything `expected` states; on a difference, writes where it is into
 * `why` (`why_len` bytes). A NULL `got` stands for null. */
static inline int jv_subset(const jv *expected, const jv *got, const char *path, char *why,
                            size_t why_len) {
  char sub[512];
  jv_kind gk = got == NULL ? JV_NULL : got->kind;
  switch (expected->kind) {
    case JV_OBJ:
      if (gk != JV_OBJ) break;
      for (size_t i = 0; i < expected->len; i++) {
        snprintf(sub, sizeof sub, "%s.%s", path, expected->keys[i]);
        if (!jv_subset(expected->items[i], jv_get(got, expected->keys[i]), sub, why, why_len)) {
          return 0;
        }
      }
      return 1;
    case JV_ARR:
      if (gk != JV_ARR) break;
      if (expected->len > got->len) {
        snprintf(why, why_len, "%s: expected %zu elements, got %zu", path, expected->len,
                 got->len);
        return 0;
      }
      for (size_t i = 0; i < expected->len; i++) {
        snprintf(sub, sizeof sub, "%s[%zu]", path, i);
        if (!jv_subset(expected->items[i], got->items[i], sub, why, why_len)) return 0;
      }
      return 1;
    case JV_NULL:
      if (gk == JV_NULL) return 1;
      break;
    case JV_BOOL:
      if (gk == JV_BOOL && got->b == expected->b) return 1;
      break;
    case JV_NUM:
      if (gk == JV_NUM && got->n == expected->n) return 1;
      break;
    case JV_STR:
      if (gk == JV_STR && strcmp(got->s, expected->s) == 0) return 1;
      break;
  }
  snprintf(why, why_len, "%s: differs (expected kind %d, got kind %d%s%s)", path,
           (int)expected->kind, (int)gk, gk == JV_STR ? ", got " : "",
           gk == JV_STR ? got->s : "");
  return 0;
}

/* Parses both texts and compares; on a difference or unparsable text, writes why. */
static inline int jv_subset_text(const char *expected, const char *got, char *why,
                                 size_t why_len) {
  jv *e = jv_parse(expected);
  jv *g = jv_parse(got);
  int ok = 0;
  if (e == NULL) {
    snprintf(why, why_len, "the expected text is not JSON");
  } else if (g == NULL) {
    snprintf(why, why_len, "the result is not JSON");
  } else {
    ok = jv_subset(e, g, "$", why, why_len);
  }
  jv_free(e);
  jv_free(g);
  return ok;
}

#endif
