/*
 * medcore C ABI.
 *
 * Conventions:
 * - Every function returning medcore_status reports success with MEDCORE_OK (0). On any other
 *   status, medcore_last_error_code() and medcore_last_error_message() describe the failure.
 * - Input byte buffers are (pointer, length) pairs; input strings are NUL-terminated UTF-8.
 * - Strings returned through `char **out` are owned by the caller and freed with
 *   medcore_string_free(). They are NUL-terminated UTF-8; when an `out_len` is offered, it receives
 *   the length in bytes (a decoded HL7 value may hold a NUL byte).
 * - `const char *` results (codes, charset names, version) are static: never free them.
 * - Handles (medcore_hl7_message, medcore_string_list) are freed with their _free function;
 *   passing NULL to any _free function is allowed and does nothing.
 * - No Rust panic crosses this boundary: it is reported as MEDCORE_PANIC.
 */

#ifndef MEDCORE_H
#define MEDCORE_H

/* Generated from ffi-c by cbindgen; do not edit. Regenerate with: MEDCORE_BLESS=1 cargo test -p medcore-c --test header */

#include <stddef.h>
#include <stdint.h>

// Result of a call. Numbers are stable: new kinds get new numbers, old ones never change.
typedef enum {
  // Success.
  MEDCORE_OK = 0,
  // An error kind this header predates; `medcore_last_error_code()` names it.
  MEDCORE_ERROR = 1,
  // A NULL pointer where one is not allowed, invalid UTF-8, or an index out of range.
  MEDCORE_INVALID_ARGUMENT = 2,
  // A bug inside medcore was caught at the boundary; the process is safe to continue.
  MEDCORE_PANIC = 3,
  // HL7_PARSE_NO_MSH: the input does not start with an MSH segment.
  MEDCORE_HL7_PARSE_NO_MSH = 100,
  // HL7_PARSE_DELIMITERS: MSH-1/MSH-2 do not define usable delimiters.
  MEDCORE_HL7_PARSE_DELIMITERS = 101,
  // HL7_PARSE_SEGMENT: a segment could not be read.
  MEDCORE_HL7_PARSE_SEGMENT = 102,
  // HL7_PARSE_MULTIPLE_MESSAGES: a second message header where one message was expected.
  MEDCORE_HL7_PARSE_MULTIPLE_MESSAGES = 103,
  // HL7_PARSE_TOO_LARGE: the input is larger than one message may be.
  MEDCORE_HL7_PARSE_TOO_LARGE = 104,
  // HL7_CHARSET: the bytes cannot be read in the message's character set.
  MEDCORE_HL7_CHARSET = 105,
  // HL7_PATH: a path such as `PID-3(2)-1` is malformed.
  MEDCORE_HL7_PATH = 106,
  // HL7_ENCODE: a value cannot be written with the given delimiters.
  MEDCORE_HL7_ENCODE = 107,
  // HL7_BATCH: a batch or file envelope is malformed.
  MEDCORE_HL7_BATCH = 108,
  // HL7_MLLP: an MLLP stream is malformed.
  MEDCORE_HL7_MLLP = 109,
  // HL7_IO: reading the input failed.
  MEDCORE_HL7_IO = 110,
} medcore_status;

// A parsed HL7 v2 message owning its text. Create with `medcore_hl7_parse`, free with
// `medcore_hl7_message_free`. A message is immutable: it may be read from several threads.
typedef struct medcore_hl7_message medcore_hl7_message;

// A list of strings owned by medcore; read with `medcore_string_list_len` and
// `medcore_string_list_get`, free with `medcore_string_list_free`.
typedef struct medcore_string_list medcore_string_list;

#ifdef __cplusplus
extern "C" {
#endif // __cplusplus

// The library version, e.g. `"0.1.0"`. Static: never free it.
const char *medcore_version(void);

// The message of the last call on this thread that did not return `MEDCORE_OK`, or `""` when
// there was none. Valid until the next failing call on this thread; never free it.
const char *medcore_last_error_message(void);

// The stable machine-readable code of the last failure on this thread (e.g.
// `"HL7_PARSE_NO_MSH"`, `"MEDCORE_INVALID_ARGUMENT"`, `"MEDCORE_PANIC"`), or `""` when there
// was none. Valid until the next failing call on this thread; never free it.
const char *medcore_last_error_code(void);

// Parses one HL7 v2 message from `len` bytes at `data` (any line endings, BOM or MLLP framing;
// the character set from MSH-18). On success `*out` receives a new message handle.
//
// # Safety
// `data` must point to `len` readable bytes; `out` must be valid for writes.
medcore_status medcore_hl7_parse(const uint8_t *data, size_t len, medcore_hl7_message **out);

// Parses `count` independent messages in one call. For each `i`, `out_messages[i]` receives a
// handle (or NULL) and `out_statuses[i]` its status. Returns `MEDCORE_OK` when the arguments were
// usable, even if some messages failed; the last error then describes the last failed message.
//
// # Safety
// `data` and `lens` must hold `count` entries, each `data[i]` pointing to `lens[i]` bytes;
// `out_messages` and `out_statuses` must be valid for `count` writes.
medcore_status medcore_hl7_parse_many(const uint8_t *const *data,
                                      const size_t *lens,
                                      size_t count,
                                      medcore_hl7_message **out_messages,
                                      medcore_status *out_statuses);

// Frees a message. NULL is allowed.
//
// # Safety
// `msg` must be NULL or a live message that is not used afterwards.
void medcore_hl7_message_free(medcore_hl7_message *msg);

// The decoded value at an HL7 path such as `PID-5-1`, `PID-3(2)-1` or `OBX(3)-5`. `*out`
// receives a new string, or NULL when the message has nothing there (still `MEDCORE_OK`);
// `*out_len` (if not NULL) its length. A malformed path gives `MEDCORE_HL7_PATH`.
//
// # Safety
// `msg` a live message; `path` a NUL-terminated string; `out` valid for writes; `out_len` NULL
// or valid for writes.
medcore_status medcore_hl7_message_get(const medcore_hl7_message *msg,
                                       const char *path,
                                       char **out,
                                       size_t *out_len);

// The number of segments (0 for NULL).
//
// # Safety
// `msg` must be NULL or a live message.
size_t medcore_hl7_message_segment_count(const medcore_hl7_message *msg);

// Segment `index` (0-based): `*out_id` receives its id (e.g. `PID`), `*out_raw` (if not NULL)
// its text as written, `*out_line` (if not NULL) the 1-based input line where it starts.
// An index out of range gives `MEDCORE_INVALID_ARGUMENT`.
//
// # Safety
// `msg` a live message; `out_id` valid for writes; the others NULL or valid for writes.
medcore_status medcore_hl7_message_segment(const medcore_hl7_message *msg,
                                           size_t index,
                                           char **out_id,
                                           char **out_raw,
                                           size_t *out_line);

// MSH-9 split into its parts: `*out_code` (e.g. `ADT`), `*out_trigger` (e.g. `A01`) and
// `*out_structure` (e.g. `ADT_A01`, empty when not sent); each new strings.
//
// # Safety
// `msg` a live message; the three out-pointers valid for writes.
medcore_status medcore_hl7_message_type(const medcore_hl7_message *msg,
                                        char **out_code,
                                        char **out_trigger,
                                        char **out_structure);

// MSH-10, the message control id: a new string, or NULL when empty.
//
// # Safety
// `msg` a live message; `out` valid for writes.
medcore_status medcore_hl7_message_control_id(const medcore_hl7_message *msg, char **out);

// MSH-12.1, the HL7 version (e.g. `2.5.1`): a new string, or NULL when empty.
//
// # Safety
// `msg` a live message; `out` valid for writes.
medcore_status medcore_hl7_message_version(const medcore_hl7_message *msg, char **out);

// The HL7 table 0211 name of the character set the message was read in (`ASCII`,
// `UNICODE UTF-8`, `8859/1`, `8859/15`). Static; NULL for a NULL message.
//
// # Safety
// `msg` must be NULL or a live message.
const char *medcore_hl7_message_charset(const medcore_hl7_message *msg);

// The number of warnings: things the parser tolerated and reports (0 for NULL).
//
// # Safety
// `msg` must be NULL or a live message.
size_t medcore_hl7_message_warning_count(const medcore_hl7_message *msg);

// Warning `index` (0-based): `*out_code` receives its stable code (e.g.
// `HL7_WARN_LINE_ENDING`) as a new string, `*out_message` (if not NULL) its message, `*out_line`
// (if not NULL) the 1-based line. An index out of range gives `MEDCORE_INVALID_ARGUMENT`.
//
// # Safety
// `msg` a live message; `out_code` valid for writes; the others NULL or valid for writes.
medcore_status medcore_hl7_message_warning(const medcore_hl7_message *msg,
                                           size_t index,
                                           char **out_code,
                                           char **out_message,
                                           size_t *out_line);

// The whole message as JSON (the format of `medcore hl7 parse --format json`): a new string.
//
// # Safety
// `msg` a live message; `out` valid for writes; `out_len` NULL or valid for writes.
medcore_status medcore_hl7_message_to_json(const medcore_hl7_message *msg,
                                           char **out,
                                           size_t *out_len);

// Decodes HL7 escape sequences in `len` bytes of UTF-8 at `raw`, with the given delimiters
// (MSH-1 then MSH-2, e.g. `|^~\&#`; NULL for `|^~\&`). `*out` receives the text, `*out_len` (if
// not NULL) its length, and `*out_unknown` (if not NULL) a list of the escape sequences kept
// verbatim because they are unknown or malformed.
//
// # Safety
// `raw` must point to `len` bytes; `delimiters` NULL or NUL-terminated; `out` valid for writes;
// `out_len` and `out_unknown` NULL or valid for writes.
medcore_status medcore_hl7_escape_decode(const char *raw,
                                         size_t len,
                                         const char *delimiters_spec,
                                         char **out,
                                         size_t *out_len,
                                         medcore_string_list **out_unknown);

// Escapes `len` bytes of UTF-8 text at `text` for an HL7 value with the given delimiters (as in
// `medcore_hl7_escape_decode`). `*out` receives the escaped text, `*out_len` (if not NULL) its
// length. Text that cannot be written gives `MEDCORE_HL7_ENCODE`.
//
// # Safety
// As for `medcore_hl7_escape_decode`.
medcore_status medcore_hl7_escape_encode(const char *text_in,
                                         size_t len,
                                         const char *delimiters_spec,
                                         char **out,
                                         size_t *out_len);

// Frees a string returned by medcore. NULL is allowed.
//
// # Safety
// `s` must be NULL or a string returned by medcore that was not freed yet.
void medcore_string_free(char *s);

// The number of strings in a list (0 for NULL).
//
// # Safety
// `list` must be NULL or a live list.
size_t medcore_string_list_len(const medcore_string_list *list);

// String `index` (0-based) of a list, borrowed from the list (valid until it is freed), or
// NULL when out of range.
//
// # Safety
// `list` must be NULL or a live list.
const char *medcore_string_list_get(const medcore_string_list *list, size_t index);

// Frees a list. NULL is allowed.
//
// # Safety
// `list` must be NULL or a live list that is not used afterwards.
void medcore_string_list_free(medcore_string_list *list);

#if defined(MEDCORE_TEST_PANIC)
// Panics inside medcore with `message`; returns `MEDCORE_PANIC` with the message in
// `medcore_last_error_message()`. Only in builds with the `test-panic` feature.
//
// # Safety
// `message` must be NULL or a NUL-terminated string.
medcore_status medcore_test_panic(const char *message);
#endif

#ifdef __cplusplus
}  // extern "C"
#endif  // __cplusplus

#endif  /* MEDCORE_H */
