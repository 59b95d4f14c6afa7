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
 * - Handles (medcore_hl7_message, medcore_hl7_report, medcore_triage_score, ...) are freed with
 *   their _free function; passing NULL to any _free function is allowed and does nothing.
 *   Strings inside structs filled by a handle's getters are borrowed from that handle.
 * - Batch calls take an input array and its length and fill caller-provided output arrays.
 * - Triage inputs: a measurement not taken is NAN, a yes/no finding not recorded is
 *   MEDCORE_TRIAGE_UNKNOWN, a coded finding not recorded is NULL.
 * - Hot single calls take native structs (NEWS2 and other triage inputs, authz requests and
 *   decisions, routes between points, PII field contexts). Documents and complex inputs
 *   (policy text, consents, ESI findings, dispatch calls, fleets, geofences, de-identification
 *   policies) are NUL-terminated JSON text in the core's serde shapes, documented on each
 *   function; a text that does not match is MEDCORE_JSON_INVALID. JSON results are strings
 *   owned by the caller. JSON batch calls return one element per input: the result or
 *   {"error": {"code": "...", "message": "..."}}.
 * - Byte buffers returned through `uint8_t **out_data, size_t *out_len` are owned by the
 *   caller and freed with medcore_bytes_free(data, len).
 * - Host callbacks (the authz decision log, the PII key unwrap) are a C function pointer plus
 *   a `void *user_data` passed back unchanged; strings they receive are borrowed for the call.
 * - Failures in documents (policy text) carry a location: medcore_last_error_location().
 * - No Rust panic crosses this boundary: it is reported as MEDCORE_PANIC.
 */

#ifndef MEDCORE_H
#define MEDCORE_H

/* Generated from ffi-c by cbindgen; do not edit. Regenerate with: MEDCORE_BLESS=1 cargo test -p medcore-c --test header */

#include <stddef.h>
#include <stdint.h>

// A travel time that does not exist (the target cannot be reached).
#define MEDCORE_ROUTING_UNREACHABLE UINT32_MAX

// A yes/no finding that was not recorded (for the `int8_t` findings of triage inputs).
#define MEDCORE_TRIAGE_UNKNOWN -1

// A GCS component not recorded.
#define MEDCORE_TRIAGE_GCS_MISSING 0

// A GCS component not testable (NT: e.g. eyes swollen shut, intubated).
#define MEDCORE_TRIAGE_GCS_NOT_TESTABLE -1

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
  // MEDCORE_JSON_INVALID: a JSON text argument is not JSON or does not have the documented
  // shape.
  MEDCORE_JSON_INVALID = 4,
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
  // HL7_PROFILE_INVALID: a validation profile is malformed or unknown.
  MEDCORE_HL7_PROFILE_INVALID = 111,
  // AUTHZ_SYNTAX: policy text does not follow the grammar (with a location).
  MEDCORE_AUTHZ_SYNTAX = 300,
  // AUTHZ_UNKNOWN_ROLE: a policy names a role the schema does not declare.
  MEDCORE_AUTHZ_UNKNOWN_ROLE = 301,
  // AUTHZ_UNKNOWN_ACTION: a policy names an action the schema does not declare.
  MEDCORE_AUTHZ_UNKNOWN_ACTION = 302,
  // AUTHZ_UNKNOWN_RESOURCE_TYPE: a policy names a resource type the schema does not declare.
  MEDCORE_AUTHZ_UNKNOWN_RESOURCE_TYPE = 303,
  // AUTHZ_UNKNOWN_ATTRIBUTE: a policy reads an attribute the schema does not declare.
  MEDCORE_AUTHZ_UNKNOWN_ATTRIBUTE = 304,
  // AUTHZ_INVALID_POLICY: a policy is well formed but invalid (types, duplicate ids, ...).
  MEDCORE_AUTHZ_INVALID_POLICY = 305,
  // AUTHZ_SCHEMA: the schema is malformed.
  MEDCORE_AUTHZ_SCHEMA = 306,
  // AUTHZ_BAD_REQUEST: a request or consent directive is malformed.
  MEDCORE_AUTHZ_BAD_REQUEST = 307,
  // AUTHZ_FILTER: a filter cannot be computed (unknown resource type, ...).
  MEDCORE_AUTHZ_FILTER = 308,
  // ROUTING_OSM_PBF: an OpenStreetMap PBF file cannot be read.
  MEDCORE_ROUTING_OSM_PBF = 400,
  // ROUTING_EDGE_LIST: an edge list is malformed.
  MEDCORE_ROUTING_EDGE_LIST = 401,
  // ROUTING_EMPTY_GRAPH: the graph has no usable roads.
  MEDCORE_ROUTING_EMPTY_GRAPH = 402,
  // ROUTING_GRAPH_FILE: a prepared graph file is damaged or of another version.
  MEDCORE_ROUTING_GRAPH_FILE = 403,
  // ROUTING_NODE_OUT_OF_RANGE: a node id is out of range.
  MEDCORE_ROUTING_NODE_OUT_OF_RANGE = 404,
  // ROUTING_EDGE_OUT_OF_RANGE: an edge id is out of range.
  MEDCORE_ROUTING_EDGE_OUT_OF_RANGE = 405,
  // ROUTING_TRAFFIC: a traffic update is invalid.
  MEDCORE_ROUTING_TRAFFIC = 406,
  // ROUTING_COORDINATES: a position is not a valid WGS 84 coordinate.
  MEDCORE_ROUTING_COORDINATES = 407,
  // ROUTING_NO_ROAD_NEARBY: no road lies within the snap radius.
  MEDCORE_ROUTING_NO_ROAD_NEARBY = 408,
  // ROUTING_DISPATCH: a dispatch input is invalid (no hospitals, unknown unit, ...).
  MEDCORE_ROUTING_DISPATCH = 409,
  // ROUTING_GEOFENCE: a geofence is malformed.
  MEDCORE_ROUTING_GEOFENCE = 410,
  // PII_AUTH_FAILED: an envelope does not authenticate (tampered, wrong key or wrong context).
  MEDCORE_PII_AUTH_FAILED = 500,
  // PII_KEY_DESTROYED: the envelope's key was destroyed.
  MEDCORE_PII_KEY_DESTROYED = 501,
  // PII_KEY_DISABLED: the envelope's key is disabled.
  MEDCORE_PII_KEY_DISABLED = 502,
  // PII_KEY_UNKNOWN: the envelope's key id is not in the keyring.
  MEDCORE_PII_KEY_UNKNOWN = 503,
  // PII_ENVELOPE_FORMAT: an envelope is malformed.
  MEDCORE_PII_ENVELOPE_FORMAT = 504,
  // PII_TOKEN_FORMAT: a token is malformed.
  MEDCORE_PII_TOKEN_FORMAT = 505,
  // PII_NORMALIZE: a value cannot be read as its PII type.
  MEDCORE_PII_NORMALIZE = 506,
  // PII_KEY_FORMAT: a key spec, key or keyring document is malformed.
  MEDCORE_PII_KEY_FORMAT = 507,
  // PII_KEY_STATE: a key state change is not allowed.
  MEDCORE_PII_KEY_STATE = 508,
  // PII_RANDOM: the system random source failed.
  MEDCORE_PII_RANDOM = 509,
  // PII_UNWRAP: the host's unwrap function refused a key.
  MEDCORE_PII_UNWRAP = 510,
  // PII_DEIDENTIFY: a segment cannot be de-identified.
  MEDCORE_PII_DEIDENTIFY = 511,
  // PII_IO: reading key material failed.
  MEDCORE_PII_IO = 512,
  // TRIAGE_OUT_OF_RANGE: a measurement is impossible (negative rate, SpO2 above 100 %).
  MEDCORE_TRIAGE_OUT_OF_RANGE = 200,
  // TRIAGE_UNKNOWN_CODE: a coded finding (ACVPU letter, behaviour, ...) is not known.
  MEDCORE_TRIAGE_UNKNOWN_CODE = 201,
  // TRIAGE_INCONSISTENT_INPUT: inputs contradict each other.
  MEDCORE_TRIAGE_INCONSISTENT_INPUT = 202,
  // TRIAGE_INVALID_TABLE: a band, rule or level table supplied as data is malformed.
  MEDCORE_TRIAGE_INVALID_TABLE = 203,
  // BILLING_CURRENCY_MISMATCH: two amounts in different currencies were combined.
  MEDCORE_BILLING_CURRENCY_MISMATCH = 600,
  // BILLING_INVALID_CURRENCY: a currency code is not three ASCII letters (ISO 4217).
  MEDCORE_BILLING_INVALID_CURRENCY = 601,
  // BILLING_INVALID_VALUE: a value is out of its allowed range (negative quantity, rate above 100 %, ...).
  MEDCORE_BILLING_INVALID_VALUE = 602,
  // BILLING_OVERFLOW: an amount does not fit in a decimal.
  MEDCORE_BILLING_OVERFLOW = 603,
  // BILLING_INVALID_TRANSITION: the invoice status machine does not allow the action.
  MEDCORE_BILLING_INVALID_TRANSITION = 604,
  // BILLING_UNKNOWN_TAX_CATEGORY: an invoice line uses a tax category with no rate.
  MEDCORE_BILLING_UNKNOWN_TAX_CATEGORY = 605,
  // BILLING_UNKNOWN_FISCAL_YEAR: no IPPS parameters for the fiscal year.
  MEDCORE_BILLING_UNKNOWN_FISCAL_YEAR = 606,
  // BILLING_UNKNOWN_DRG: a DRG is not in the loaded tables.
  MEDCORE_BILLING_UNKNOWN_DRG = 607,
  // BILLING_DATA: grouper or parameter tables cannot be read.
  MEDCORE_BILLING_DATA = 608,
  // BILLING_INPUT: a claim or plan input cannot be read.
  MEDCORE_BILLING_INPUT = 609,
  // FHIR_JSON: FHIR JSON is not JSON, or not the shape an element requires.
  MEDCORE_FHIR_JSON = 700,
  // FHIR_MISSING_RESOURCE_TYPE: a JSON object has no (string) `resourceType`.
  MEDCORE_FHIR_MISSING_RESOURCE_TYPE = 701,
  // FHIR_UNKNOWN_ELEMENT: strict reading met an element the models do not know.
  MEDCORE_FHIR_UNKNOWN_ELEMENT = 702,
  // FHIR_HL7_PARSE: the HL7 v2 message cannot be parsed.
  MEDCORE_FHIR_HL7_PARSE = 703,
  // FHIR_CONVERSION: the input lacks something the conversion needs (no PID, not a Bundle, ...).
  MEDCORE_FHIR_CONVERSION = 704,
} medcore_status;

// The type of an attribute value.
typedef enum {
  // `boolean` (0 or 1).
  MEDCORE_AUTHZ_BOOL = 0,
  // `long_value`.
  MEDCORE_AUTHZ_LONG = 1,
  // `string`.
  MEDCORE_AUTHZ_STRING = 2,
  // A set of strings: `strings`, `count` items.
  MEDCORE_AUTHZ_STRING_SET = 3,
  // A set of integers: `longs`, `count` items.
  MEDCORE_AUTHZ_LONG_SET = 4,
} medcore_authz_value_kind;

// Break-glass state of a request.
typedef enum {
  // No break-glass declaration.
  MEDCORE_AUTHZ_BREAK_GLASS_NONE = 0,
  // A valid declaration (purpose ETREAT or BTG, a reason, a clinical role, not expired).
  MEDCORE_AUTHZ_BREAK_GLASS_VALID = 1,
  // A declaration that does not count; the reason says why.
  MEDCORE_AUTHZ_BREAK_GLASS_INVALID = 2,
} medcore_authz_break_glass;

// Whether a DRG is surgical, medical or ungroupable.
typedef enum {
  // Surgical (operating-room) DRG.
  MEDCORE_BILLING_DRG_SURGICAL = 0,
  // Medical DRG.
  MEDCORE_BILLING_DRG_MEDICAL = 1,
  // 998 or 999, or a DRG the tables do not define.
  MEDCORE_BILLING_DRG_UNGROUPABLE = 2,
} medcore_billing_drg_kind;

// How serious a validation issue is.
typedef enum {
  // Worth knowing; the message is fine.
  MEDCORE_HL7_SEVERITY_INFO = 0,
  // Not conformant, but commonly sent and accepted.
  MEDCORE_HL7_SEVERITY_WARNING = 1,
  // The message does not conform.
  MEDCORE_HL7_SEVERITY_ERROR = 2,
} medcore_hl7_severity;

// Acknowledgment codes (HL7 table 0008, original mode).
typedef enum {
  // In `medcore_hl7_ack_options`: derive the code from the validation report.
  MEDCORE_HL7_ACK_DERIVE = 0,
  // Application accept.
  MEDCORE_HL7_ACK_AA = 1,
  // Application error: the message was processed but has errors.
  MEDCORE_HL7_ACK_AE = 2,
  // Application reject: the message type, event, processing id or version is unsupported.
  MEDCORE_HL7_ACK_AR = 3,
} medcore_hl7_ack_code;

// What kind of value a parameter was observed with.
typedef enum {
  // A measurement, in `number`.
  MEDCORE_TRIAGE_VALUE_NUMBER = 0,
  // A yes/no finding, in `flag`.
  MEDCORE_TRIAGE_VALUE_FLAG = 1,
  // A coded finding (ACVPU letter, behaviour...), in `code`.
  MEDCORE_TRIAGE_VALUE_CODE = 2,
} medcore_triage_value_kind;

// A decision. Free with `medcore_authz_decision_free`; the strings it lends stay valid until
// then.
typedef struct medcore_authz_decision medcore_authz_decision;

// A compiled policy set. Free with `medcore_authz_policy_set_free`. It may be shared between
// threads for deciding; setting the decision log is synchronised.
typedef struct medcore_authz_policy_set medcore_authz_policy_set;

// The MS-DRG grouper: the bundled CMS tables (`medcore_billing_grouper_new`) or tables of
// your own (`medcore_billing_grouper_from_json`). Immutable: one handle may be shared by
// threads. Free with `medcore_billing_grouper_free`.
typedef struct medcore_billing_grouper medcore_billing_grouper;

// An invoice with its status machine (draft, issued, partially paid, paid, void). Mutable:
// do not use one handle from two threads at once. Free with `medcore_billing_invoice_free`.
typedef struct medcore_billing_invoice medcore_billing_invoice;

// An insurance plan that adjudicates claims against plan-year accumulators. Immutable: one
// handle may be shared by threads. Free with `medcore_billing_plan_free`.
typedef struct medcore_billing_plan medcore_billing_plan;

// The IPPS pricer with its bundled fiscal-year parameters and Table 5 rows. Immutable: one
// handle may be shared by threads. Free with `medcore_billing_pricer_free`.
typedef struct medcore_billing_pricer medcore_billing_pricer;

// A FHIR R4 resource (a Bundle included) read from JSON. Immutable: one handle may be shared
// by threads. Free with `medcore_fhir_resource_free`.
typedef struct medcore_fhir_resource medcore_fhir_resource;

// A parsed HL7 v2 message owning its text. Create with `medcore_hl7_parse`, free with
// `medcore_hl7_message_free`. A message is immutable: it may be read from several threads.
typedef struct medcore_hl7_message medcore_hl7_message;

// A validation profile: the built-in `lenient` or `strict` one, or a custom profile read from
// JSON or TOML text. Free with `medcore_hl7_profile_free`.
typedef struct medcore_hl7_profile medcore_hl7_profile;

// The result of validating one message. Free with `medcore_hl7_report_free`; the strings it
// lends (summary, issues) stay valid until then.
typedef struct medcore_hl7_report medcore_hl7_report;

// A validator: a profile prepared for many messages. Immutable: it may be used from several
// threads at once. Free with `medcore_hl7_validator_free`.
typedef struct medcore_hl7_validator medcore_hl7_validator;

// A keyring. Free with `medcore_pii_keyring_free` (the key material is zeroized).
typedef struct medcore_pii_keyring medcore_pii_keyring;

// A tokenizer (keyed, deterministic tokens per tenant and PII type). Free with
// `medcore_pii_tokenizer_free`.
typedef struct medcore_pii_tokenizer medcore_pii_tokenizer;

// A fleet placed on a graph. Free with `medcore_routing_dispatcher_free`.
typedef struct medcore_routing_dispatcher medcore_routing_dispatcher;

// A set of geofences with the inside/outside state of every unit seen. Free with
// `medcore_routing_geofences_free`.
typedef struct medcore_routing_geofences medcore_routing_geofences;

// A prepared road graph. Free with `medcore_routing_graph_free`.
typedef struct medcore_routing_graph medcore_routing_graph;

// A list of strings owned by medcore; read with `medcore_string_list_len` and
// `medcore_string_list_get`, free with `medcore_string_list_free`.
typedef struct medcore_string_list medcore_string_list;

// A dispatch-priority rule table. Free with `medcore_triage_dispatch_rules_free`.
typedef struct medcore_triage_dispatch_rules medcore_triage_dispatch_rules;

// An ED triage scale with its discriminator table. Free with `medcore_triage_ed_free`.
typedef struct medcore_triage_ed medcore_triage_ed;

// The result of mass casualty triage. Free with `medcore_triage_mci_result_free`.
typedef struct medcore_triage_mci_result medcore_triage_mci_result;

// The result of an early warning score. Free with `medcore_triage_score_free`; the strings it
// lends stay valid until then.
typedef struct medcore_triage_score medcore_triage_score;

// Receives one decision log event: `event_json` is borrowed for the call (copy it to keep
// it): `{decision_id, time, principal (masked), roles, action, resource_type, resource
// (masked), effect, determining, obligations, purpose_of_use, break_glass_reason, break_glass,
// errors, policy_hash}`. It runs on the deciding thread, so it must be cheap or hand off.
typedef void (*medcore_authz_log_fn)(void *user_data, const char *event_json);

// A decision as a whole. The strings are borrowed from the decision.
typedef struct {
  // 1 when access is granted (subject to the obligations).
  uint8_t allowed;
  // `allow` or `deny`.
  const char *effect;
  // 1 when a valid break-glass declaration was in force.
  uint8_t break_glass;
  // The number of determining rule ids (`medcore_authz_decision_determining`).
  size_t determining_count;
  // The number of obligations (`medcore_authz_decision_obligation`).
  size_t obligation_count;
  // The number of advice texts (`medcore_authz_decision_advice`).
  size_t advice_count;
  // The number of evaluation errors (`medcore_authz_decision_error`).
  size_t error_count;
} medcore_authz_decision_summary;

// One obligation (HL7 ObligationPolicy codes). The strings are borrowed from the decision.
typedef struct {
  // `MASK`, `REDACT`, `AUDIT`, `ENCRYPT` or `REQUIRE_REASON`.
  const char *code;
  // MASK, REDACT: the resource field; ENCRYPT: the field or NULL (the whole record); NULL
  // otherwise.
  const char *field;
  // MASK: the identifier kind (`ssn`, `mrn`, `name`, `dob`, `phone`, `email`, `address`,
  // `zip`, `generic`) for a masking function; NULL otherwise.
  const char *kind;
  // AUDIT: `low`, `medium` or `high`; NULL otherwise.
  const char *level;
} medcore_authz_obligation;

// One evaluation problem. The strings are borrowed from the decision.
typedef struct {
  // The rule id.
  const char *rule;
  // What went wrong.
  const char *message;
} medcore_authz_rule_error;

// One named attribute of a principal, resource or request context. Only the members its
// `kind` names are read; the others may hold anything. Borrowed for the call.
typedef struct {
  // The attribute name, as declared in the schema (e.g. `department`, `care_team`).
  const char *name;
  // Which member holds the value.
  medcore_authz_value_kind kind;
  // MEDCORE_AUTHZ_BOOL: 0 or 1.
  uint8_t boolean;
  // MEDCORE_AUTHZ_LONG: the integer (also times, seconds since the epoch).
  int64_t long_value;
  // MEDCORE_AUTHZ_STRING: the text.
  const char *string;
  // MEDCORE_AUTHZ_STRING_SET: `count` strings (NULL allowed when `count` is 0).
  const char *const *strings;
  // MEDCORE_AUTHZ_LONG_SET: `count` integers (NULL allowed when `count` is 0).
  const int64_t *longs;
  // The number of set items.
  size_t count;
} medcore_authz_attribute;

// One authorization question. Every pointer is borrowed for the call; arrays are (pointer,
// count) pairs where NULL is allowed with count 0.
typedef struct {
  // The user's identifier.
  const char *principal_id;
  // Directly assigned roles (e.g. `Doctor`); inherited roles come from the schema.
  const char *const *roles;
  // The number of roles.
  size_t role_count;
  // Principal attributes (e.g. `department`).
  const medcore_authz_attribute *principal_attributes;
  // The number of principal attributes.
  size_t principal_attribute_count;
  // The action (e.g. `read`).
  const char *action;
  // The resource type (e.g. `Patient`).
  const char *resource_type;
  // The resource identifier.
  const char *resource_id;
  // Resource attributes (e.g. `patient`, `care_team`, `labels`, `confidentiality`).
  const medcore_authz_attribute *resource_attributes;
  // The number of resource attributes.
  size_t resource_attribute_count;
  // The time of the request, seconds since the epoch (UTC).
  int64_t time;
  // Offset of local time from UTC in minutes.
  int32_t utc_offset_minutes;
  // HL7 PurposeOfUse code (TREAT, ETREAT, BTG, ...); NULL: none.
  const char *purpose_of_use;
  // Where the request comes from (e.g. `ward-terminal`); NULL: not stated.
  const char *origin;
  // Break-glass reason; NULL: no break-glass declaration.
  const char *break_glass_reason;
  // 1 when the break-glass declaration ends at `break_glass_expires_at`.
  uint8_t break_glass_has_expiry;
  // End of the break-glass window, seconds since the epoch (read when
  // `break_glass_has_expiry` is 1).
  int64_t break_glass_expires_at;
  // Further context attributes declared in the schema.
  const medcore_authz_attribute *context_attributes;
  // The number of context attributes.
  size_t context_attribute_count;
} medcore_authz_request;

// What a report says about the message as a whole. The strings are borrowed from the report.
typedef struct {
  // MSH-10, the message control id (empty when not sent).
  const char *control_id;
  // MSH-9 as sent, e.g. `ADT^A04^ADT_A01`.
  const char *message_type;
  // MSH-12 as sent.
  const char *version;
  // The definitions the message was checked against, e.g. `2.5`; NULL when none applied.
  const char *definitions;
  // The message structure the segments were matched against, e.g. `ADT_A01`; NULL when none.
  const char *structure;
  // 1 when any issue is an error, 0 otherwise.
  uint8_t has_errors;
  // The number of issues.
  size_t issue_count;
  // The number of errors.
  size_t error_count;
  // The number of warnings.
  size_t warning_count;
  // The number of infos.
  size_t info_count;
} medcore_hl7_report_summary;

// One validation issue with its full location. Positions are 1-based as HL7 counts them;
// `field`, `repetition`, `component` and `subcomponent` are 0 when the issue is not that
// precise. The strings are borrowed from the report.
typedef struct {
  // How serious it is.
  medcore_hl7_severity severity;
  // The HL7 table 0357 code, e.g. 101 (required field missing).
  uint16_t code;
  // The check that found it, e.g. `field_required`, `table_value`, `segment_missing`.
  const char *rule;
  // Segment id, e.g. `PID`.
  const char *segment;
  // Position of the segment in the message (MSH is 1).
  size_t segment_index;
  // Field number (0: the issue is about the whole segment).
  size_t field;
  // Field repetition (0: not specific).
  size_t repetition;
  // Component (0: not specific).
  size_t component;
  // Subcomponent (0: not specific).
  size_t subcomponent;
  // Line of the input where the segment starts.
  size_t line;
  // Byte offset in the input where the located element starts.
  size_t offset;
  // The HL7 path of the location, e.g. `PID-7` or `PID-3(2)-4-1`.
  const char *path;
  // What is wrong, for a person.
  const char *message;
} medcore_hl7_issue;

// How to build an ACK.
typedef struct {
  // MSH-10 of the ACK: a new control id (NUL-terminated, required).
  const char *control_id;
  // MSH-7 of the ACK, an HL7 timestamp such as `20240101120000+0000` (required).
  const char *timestamp;
  // The code to send, a `medcore_hl7_ack_code`: `MEDCORE_HL7_ACK_DERIVE` (0) derives it
  // from the report; a value outside the enum gives `MEDCORE_INVALID_ARGUMENT`.
  uint32_t code;
  // Non-zero: write ERR segments for warnings too, not only for errors (the core default
  // and what the shared ACK vectors use).
  uint8_t include_warnings;
} medcore_hl7_ack_options;

// The host's key unwrap function (a KMS Decrypt or Vault transit call): given the document's
// `kek_id`, a key version and its wrapped bytes (borrowed for the call), write the 32-byte
// root secret to `out_key` and return 0; on failure return non-zero and, when `error_len`
// allows, a NUL-terminated reason in `error`.
typedef int32_t (*medcore_pii_unwrap_fn)(void *user_data,
                                         const char *kek_id,
                                         uint32_t key_id,
                                         const uint8_t *wrapped,
                                         size_t wrapped_len,
                                         uint8_t *out_key,
                                         char *error,
                                         size_t error_len);

// Where an encrypted field lives; the envelope is bound to it (moving a ciphertext to another
// row, column, table or tenant makes it fail to decrypt). Strings borrowed for the call.
typedef struct {
  // Tenant (organisation).
  const char *tenant;
  // Table.
  const char *table;
  // Column.
  const char *column;
  // Primary key of the row.
  const char *record_id;
} medcore_pii_field_context;

// A column, for deterministic encryption and blind indexes. Strings borrowed for the call.
typedef struct {
  // Tenant (organisation).
  const char *tenant;
  // Table.
  const char *table;
  // Column.
  const char *column;
} medcore_pii_column_context;

// A position in WGS 84 degrees.
typedef struct {
  // Latitude, degrees.
  double lat;
  // Longitude, degrees.
  double lon;
} medcore_routing_latlon;

// A route's figures.
typedef struct {
  // 1 when a route exists; the other fields are 0 otherwise.
  uint8_t found;
  // Travel time, integer milliseconds.
  uint32_t travel_time_ms;
  // Length, metres.
  double distance_m;
  // The number of graph nodes on the route.
  size_t node_count;
  // The number of points of the route's polyline.
  size_t coordinate_count;
} medcore_routing_route_summary;

// A score as a whole. The strings are borrowed from the score.
typedef struct {
  // The instrument: `news2`, `mews`, `qsofa`, `sirs`, `gcs` or `pews`.
  const char *instrument;
  // Sum of the points of the parameters present.
  uint32_t total;
  // The highest total the missing parameters could lead to (`total` when none is missing).
  uint32_t max_possible;
  // 1 when at least one parameter is missing.
  uint8_t partial;
  // The risk band: `low`, `low_medium`, `medium`, `high` or `indeterminate`.
  const char *risk;
  // The instrument's label for the result.
  const char *interpretation;
  // The clinical response the instrument recommends.
  const char *clinical_response;
  // The published source of the instrument.
  const char *citation;
  // The number of scored parameters (`medcore_triage_score_parameter`).
  size_t parameter_count;
  // The number of missing parameters (`medcore_triage_score_missing`).
  size_t missing_count;
} medcore_triage_score_summary;

// One line of a score's explanation. The strings are borrowed from the score.
typedef struct {
  // The parameter, e.g. `respiration_rate`, `spo2`, `eye`.
  const char *parameter;
  // Which of `number`, `flag`, `code` holds the observed value.
  medcore_triage_value_kind kind;
  // The measurement (kind NUMBER).
  double number;
  // The finding, 1 or 0 (kind FLAG).
  uint8_t flag;
  // The code (kind CODE), NULL otherwise.
  const char *code;
  // The chart row or criterion the value fell in, as printed.
  const char *band;
  // Points scored.
  uint8_t points;
  // 1 when the value lay between two printed rows and the more abnormal row was taken.
  uint8_t between_rows;
} medcore_triage_parameter;

// NEWS2 observations (RCP 2017).
typedef struct {
  // Respiration rate, breaths per minute (NAN: not taken).
  double respiration_rate;
  // SpO2, percent (NAN: not taken).
  double spo2;
  // 1: score SpO2 on scale 2 (hypercapnic respiratory failure confirmed).
  uint8_t spo2_scale2;
  // On supplemental oxygen: 1, 0 or MEDCORE_TRIAGE_UNKNOWN.
  int8_t supplemental_oxygen;
  // Systolic blood pressure, mmHg (NAN: not taken).
  double systolic_bp;
  // Pulse, beats per minute (NAN: not taken).
  double pulse;
  // ACVPU: `A`, `C`, `V`, `P` or `U` (or the full word); NULL: not assessed.
  const char *consciousness;
  // Temperature, degrees Celsius (NAN: not taken).
  double temperature;
} medcore_triage_news2_input;

// qSOFA findings (Sepsis-3).
typedef struct {
  // Respiration rate, breaths per minute (NAN: not taken).
  double respiration_rate;
  // Systolic blood pressure, mmHg (NAN: not taken).
  double systolic_bp;
  // Altered mentation: 1, 0 or MEDCORE_TRIAGE_UNKNOWN (then taken from `gcs` when given).
  int8_t altered_mentation;
  // Glasgow Coma Scale total, 3 to 15 (NAN: not assessed).
  double gcs;
} medcore_triage_qsofa_input;

// SIRS findings (ACCP/SCCM 1992). Every field NAN when not measured.
typedef struct {
  // Temperature, degrees Celsius.
  double temperature;
  // Heart rate, beats per minute.
  double heart_rate;
  // Respiration rate, breaths per minute.
  double respiration_rate;
  // PaCO2, mmHg.
  double paco2;
  // White cell count, 10^9 per litre.
  double white_cell_count;
  // Immature (band) neutrophils, percent.
  double band_neutrophils;
} medcore_triage_sirs_input;

// Glasgow Coma Scale components: the score (eye 1-4, verbal 1-5, motor 1-6),
// `MEDCORE_TRIAGE_GCS_NOT_TESTABLE` or `MEDCORE_TRIAGE_GCS_MISSING`.
typedef struct {
  // Eye opening.
  int32_t eye;
  // Verbal response.
  int32_t verbal;
  // Motor response.
  int32_t motor;
} medcore_triage_gcs_input;

// MEWS observations (scored with the Subbe 2001 chart).
typedef struct {
  // Systolic blood pressure, mmHg (NAN: not taken).
  double systolic_bp;
  // Heart rate, beats per minute (NAN: not taken).
  double heart_rate;
  // Respiration rate, breaths per minute (NAN: not taken).
  double respiration_rate;
  // Temperature, degrees Celsius (NAN: not taken).
  double temperature;
  // AVPU: `A`, `V`, `P` or `U` (or the full word); NULL: not assessed.
  const char *consciousness;
} medcore_triage_mews_input;

// Brighton PEWS observations (normal ranges by age from APLS).
typedef struct {
  // Age in months (NAN: unknown).
  double age_months;
  // `playing`, `sleeping`, `irritable` or `lethargic`; NULL: not assessed.
  const char *behaviour;
  // `pink`, `pale`, `grey` or `grey_mottled`; NULL: not assessed.
  const char *skin_colour;
  // Capillary refill time, seconds (NAN: not measured).
  double capillary_refill_s;
  // Heart rate, beats per minute (NAN: not taken).
  double heart_rate;
  // Respiration rate, breaths per minute (NAN: not taken).
  double respiration_rate;
  // `normal`, `accessory_muscles`, `recession` or `sternal_recession_or_grunting`; NULL: not
  // assessed.
  const char *work_of_breathing;
  // Inspired oxygen, percent (NAN: not given).
  double fio2_percent;
  // Oxygen flow, litres per minute (NAN: not given).
  double oxygen_flow_lpm;
  // Quarter-hourly nebulisers: 1, 0 or MEDCORE_TRIAGE_UNKNOWN.
  int8_t quarter_hourly_nebulisers;
  // Persistent vomiting after surgery: 1, 0 or MEDCORE_TRIAGE_UNKNOWN.
  int8_t post_operative_vomiting;
} medcore_triage_pews_input;

// Findings for START (adults) and JumpSTART (children).
typedef struct {
  // Age in years (NAN: unknown); chooses START or JumpSTART in `medcore_triage_mci`.
  double age_years;
  // Walks: 1, 0 or MEDCORE_TRIAGE_UNKNOWN (and so for every `i8` finding).
  int8_t walking;
  // Breathes spontaneously.
  int8_t breathing;
  // Breathes after the airway is repositioned.
  int8_t breathing_after_airway_repositioning;
  // Breathes after five rescue breaths (JumpSTART).
  int8_t breathing_after_rescue_breaths;
  // Respiration rate, breaths per minute (NAN: not counted).
  double respiration_rate;
  // Radial (or palpable peripheral) pulse present.
  int8_t radial_pulse;
  // Capillary refill time, seconds (NAN: not measured).
  double capillary_refill_s;
  // Follows simple commands (START).
  int8_t follows_commands;
  // JumpSTART AVPU: `alert`, `voice`, `pain_appropriate`, `pain_inappropriate` or
  // `unresponsive`; NULL: not assessed.
  const char *avpu;
} medcore_triage_mci_input;

// A mass casualty triage result. The strings are borrowed from the result.
typedef struct {
  // The protocol applied: `start` or `jumpstart`.
  const char *protocol;
  // `immediate`, `delayed`, `minor`, `expectant` or `dead`; NULL when findings are missing.
  const char *category;
  // The tag colour (`red`, `yellow`, `green`, `grey`, `black`); NULL with the category.
  const char *colour;
  // 1 when findings the algorithm needed are missing.
  uint8_t partial;
  // SALT global sort priority (1 first, 3 last); 0 for START and JumpSTART.
  uint8_t global_sort;
  // The number of steps taken (`medcore_triage_mci_path`).
  size_t path_count;
  // The number of missing findings (`medcore_triage_mci_missing`).
  size_t missing_count;
  // The published source of the protocol.
  const char *citation;
} medcore_triage_mci_summary;

// SALT findings (Lerner 2008). Every finding is 1, 0 or MEDCORE_TRIAGE_UNKNOWN.
typedef struct {
  // Global sort: walks.
  int8_t walks;
  // Global sort: waves or moves purposefully.
  int8_t waves_or_purposeful_movement;
  // Breathing after life-saving interventions (airway opened; two rescue breaths for a
  // child).
  int8_t breathing;
  // Obeys commands or makes purposeful movements.
  int8_t obeys_commands;
  // Peripheral pulse present.
  int8_t peripheral_pulse;
  // In respiratory distress.
  int8_t respiratory_distress;
  // Major haemorrhage controlled (1 also when there is none).
  int8_t major_haemorrhage_controlled;
  // Minor injuries only.
  int8_t minor_injuries_only;
  // Likely to survive given the current resources.
  int8_t likely_to_survive;
} medcore_triage_salt_input;

// One level of an ED triage scale. The strings are static: never free them.
typedef struct {
  // Level number, 1 most urgent.
  uint8_t level;
  // Name, e.g. `resuscitation`, `immediate`.
  const char *name;
  // Colour, e.g. `blue`, `red`.
  const char *colour;
  // Time to first assessment by a clinician, minutes (0: immediate).
  uint32_t target_minutes;
  // The share of patients the standard expects to be seen within target, percent; -1 when
  // the scale states none.
  int16_t fractile_percent;
} medcore_triage_ed_level;

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

// Where the last failure on this thread lies in a document (policy text, schema, ...): when
// it has a location, writes the source name (borrowed, valid until the next failing call on
// this thread; never free it), the 1-based line and column through the non-NULL out-pointers
// and returns 1; otherwise returns 0 and writes nothing.
//
// # Safety
// Each out-pointer must be NULL or valid for writes.
uint8_t medcore_last_error_location(const char **out_source,
                                    uint32_t *out_line,
                                    uint32_t *out_column);

// The embedded default hospital policy set (the role x resource x action matrix of the
// design). `*out` receives a new caller-owned handle.
//
// # Safety
// `out` valid for writes.
medcore_status medcore_authz_policy_set_new_default(medcore_authz_policy_set **out);

// Parses, checks and compiles policy text (the grammar of `docs/authz-policy.md`) against a
// schema. `source` names the text in error locations (NULL: `"policies"`); `schema_json` is
// the schema as JSON text (NULL: the default hospital schema). Errors carry a location
// (`medcore_last_error_location`). `*out` receives a new caller-owned handle.
//
// # Safety
// `text` NUL-terminated; `source`, `schema_json` NULL or NUL-terminated; `out` valid for
// writes.
medcore_status medcore_authz_policy_set_from_text(const char *text,
                                                  const char *source,
                                                  const char *schema_json,
                                                  medcore_authz_policy_set **out);

// A new set: `ps` with consent directives added. `consents_json` is a JSON array of
// `{id, patient, decision: "deny"|"permit", actors: [..], roles: [..], actions: [..],
// resource_types: [..], labels: [..], purposes: [..], start, end}` (empty lists mean "any";
// times in seconds since the epoch). `ps` is unchanged; `*out` receives a new caller-owned
// handle (without the decision log hook).
//
// # Safety
// `ps` a live set; `consents_json` NUL-terminated; `out` valid for writes.
medcore_status medcore_authz_policy_set_with_consents(const medcore_authz_policy_set *ps,
                                                      const char *consents_json,
                                                      medcore_authz_policy_set **out);

// The set's SHA-256 (hex), naming the exact policy version in decision logs. Borrowed from
// the set; NULL for a NULL set.
//
// # Safety
// `ps` NULL or a live set.
const char *medcore_authz_policy_set_hash(const medcore_authz_policy_set *ps);

// The number of rules in the set (consent restrictions included); 0 for NULL.
//
// # Safety
// `ps` NULL or a live set.
size_t medcore_authz_policy_set_rule_count(const medcore_authz_policy_set *ps);

// Sets (or, with `hook` NULL, removes) the decision log hook: every later
// `medcore_authz_authorize*` call on this set sends one event per decision to
// `hook(user_data, event_json)`. The hook and `user_data` must stay usable, from every thread
// that decides with the set, until the hook is replaced or the set is freed.
//
// # Safety
// `ps` a live set; `hook` NULL or a function safe to call with `user_data`.
medcore_status medcore_authz_policy_set_set_decision_log(const medcore_authz_policy_set *ps,
                                                         medcore_authz_log_fn hook,
                                                         void *user_data);

// Frees a policy set. NULL is allowed.
//
// # Safety
// `ps` NULL or a live set not used afterwards.
void medcore_authz_policy_set_free(medcore_authz_policy_set *ps);

// The decision's summary.
//
// # Safety
// `decision` a live decision; `out` valid for writes.
medcore_status medcore_authz_decision_get_summary(const medcore_authz_decision *decision,
                                                  medcore_authz_decision_summary *out);

// Determining rule id `index` (0-based), borrowed from the decision; NULL when out of range
// or for a NULL decision.
//
// # Safety
// `decision` NULL or a live decision.
const char *medcore_authz_decision_determining(const medcore_authz_decision *decision,
                                               size_t index);

// Advice text `index` (0-based), borrowed from the decision; NULL when out of range or for a
// NULL decision.
//
// # Safety
// `decision` NULL or a live decision.
const char *medcore_authz_decision_advice(const medcore_authz_decision *decision, size_t index);

// Obligation `index` (0-based), in order: rule obligations, then one AUDIT at the highest
// level. An index out of range gives `MEDCORE_INVALID_ARGUMENT`.
//
// # Safety
// `decision` a live decision; `out` valid for writes.
medcore_status medcore_authz_decision_obligation(const medcore_authz_decision *decision,
                                                 size_t index,
                                                 medcore_authz_obligation *out);

// Evaluation error `index` (0-based). An index out of range gives
// `MEDCORE_INVALID_ARGUMENT`.
//
// # Safety
// `decision` a live decision; `out` valid for writes.
medcore_status medcore_authz_decision_error(const medcore_authz_decision *decision,
                                            size_t index,
                                            medcore_authz_rule_error *out);

// The decision as JSON text: `{effect: "allow"|"deny", determining: [..], obligations:
// [{code: "MASK", field, kind} | {code: "REDACT", field} | {code: "AUDIT", level} |
// {code: "ENCRYPT", field?} | {code: "REQUIRE_REASON"}], advice: [..], errors: [{rule,
// message}], break_glass}`. `*out_json` receives a new caller-owned string.
//
// # Safety
// `decision` a live decision; `out_json` valid for writes.
medcore_status medcore_authz_decision_to_json(const medcore_authz_decision *decision,
                                              char **out_json);

// Frees a decision. NULL is allowed.
//
// # Safety
// `decision` NULL or a live decision not used afterwards.
void medcore_authz_decision_free(medcore_authz_decision *decision);

// Decides one request (sending an event to the decision log hook, when one is set).
// `*out` receives a new caller-owned decision. A request the set cannot read (a NULL
// string) fails with `MEDCORE_INVALID_ARGUMENT`; attributes the schema does not declare are
// evaluation errors inside the decision (see `medcore_authz_check_request`).
//
// # Safety
// `ps` a live set; `request` a valid request; `out` valid for writes.
medcore_status medcore_authz_authorize(const medcore_authz_policy_set *ps,
                                       const medcore_authz_request *request,
                                       medcore_authz_decision **out);

// Decides `count` requests: `out_decisions[i]` receives a new caller-owned decision or NULL,
// `out_statuses[i]` its status. `MEDCORE_OK` when the arguments were usable, even if some
// requests could not be read; the last error then describes the last such request.
//
// # Safety
// `ps` a live set; `requests` holds `count` valid requests; the output arrays are valid for
// `count` writes.
medcore_status medcore_authz_authorize_batch(const medcore_authz_policy_set *ps,
                                             const medcore_authz_request *requests,
                                             size_t count,
                                             medcore_authz_decision **out_decisions,
                                             medcore_status *out_statuses);

// Decides one request and says why: `*out` receives a new caller-owned decision and
// `*out_explanation_json` a new caller-owned string `{rules_total, rules_considered,
// effective_roles: [..], combining, break_glass: null | "<status>", trace: [{id, kind, hard,
// outcome: "applies"|"not_applicable"|"error", message?, determining}]}`. Not logged.
//
// # Safety
// `ps` a live set; `request` a valid request; `out` and `out_explanation_json` valid for
// writes.
medcore_status medcore_authz_explain(const medcore_authz_policy_set *ps,
                                     const medcore_authz_request *request,
                                     medcore_authz_decision **out,
                                     char **out_explanation_json);

// Whether the request carries a valid break-glass declaration. `*out_state` receives the
// state; when it is INVALID and `out_reason` is not NULL, `*out_reason` receives a new
// caller-owned string saying why (NULL otherwise).
//
// # Safety
// `ps` a live set; `request` a valid request; `out_state` valid for writes; `out_reason` NULL
// or valid for writes.
medcore_status medcore_authz_break_glass_status(const medcore_authz_policy_set *ps,
                                                const medcore_authz_request *request,
                                                medcore_authz_break_glass *out_state,
                                                char **out_reason);

// Checks a request against the schema: `*out` receives a new caller-owned list (free with
// `medcore_string_list_free`) of problems (unknown roles, undeclared or mistyped attributes);
// empty when the request is well formed.
//
// # Safety
// `ps` a live set; `request` a valid request; `out` valid for writes.
medcore_status medcore_authz_check_request(const medcore_authz_policy_set *ps,
                                           const medcore_authz_request *request,
                                           medcore_string_list **out);

// The decision log event for a request and its decision (identifiers masked), as the hook
// receives it. `*out_json` receives a new caller-owned string.
//
// # Safety
// `ps` a live set; `request` a valid request; `decision` a live decision; `out_json` valid
// for writes.
medcore_status medcore_authz_decision_event(const medcore_authz_policy_set *ps,
                                            const medcore_authz_request *request,
                                            const medcore_authz_decision *decision,
                                            char **out_json);

// "Which resources may I see": the condition a resource of one type must meet for the
// principal to be allowed the action. `request_json` is `{principal: {id, roles: [..],
// attributes: {..}}, action, resource_type, environment: {time, utc_offset_minutes,
// purpose_of_use, origin, break_glass: {reason, expires_at}, attributes}}`; `*out_json`
// receives a new caller-owned string `{resource_type, residual, approximated: [rule ids]}`
// where `residual` is the condition tree over resource attributes, each node one of
// `{"const": true|false}`, `{"error": "<message>"}`, `{"leaf": {"test": "cmp", attr, op,
// value} | {"test": ..., attr, ...}}`, `{"not": node}`, `{"and": [nodes]}`, `{"or": [nodes]}`,
// `{"applies": {rule, cond: node, on_error}}` (`$id` as an attribute is the resource id).
//
// # Safety
// `ps` a live set; `request_json` NUL-terminated; `out_json` valid for writes.
medcore_status medcore_authz_filter(const medcore_authz_policy_set *ps,
                                    const char *request_json,
                                    char **out_json);

// The filter of `medcore_authz_filter` rendered as a parameterized SQL WHERE fragment.
// `options_json` (NULL: defaults) is `{placeholder: "dollar"|"question"|"percent",
// set_encoding: "postgres_array"|"json_array", columns: {attribute: column}, table_alias}`; `*out_json` receives a new caller-owned
// string `{sql, params: [..]}` (with `approximated` rule ids from the filter).
//
// # Safety
// `ps` a live set; `request_json` NUL-terminated; `options_json` NULL or NUL-terminated;
// `out_json` valid for writes.
medcore_status medcore_authz_filter_sql(const medcore_authz_policy_set *ps,
                                        const char *request_json,
                                        const char *options_json,
                                        char **out_json);

// An identifier masked as decision logs show it (all but the last characters replaced by
// `*`). `*out` receives a new caller-owned string.
//
// # Safety
// `id` NUL-terminated; `out` valid for writes.
medcore_status medcore_authz_mask_identifier(const char *id, char **out);

// The grouper with its bundled MS-DRG v43.0 (FY2026) tables. `*out` receives a new handle
// (caller-owned; free with `medcore_billing_grouper_free`).
//
// # Safety
// `out` valid for writes.
medcore_status medcore_billing_grouper_new(medcore_billing_grouper **out);

// A grouper from grouper tables of your own (`tables_json`: the JSON table document of
// the bundled format, borrowed for the call). Malformed tables fail with
// `MEDCORE_BILLING_DATA`. `*out` receives a new caller-owned handle.
//
// # Safety
// `tables_json` NUL-terminated; `out` valid for writes.
medcore_status medcore_billing_grouper_from_json(const char *tables_json,
                                                 medcore_billing_grouper **out);

// Frees a grouper. NULL is allowed.
//
// # Safety
// `grouper` NULL or a live handle not used afterwards.
void medcore_billing_grouper_free(medcore_billing_grouper *grouper);

// The grouper version (e.g. `"43.0"`), borrowed from the handle (valid while it lives), or
// NULL for a NULL handle.
//
// # Safety
// `grouper` NULL or a live handle.
const char *medcore_billing_grouper_version(const medcore_billing_grouper *grouper);

// The fiscal year of the grouper's tables (e.g. 2026); 0 for a NULL handle.
//
// # Safety
// `grouper` NULL or a live handle.
uint32_t medcore_billing_grouper_fiscal_year(const medcore_billing_grouper *grouper);

// 1 when `code` is a valid ICD-10-CM diagnosis (with or without the dot) for this version,
// else 0 (also for NULL arguments or invalid UTF-8).
//
// # Safety
// `grouper` NULL or a live handle; `code` NULL or NUL-terminated.
uint8_t medcore_billing_grouper_is_valid_diagnosis(const medcore_billing_grouper *grouper,
                                                   const char *code);

// 1 when `code` is a valid ICD-10-PCS procedure for this version, else 0 (also for NULL
// arguments or invalid UTF-8).
//
// # Safety
// `grouper` NULL or a live handle; `code` NULL or NUL-terminated.
uint8_t medcore_billing_grouper_is_valid_procedure(const medcore_billing_grouper *grouper,
                                                   const char *code);

// Whether `drg` is surgical, medical or ungroupable in this version
// (`MEDCORE_BILLING_DRG_UNGROUPABLE` also for a NULL handle).
//
// # Safety
// `grouper` NULL or a live handle.
medcore_billing_drg_kind medcore_billing_grouper_drg_kind(const medcore_billing_grouper *grouper,
                                                          uint16_t drg);

// Groups one claim. `claim_json` (borrowed for the call) is `{id, age, sex ("M", "F", "U"),
// discharge_status ("01" home by default, "20" expired, ...), pdx, sdx: [..], procedures:
// [..]}` (ICD-10-CM/PCS codes with or without the dot; only `pdx` is required; other keys
// are ignored). Grouping never fails: invalid input groups to DRG 998/999 with a return
// code. `*out_json` receives a new caller-owned string (free with `medcore_string_free`):
// `{id, drg, mdc ("01".."25", "PRE" or null), kind ("surgical", "medical", "ungroupable"),
// severity ("NONE", "CC", "MCC"), title, return_code ("OK", "INVALID_PDX", ...)}`.
//
// # Safety
// `grouper` a live handle; `claim_json` NUL-terminated; `out_json` valid for writes.
medcore_status medcore_billing_grouper_group(const medcore_billing_grouper *grouper,
                                             const char *claim_json,
                                             char **out_json);

// Groups many claims in one call: `claims_json` is a JSON array of
// `medcore_billing_grouper_group` claims; `*out_json` receives a new caller-owned JSON
// array with one result per claim, in order, or `{"error": {"code", "message"}}` for an
// element that is not a claim.
//
// # Safety
// `grouper` a live handle; `claims_json` NUL-terminated; `out_json` valid for writes.
medcore_status medcore_billing_grouper_group_batch(const medcore_billing_grouper *grouper,
                                                   const char *claims_json,
                                                   char **out_json);

// The pricer with the bundled parameters. `*out` receives a new caller-owned handle.
//
// # Safety
// `out` valid for writes.
medcore_status medcore_billing_pricer_new(medcore_billing_pricer **out);

// Frees a pricer. NULL is allowed.
//
// # Safety
// `pricer` NULL or a live handle not used afterwards.
void medcore_billing_pricer_free(medcore_billing_pricer *pricer);

// Prices one discharge. `input_json` (borrowed) is `{fiscal_year, drg, weight?, gmlos?,
// post_acute?, special_pay?, length_of_stay (days, default 0), discharge_status (default
// "01"), covered_charges (default "0"), provider: {wage_index, cola?, capital_cola?, gaf?,
// operating_ime?, operating_dsh?, capital_ime?, capital_dsh?, uncompensated_care_per_claim?,
// operating_ccr?, capital_ccr?}}`; weight, GMLOS and the flags are looked up in the
// bundled Table 5 when absent. `*out_json` receives a new caller-owned string: `{fiscal_year,
// drg, weight, labor_share, operating_federal, operating_ime, operating_dsh, gaf,
// capital_federal, capital_ime, capital_dsh, full_payment, transfer ("none", "acute",
// "post_acute", "special_pay"), per_diem, base_payment, cost, outlier_threshold,
// operating_outlier, capital_outlier, uncompensated_care, total_payment}` (amounts as
// decimal strings). Fails with `MEDCORE_BILLING_UNKNOWN_FISCAL_YEAR`,
// `MEDCORE_BILLING_UNKNOWN_DRG` or `MEDCORE_BILLING_INVALID_VALUE`.
//
// # Safety
// `pricer` a live handle; `input_json` NUL-terminated; `out_json` valid for writes.
medcore_status medcore_billing_pricer_price(const medcore_billing_pricer *pricer,
                                            const char *input_json,
                                            char **out_json);

// Prices many discharges: `inputs_json` is a JSON array of `medcore_billing_pricer_price`
// inputs; `*out_json` receives a new caller-owned JSON array with, per input, the result or
// `{"error": {"code", "message"}}`.
//
// # Safety
// `pricer` a live handle; `inputs_json` NUL-terminated; `out_json` valid for writes.
medcore_status medcore_billing_pricer_price_batch(const medcore_billing_pricer *pricer,
                                                  const char *inputs_json,
                                                  char **out_json);

// The totals of an invoice given as JSON, without a handle. `invoice_json` (borrowed) is an
// invoice as `medcore_billing_invoice_from_json` reads it. `*out_json` receives a new
// caller-owned string: `{currency, lines: [{line_id, gross, discount, net, tax, total}],
// subtotal, discount, net, taxes: [{category, rate, base, tax}], tax, total, credited, paid,
// refunded, balance}` (amounts as decimal strings, rounded half-even to the currency's minor
// unit).
//
// # Safety
// `invoice_json` NUL-terminated; `out_json` valid for writes.
medcore_status medcore_billing_invoice_totals(const char *invoice_json, char **out_json);

// The totals of many invoices: `invoices_json` is a JSON array of invoices; `*out_json`
// receives a new caller-owned JSON array with, per invoice, its totals or `{"error":
// {"code", "message"}}`.
//
// # Safety
// `invoices_json` NUL-terminated; `out_json` valid for writes.
medcore_status medcore_billing_invoice_totals_batch(const char *invoices_json, char **out_json);

// An invoice from JSON (`invoice_json`, borrowed): `{id, currency ("USD"; ISO 4217),
// lines: [{id, kind ("consultation", "procedure", "lab_test", "medication", "bed_day",
// "supply"), description?, code?, quantity, unit_price, discount?,
// tax_category?}], discount?: {"type": "percent", "percent"} | {"type": "amount",
// "amount"}, tax_rates: [{category, rate}], status? ("draft" by default), payments?,
// credit_notes?, refunds?}`. `*out` receives a new caller-owned handle.
//
// # Safety
// `invoice_json` NUL-terminated; `out` valid for writes.
medcore_status medcore_billing_invoice_from_json(const char *invoice_json,
                                                 medcore_billing_invoice **out);

// An empty draft invoice `id` in `currency` (ISO 4217 code, e.g. `"EUR"`; anything but three
// ASCII letters fails with `MEDCORE_BILLING_INVALID_CURRENCY`). `*out` receives a new
// caller-owned handle.
//
// # Safety
// `id` and `currency` NUL-terminated; `out` valid for writes.
medcore_status medcore_billing_invoice_new(const char *id,
                                           const char *currency,
                                           medcore_billing_invoice **out);

// Frees an invoice. NULL is allowed.
//
// # Safety
// `invoice` NULL or a live handle not used afterwards.
void medcore_billing_invoice_free(medcore_billing_invoice *invoice);

// The invoice id, borrowed from the handle (valid while it lives), or NULL for NULL.
//
// # Safety
// `invoice` NULL or a live handle.
const char *medcore_billing_invoice_id(const medcore_billing_invoice *invoice);

// The status: `"draft"`, `"issued"`, `"partially_paid"`, `"paid"` or `"void"` (static:
// never free it), or NULL for NULL.
//
// # Safety
// `invoice` NULL or a live handle.
const char *medcore_billing_invoice_status(const medcore_billing_invoice *invoice);

// The current totals (shape of `medcore_billing_invoice_totals`). `*out_json` receives a
// new caller-owned string.
//
// # Safety
// `invoice` a live handle; `out_json` valid for writes.
medcore_status medcore_billing_invoice_get_totals(const medcore_billing_invoice *invoice,
                                                  char **out_json);

// The whole invoice (lines, discount, tax rates, status, payments, credit notes, refunds)
// as JSON, the shape `medcore_billing_invoice_from_json` reads. `*out_json` receives a new
// caller-owned string.
//
// # Safety
// `invoice` a live handle; `out_json` valid for writes.
medcore_status medcore_billing_invoice_to_json(const medcore_billing_invoice *invoice,
                                               char **out_json);

// Adds a line (`line_json`, borrowed: one element of the invoice's `lines`) to a draft.
//
// # Safety
// `invoice` a live handle; `line_json` NUL-terminated.
medcore_status medcore_billing_invoice_add_line(medcore_billing_invoice *invoice,
                                                const char *line_json);

// Removes line `line_id` from a draft. `*out_json` (NULL: not wanted) receives the removed
// line as a new caller-owned JSON string.
//
// # Safety
// `invoice` a live handle; `line_id` NUL-terminated; `out_json` NULL or valid for writes.
medcore_status medcore_billing_invoice_remove_line(medcore_billing_invoice *invoice,
                                                   const char *line_id,
                                                   char **out_json);

// Issues a draft. `*out_json` (NULL: not wanted) receives the totals as a new caller-owned
// JSON string.
//
// # Safety
// `invoice` a live handle; `out_json` NULL or valid for writes.
medcore_status medcore_billing_invoice_issue(medcore_billing_invoice *invoice, char **out_json);

// Records a payment (`payment_json`, borrowed: `{id, amount, method ("cash", "card",
// "bank_transfer", "cheque", "insurance", "mobile_money", "other"), reference?}`). `*out_json` (NULL: not wanted)
// receives the totals as a new caller-owned JSON string.
//
// # Safety
// `invoice` a live handle; `payment_json` NUL-terminated; `out_json` NULL or valid for
// writes.
medcore_status medcore_billing_invoice_record_payment(medcore_billing_invoice *invoice,
                                                      const char *payment_json,
                                                      char **out_json);

// Issues a credit note (`note_json`, borrowed: `{id, amount, reason?}`). `*out_json` (NULL:
// not wanted) receives the totals as a new caller-owned JSON string.
//
// # Safety
// `invoice` a live handle; `note_json` NUL-terminated; `out_json` NULL or valid for writes.
medcore_status medcore_billing_invoice_credit(medcore_billing_invoice *invoice,
                                              const char *note_json,
                                              char **out_json);

// Records a refund (`refund_json`, borrowed: `{id, amount, method, reason?}`). `*out_json`
// (NULL: not wanted) receives the totals as a new caller-owned JSON string.
//
// # Safety
// `invoice` a live handle; `refund_json` NUL-terminated; `out_json` NULL or valid for
// writes.
medcore_status medcore_billing_invoice_refund(medcore_billing_invoice *invoice,
                                              const char *refund_json,
                                              char **out_json);

// Voids the invoice (a draft, or an issued invoice with no payments).
//
// # Safety
// `invoice` a live handle.
medcore_status medcore_billing_invoice_void(medcore_billing_invoice *invoice);

// A plan from JSON (`plan_json`, borrowed): `{id, name?, currency, deductible_individual,
// deductible_family?, oop_max_individual, oop_max_family?, coinsurance (fraction, e.g.
// "0.20"), benefits: [{category, covered? (default true), copay?, coinsurance?,
// deductible_applies? (default true), preauth_required?, per_service_limit?, annual_limit?,
// annual_visit_limit?}]}`. The plan is validated (`MEDCORE_BILLING_INVALID_VALUE`). `*out`
// receives a new caller-owned handle.
//
// # Safety
// `plan_json` NUL-terminated; `out` valid for writes.
medcore_status medcore_billing_plan_from_json(const char *plan_json, medcore_billing_plan **out);

// Frees a plan. NULL is allowed.
//
// # Safety
// `plan` NULL or a live handle not used afterwards.
void medcore_billing_plan_free(medcore_billing_plan *plan);

// Adjudicates one claim. `claim_json` (borrowed) is `{id, member_id, lines: [{id, category,
// code?, billed, allowed?, preauthorized?}]}`; `accumulators_json` the plan-year
// accumulators returned by an earlier call, or NULL at the start of the plan year.
// `*out_adjudication_json` receives a new caller-owned string `{claim_id, member_id,
// currency, lines: [{line_id, billed, allowed, deductible, copay, coinsurance, plan_pays,
// patient_pays, adjustments: [{group ("CO", "PR"), code (CARC), amount}]}], summary:
// {billed, allowed, plan_pays, patient_pays, provider_write_off, deductible, copay,
// coinsurance, deductible_remaining, out_of_pocket_remaining}}`; `*out_accumulators_json`
// the updated accumulators `{members: {id: {deductible, out_of_pocket}}, family_deductible,
// family_out_of_pocket, category_paid, category_visits}` (pass them to the next call). On
// failure nothing is written and the caller's accumulators stay valid.
//
// # Safety
// `plan` a live handle; `claim_json` NUL-terminated; `accumulators_json` NULL or
// NUL-terminated; both out-pointers valid for writes.
medcore_status medcore_billing_plan_adjudicate(const medcore_billing_plan *plan,
                                               const char *claim_json,
                                               const char *accumulators_json,
                                               char **out_adjudication_json,
                                               char **out_accumulators_json);

// Adjudicates a plan year's claims in order, carrying the accumulators: `claims_json` is a
// JSON array of `medcore_billing_plan_adjudicate` claims, `accumulators_json` as there.
// `*out_adjudications_json` receives a new caller-owned JSON array of adjudications,
// `*out_accumulators_json` the accumulators after the last claim. The first failing claim
// fails the call (its message names it) and nothing is written.
//
// # Safety
// `plan` a live handle; `claims_json` NUL-terminated; `accumulators_json` NULL or
// NUL-terminated; both out-pointers valid for writes.
medcore_status medcore_billing_plan_adjudicate_many(const medcore_billing_plan *plan,
                                                    const char *claims_json,
                                                    const char *accumulators_json,
                                                    char **out_adjudications_json,
                                                    char **out_accumulators_json);

// Reads a resource from FHIR JSON (`json`, borrowed for the call). `strict` 1 rejects
// elements the models do not know (`MEDCORE_FHIR_UNKNOWN_ELEMENT`, naming the first); with 0
// they are kept. Either way, writing the resource back gives the same JSON (key order aside).
// Text that is not a FHIR resource fails with `MEDCORE_FHIR_JSON` or
// `MEDCORE_FHIR_MISSING_RESOURCE_TYPE`. `*out` receives a new caller-owned handle.
//
// # Safety
// `json` NUL-terminated; `out` valid for writes.
medcore_status medcore_fhir_resource_parse(const char *json,
                                           uint8_t strict,
                                           medcore_fhir_resource **out);

// Frees a resource. NULL is allowed.
//
// # Safety
// `resource` NULL or a live handle not used afterwards.
void medcore_fhir_resource_free(medcore_fhir_resource *resource);

// The resource type (e.g. `"Patient"`, `"Bundle"`), borrowed from the handle (valid while it
// lives), or NULL for NULL.
//
// # Safety
// `resource` NULL or a live handle.
const char *medcore_fhir_resource_type(const medcore_fhir_resource *resource);

// The logical id, borrowed from the handle (valid while it lives), or NULL when the resource
// has none (or for NULL).
//
// # Safety
// `resource` NULL or a live handle.
const char *medcore_fhir_resource_id(const medcore_fhir_resource *resource);

// The resource as compact FHIR JSON. `*out_json` receives a new caller-owned string (free
// with `medcore_string_free`).
//
// # Safety
// `resource` a live handle; `out_json` valid for writes.
medcore_status medcore_fhir_resource_to_json(const medcore_fhir_resource *resource,
                                             char **out_json);

// Structural validation (required elements, cardinality, required bindings; for a Bundle
// also duplicate entries and references that resolve nowhere). `*out_json` receives a new
// caller-owned JSON array of issues `[{severity ("error", "warning"), code (e.g.
// "FHIR_REQUIRED", "FHIR_BINDING"), location (e.g. "Observation.code"), message}]`, empty
// when nothing is found.
//
// # Safety
// `resource` a live handle; `out_json` valid for writes.
medcore_status medcore_fhir_resource_validate(const medcore_fhir_resource *resource,
                                              char **out_json);

// 1 when validation finds no error (warnings allowed), else 0 (also for NULL).
//
// # Safety
// `resource` NULL or a live handle.
uint8_t medcore_fhir_resource_is_valid(const medcore_fhir_resource *resource);

// The validation findings as an OperationOutcome resource. `*out_json` receives a new
// caller-owned FHIR JSON string.
//
// # Safety
// `resource` a live handle; `out_json` valid for writes.
medcore_status medcore_fhir_resource_operation_outcome(const medcore_fhir_resource *resource,
                                                       char **out_json);

// HL7 v2 segments from a Bundle resource: PID from its first Patient, PV1 from its first
// Encounter, one OBX per Observation. `*out_json` receives a new caller-owned string `{pid
// (text or null), pv1 (text or null), obx: [text, ...]}`; `*out_text` (NULL: not wanted) the
// same segments joined with `\r`. A resource that is not a Bundle fails with
// `MEDCORE_FHIR_CONVERSION`.
//
// # Safety
// `bundle` a live handle; `out_json` valid for writes; `out_text` NULL or valid for writes.
medcore_status medcore_fhir_resource_to_v2(const medcore_fhir_resource *bundle,
                                           char **out_json,
                                           char **out_text);

// The `medcore_fhir_resource_to_v2` segments of many Bundles: `bundles_json` is a JSON
// array of Bundle resources (read leniently); `*out_json` receives a new caller-owned JSON
// array with, per Bundle, `{pid, pv1, obx}` or `{"error": {"code", "message"}}`.
//
// # Safety
// `bundles_json` NUL-terminated; `out_json` valid for writes.
medcore_status medcore_fhir_to_v2_batch(const char *bundles_json, char **out_json);

// Converts one HL7 v2 message (`text`, `len` bytes of UTF-8, borrowed) to a FHIR R4 Bundle
// (HL7 V2-to-FHIR IG mappings). `options_json` is NULL (defaults) or `{bundle_kind ("batch"
// default, "transaction"), default_offset (e.g. "+01:00", "Z"; the offset assumed for v2
// times sent without one)}`. `*out_bundle_json` receives a new caller-owned string: the
// Bundle as FHIR JSON; `*out_warnings_json` (NULL: not wanted) a new caller-owned JSON array
// `[{location (e.g. "PID-7"), message}]` of what could not be carried over exactly. Fails
// with `MEDCORE_FHIR_HL7_PARSE` or `MEDCORE_FHIR_CONVERSION`.
//
// # Safety
// `text` points to `len` readable bytes; `options_json` NULL or NUL-terminated;
// `out_bundle_json` valid for writes; `out_warnings_json` NULL or valid for writes.
medcore_status medcore_fhir_from_v2(const char *text,
                                    size_t len,
                                    const char *options_json,
                                    char **out_bundle_json,
                                    char **out_warnings_json);

// Converts `count` HL7 v2 messages (`texts[i]`, `lens[i]` bytes each, borrowed) in one call.
// `options_json` as for `medcore_fhir_from_v2`. `*out_json` receives a new caller-owned JSON
// array with, per message, `{bundle: <Bundle>, warnings: [...]}` or `{"error": {"code",
// "message"}}`.
//
// # Safety
// `texts` and `lens` hold `count` entries (`texts[i]` readable for `lens[i]` bytes);
// `options_json` NULL or NUL-terminated; `out_json` valid for writes.
medcore_status medcore_fhir_from_v2_batch(const char *const *texts,
                                          const size_t *lens,
                                          size_t count,
                                          const char *options_json,
                                          char **out_json);

// De-identifies a resource (or every resource of a Bundle, with ids, fullUrls and references
// rewritten consistently) under HIPAA Safe Harbor. `policy_json` (borrowed) is the pii
// de-identification policy `{as_of ("2024-01-01": the date ages are computed at), tenant
// (keys tokens), overrides: {<identifier kind>: "remove" | "tokenize" | "keep" | ...}}`;
// `tokenizer` (NULL: none) keys the tokens and the replacement ids (without one, ids become
// sequence numbers). `*out_json` receives a new caller-owned string `{value: <the
// de-identified resource>, changes: [{path, kind, action}]}`.
//
// # Safety
// `resource` a live handle; `policy_json` NUL-terminated; `tokenizer` NULL or a live
// tokenizer; `out_json` valid for writes.
medcore_status medcore_fhir_resource_deidentify(const medcore_fhir_resource *resource,
                                                const char *policy_json,
                                                const medcore_pii_tokenizer *tokenizer,
                                                char **out_json);

// Applies authorization obligations to a resource (or every resource of a Bundle): MASK
// masks the element the obligation's kind names, REDACT removes it; other obligations are
// ignored. `obligations_json` (borrowed) is a JSON array of authz obligations, e.g.
// `[{"code": "MASK", "field": "ssn", "kind": "ssn"}, {"code": "REDACT", "field": "notes"}]`
// (the obligations a decision returns, `medcore_authz_decision_to_json`). `*out_json`
// receives a new caller-owned string `{value: <the masked resource>, changes: [{path,
// obligation, field}]}`.
//
// # Safety
// `resource` a live handle; `obligations_json` NUL-terminated; `out_json` valid for writes.
medcore_status medcore_fhir_resource_mask(const medcore_fhir_resource *resource,
                                          const char *obligations_json,
                                          char **out_json);

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

// The built-in profile `name` (`"lenient"` or `"strict"`). Another name gives
// `MEDCORE_HL7_PROFILE_INVALID`.
//
// # Safety
// `name` NUL-terminated; `out` valid for writes.
medcore_status medcore_hl7_profile_builtin(const char *name, medcore_hl7_profile **out);

// A custom profile from `len` bytes of JSON at `text` (it may extend a built-in profile).
// A malformed profile gives `MEDCORE_HL7_PROFILE_INVALID` with the line and column.
//
// # Safety
// `text` must point to `len` bytes; `out` valid for writes.
medcore_status medcore_hl7_profile_from_json(const char *text,
                                             size_t len,
                                             medcore_hl7_profile **out);

// A custom profile from `len` bytes of TOML at `text`, as `medcore_hl7_profile_from_json`.
//
// # Safety
// `text` must point to `len` bytes; `out` valid for writes.
medcore_status medcore_hl7_profile_from_toml(const char *text,
                                             size_t len,
                                             medcore_hl7_profile **out);

// A custom profile from text: JSON when it starts with `{`, TOML otherwise.
//
// # Safety
// `text` must point to `len` bytes; `out` valid for writes.
medcore_status medcore_hl7_profile_from_text(const char *text,
                                             size_t len,
                                             medcore_hl7_profile **out);

// The profile's name: a new string.
//
// # Safety
// `profile` a live profile; `out` valid for writes.
medcore_status medcore_hl7_profile_name(const medcore_hl7_profile *profile, char **out);

// Frees a profile. NULL is allowed.
//
// # Safety
// `profile` must be NULL or a live profile that is not used afterwards.
void medcore_hl7_profile_free(medcore_hl7_profile *profile);

// A validator for `profile` (copied: the profile may be freed afterwards).
//
// # Safety
// `profile` a live profile; `out` valid for writes.
medcore_status medcore_hl7_validator_new(const medcore_hl7_profile *profile,
                                         medcore_hl7_validator **out);

// Frees a validator. NULL is allowed.
//
// # Safety
// `validator` must be NULL or a live validator that is not used afterwards.
void medcore_hl7_validator_free(medcore_hl7_validator *validator);

// Validates a parsed message: structure, data types, tables and the profile's rules.
// `*out` receives a new report (free with `medcore_hl7_report_free`).
//
// # Safety
// `validator` and `msg` live handles; `out` valid for writes.
medcore_status medcore_hl7_validate(const medcore_hl7_validator *validator,
                                    const medcore_hl7_message *msg,
                                    medcore_hl7_report **out);

// Validates `count` messages in one call: `out_reports[i]` receives the report of
// `messages[i]`. When an argument is unusable (a NULL array or message) nothing is written.
//
// # Safety
// `messages` must hold `count` live messages; `out_reports` valid for `count` writes.
medcore_status medcore_hl7_validate_many(const medcore_hl7_validator *validator,
                                         const medcore_hl7_message *const *messages,
                                         size_t count,
                                         medcore_hl7_report **out_reports);

// Frees a report. NULL is allowed.
//
// # Safety
// `report` must be NULL or a live report that is not used afterwards.
void medcore_hl7_report_free(medcore_hl7_report *report);

// The report's summary (message identity, definitions, structure and issue counts).
//
// # Safety
// `report` a live report; `out` valid for writes.
medcore_status medcore_hl7_report_get_summary(const medcore_hl7_report *report,
                                              medcore_hl7_report_summary *out);

// Issue `index` (0-based, in message order). An index out of range gives
// `MEDCORE_INVALID_ARGUMENT`.
//
// # Safety
// `report` a live report; `out` valid for writes.
medcore_status medcore_hl7_report_issue(const medcore_hl7_report *report,
                                        size_t index,
                                        medcore_hl7_issue *out);

// The ACK code a report calls for: `AR` when an error says the message type, event,
// processing id or version is unsupported, `AE` for any other error, `AA` otherwise.
// `MEDCORE_HL7_ACK_DERIVE` for a NULL report.
//
// # Safety
// `report` must be NULL or a live report.
medcore_hl7_ack_code medcore_hl7_ack_code_for_report(const medcore_hl7_report *report);

// Builds the ACK for `msg` from its validation `report`: MSH with sender and receiver
// swapped, MSA with the code and the original control id, one ERR per error (and per warning
// when asked). `*out` receives the ACK text (segments end with CR), `*out_len` (if not NULL)
// its length.
//
// # Safety
// `msg` and `report` live handles; `options` points to valid options; `out` valid for writes;
// `out_len` NULL or valid for writes.
medcore_status medcore_hl7_build_ack(const medcore_hl7_message *msg,
                                     const medcore_hl7_report *report,
                                     const medcore_hl7_ack_options *options,
                                     char **out,
                                     size_t *out_len);

// A keyring from a key spec: `id:base64url-key[:state],...` with states `primary`,
// `decrypt-only`, `disabled`, `destroyed` (e.g. `1:AAEC...:decrypt-only,2:ICEi...`; the highest
// live id without a state is primary). A malformed spec is `MEDCORE_PII_KEY_FORMAT`. `*out`
// receives a new caller-owned keyring.
//
// # Safety
// `spec` NUL-terminated; `out` valid for writes.
medcore_status medcore_pii_keyring_from_spec(const char *spec, medcore_pii_keyring **out);

// A keyring from the key spec in environment variable `var` (e.g. `MEDCORE_PII_KEYS`).
// `*out` receives a new caller-owned keyring.
//
// # Safety
// `var` NUL-terminated; `out` valid for writes.
medcore_status medcore_pii_keyring_from_env(const char *var, medcore_pii_keyring **out);

// A keyring whose only key is version 1 made of 32 raw bytes (borrowed for the call).
// `*out` receives a new caller-owned keyring.
//
// # Safety
// `key` points to `len` bytes; `out` valid for writes.
medcore_status medcore_pii_keyring_from_raw_key(const uint8_t *key,
                                                size_t len,
                                                medcore_pii_keyring **out);

// A keyring from a wrapped keyring document (JSON: `{format: "medcore-pii-keyring/1",
// kek_id, min_decryption_version, keys: [{id, state, wrapped (base64url, absent when
// destroyed)}]}`), each key unwrapped by `unwrap(user_data, ...)` during this call. A refused
// unwrap is `MEDCORE_PII_UNWRAP` naming the key. `*out` receives a new caller-owned keyring.
//
// # Safety
// `document_json` NUL-terminated; `unwrap` a function safe to call with `user_data`; `out`
// valid for writes.
medcore_status medcore_pii_keyring_from_document(const char *document_json,
                                                 medcore_pii_unwrap_fn unwrap,
                                                 void *user_data,
                                                 medcore_pii_keyring **out);

// The keyring's primary key id (0 when it has none, e.g. only decrypt-only keys).
//
// # Safety
// `keyring` NULL or a live keyring.
uint32_t medcore_pii_keyring_primary_id(const medcore_pii_keyring *keyring);

// The keyring's keys and their states as JSON: `*out_json` receives a new caller-owned string
// `[{id, state, ...}, ..]` (no key material).
//
// # Safety
// `keyring` a live keyring; `out_json` valid for writes.
medcore_status medcore_pii_keyring_status(const medcore_pii_keyring *keyring, char **out_json);

// Frees a keyring (its key material is zeroized). NULL is allowed.
//
// # Safety
// `keyring` NULL or a live keyring not used afterwards.
void medcore_pii_keyring_free(medcore_pii_keyring *keyring);

// Encrypts `len` bytes for one field under the primary key (AES-256-GCM, fresh nonce):
// `*out_envelope` receives a new caller-owned text envelope (`mc1:...`).
//
// # Safety
// `keyring` live; `context` valid; `data` points to `len` bytes; `out_envelope` valid for
// writes.
medcore_status medcore_pii_encrypt(const medcore_pii_keyring *keyring,
                                   const medcore_pii_field_context *context,
                                   const uint8_t *data,
                                   size_t len,
                                   char **out_envelope);

// Decrypts a text (or binary-as-text) envelope for one field: `*out_data` receives a new
// caller-owned buffer of `*out_len` bytes (free with `medcore_bytes_free`; clear it first if
// it must not linger). Tampering, a wrong key or a wrong context is
// `MEDCORE_PII_AUTH_FAILED`; key states give `MEDCORE_PII_KEY_*`.
//
// # Safety
// `keyring` live; `context` valid; `envelope` NUL-terminated; outputs valid for writes.
medcore_status medcore_pii_decrypt(const medcore_pii_keyring *keyring,
                                   const medcore_pii_field_context *context,
                                   const char *envelope,
                                   uint8_t **out_data,
                                   size_t *out_len);

// Encrypts `count` fields: `datas[i]` of `lens[i]` bytes under `contexts[i]`;
// `out_envelopes[i]` receives a new caller-owned envelope or NULL, `out_statuses[i]` its
// status. `MEDCORE_OK` when the arguments were usable.
//
// # Safety
// Every array holds `count` items; each `datas[i]` points to `lens[i]` bytes.
medcore_status medcore_pii_encrypt_batch(const medcore_pii_keyring *keyring,
                                         const medcore_pii_field_context *contexts,
                                         const uint8_t *const *datas,
                                         const size_t *lens,
                                         size_t count,
                                         char **out_envelopes,
                                         medcore_status *out_statuses);

// Decrypts `count` envelopes under their contexts: `out_datas[i]` receives a new caller-owned
// buffer of `out_lens[i]` bytes (free with `medcore_bytes_free`) or NULL, `out_statuses[i]`
// its status. `MEDCORE_OK` when the arguments were usable.
//
// # Safety
// Every array holds `count` items; each envelope is NUL-terminated.
medcore_status medcore_pii_decrypt_batch(const medcore_pii_keyring *keyring,
                                         const medcore_pii_field_context *contexts,
                                         const char *const *envelopes,
                                         size_t count,
                                         uint8_t **out_datas,
                                         size_t *out_lens,
                                         medcore_status *out_statuses);

// Re-encrypts an envelope under the primary key without handing out the plaintext (key
// rotation): `*out_envelope` receives a new caller-owned envelope (deterministic stays
// deterministic).
//
// # Safety
// `keyring` live; `context` valid; `envelope` NUL-terminated; `out_envelope` valid for writes.
medcore_status medcore_pii_rewrap(const medcore_pii_keyring *keyring,
                                  const medcore_pii_field_context *context,
                                  const char *envelope,
                                  char **out_envelope);

// Deterministic encryption bound to a column (AES-256-GCM-SIV: equal plaintexts give equal
// envelopes in one column, for equality lookups). `*out_envelope` receives a new caller-owned
// envelope.
//
// # Safety
// `keyring` live; `column` valid; `data` points to `len` bytes; `out_envelope` valid for writes.
medcore_status medcore_pii_encrypt_deterministic(const medcore_pii_keyring *keyring,
                                                 const medcore_pii_column_context *column,
                                                 const uint8_t *data,
                                                 size_t len,
                                                 char **out_envelope);

// Decrypts a deterministic envelope of a column (outputs as `medcore_pii_decrypt`).
//
// # Safety
// As for `medcore_pii_decrypt`.
medcore_status medcore_pii_decrypt_deterministic(const medcore_pii_keyring *keyring,
                                                 const medcore_pii_column_context *column,
                                                 const char *envelope,
                                                 uint8_t **out_data,
                                                 size_t *out_len);

// The blind index of a value in a column (`bi1:<key id>:...`, a keyed hash for equality
// search over encrypted data) under key `key_id` (0: the primary key; other live ids serve
// migration queries). `*out` receives a new caller-owned string.
//
// # Safety
// `keyring` live; `column` valid; `data` points to `len` bytes; `out` valid for writes.
medcore_status medcore_pii_blind_index(const medcore_pii_keyring *keyring,
                                       uint32_t key_id,
                                       const medcore_pii_column_context *column,
                                       const uint8_t *data,
                                       size_t len,
                                       char **out);

// A tokenizer from a key spec `id:base64url-key,...` (the highest id tokenizes; the others
// still verify and rekey). `*out` receives a new caller-owned tokenizer.
//
// # Safety
// `spec` NUL-terminated; `out` valid for writes.
medcore_status medcore_pii_tokenizer_from_spec(const char *spec, medcore_pii_tokenizer **out);

// A tokenizer from the key spec in environment variable `var`. `*out` receives a new
// caller-owned tokenizer.
//
// # Safety
// `var` NUL-terminated; `out` valid for writes.
medcore_status medcore_pii_tokenizer_from_env(const char *var, medcore_pii_tokenizer **out);

// Frees a tokenizer. NULL is allowed.
//
// # Safety
// `tokenizer` NULL or a live tokenizer not used afterwards.
void medcore_pii_tokenizer_free(medcore_pii_tokenizer *tokenizer);

// The token of a value: `type` is a PII type (`ssn`, `mrn`, `email`, `phone`, `name`, `dob`,
// `zip`, ...); the value is normalised first (a value that cannot be read as its type is
// `MEDCORE_PII_NORMALIZE`). `*out` receives a new caller-owned token text
// (`mct1:<type>:<key id>:...`).
//
// # Safety
// `tokenizer` live; strings NUL-terminated; `out` valid for writes.
medcore_status medcore_pii_tokenize(const medcore_pii_tokenizer *tokenizer,
                                    const char *pii_type,
                                    const char *tenant,
                                    const char *value,
                                    char **out);

// A token re-made under the tokenizer's current key (without the original value). `*out`
// receives a new caller-owned token text.
//
// # Safety
// `tokenizer` live; strings NUL-terminated; `out` valid for writes.
medcore_status medcore_pii_rekey(const medcore_pii_tokenizer *tokenizer,
                                 const char *tenant,
                                 const char *token,
                                 char **out);

// A value masked for display (`***-**-6789` for an SSN); a value that cannot be read as its
// type is fully masked. `*out` receives a new caller-owned string.
//
// # Safety
// Strings NUL-terminated; `out` valid for writes.
medcore_status medcore_pii_mask(const char *pii_type, const char *value, char **out);

// De-identifies an HL7 v2 PID segment (HIPAA Safe Harbor): `policy_json` is `{as_of:
// "YYYY-MM-DD", overrides: {identifier kind: action}, tenant}`; `tokenizer` may be NULL unless
// an action tokenizes. `*out_json` receives a new caller-owned string `{segment, changes:
// [{field, kind, action}], age}`.
//
// # Safety
// `segment`, `policy_json` NUL-terminated; `tokenizer` NULL or live; `out_json` valid for
// writes.
medcore_status medcore_pii_deidentify_pid(const char *segment,
                                          const char *policy_json,
                                          const medcore_pii_tokenizer *tokenizer,
                                          char **out_json);

// The Safe Harbor three-digit ZIP area of a ZIP code (`000` for restricted areas): `*out`
// receives a new caller-owned string, or NULL when `zip` is not a ZIP code.
//
// # Safety
// `zip` NUL-terminated; `out` valid for writes.
medcore_status medcore_pii_zip3(const char *zip, char **out);

// The Safe Harbor age category (`90+` above 89, the age otherwise): `*out` receives a new
// caller-owned string.
//
// # Safety
// `out` valid for writes.
medcore_status medcore_pii_age_category(uint32_t age, char **out);

// The bundled Andorra map (OpenStreetMap, ODbL) imported and prepared for `profile`: `"car"`
// or `"emergency"`. `*out` receives a new caller-owned graph. Preparation takes about a
// second in an optimised build: keep the graph.
//
// # Safety
// `profile` NUL-terminated; `out` valid for writes.
medcore_status medcore_routing_graph_new_andorra(const char *profile, medcore_routing_graph **out);

// A graph from a prepared graph file (the bytes `medcore_routing_graph_save` writes; `data`
// is borrowed for the call). A damaged or foreign file is `MEDCORE_ROUTING_GRAPH_FILE`.
// `*out` receives a new caller-owned graph.
//
// # Safety
// `data` points to `len` bytes; `out` valid for writes.
medcore_status medcore_routing_graph_load(const uint8_t *data,
                                          size_t len,
                                          medcore_routing_graph **out);

// The graph as a prepared graph file: `*out_data` receives a new caller-owned buffer of
// `*out_len` bytes, freed with `medcore_bytes_free(data, len)`.
//
// # Safety
// `graph` a live graph; `out_data` and `out_len` valid for writes.
medcore_status medcore_routing_graph_save(const medcore_routing_graph *graph,
                                          uint8_t **out_data,
                                          size_t *out_len);

// Frees a buffer returned by medcore with its length. NULL is allowed.
//
// # Safety
// `data` NULL or a buffer of `len` bytes returned by medcore and not freed yet.
void medcore_bytes_free(uint8_t *data, size_t len);

// The number of nodes (junctions) of the graph; 0 for NULL.
//
// # Safety
// `graph` NULL or a live graph.
size_t medcore_routing_graph_node_count(const medcore_routing_graph *graph);

// Frees a graph. NULL is allowed.
//
// # Safety
// `graph` NULL or a live graph not used afterwards.
void medcore_routing_graph_free(medcore_routing_graph *graph);

// The travel time between two nodes, integer milliseconds, into `*out_ms`
// (`MEDCORE_ROUTING_UNREACHABLE` when there is no path). A node id out of range is
// `MEDCORE_ROUTING_NODE_OUT_OF_RANGE`.
//
// # Safety
// `graph` a live graph; `out_ms` valid for writes.
medcore_status medcore_routing_travel_time(const medcore_routing_graph *graph,
                                           uint32_t from_node,
                                           uint32_t to_node,
                                           uint32_t *out_ms);

// Travel times for `count` node pairs `(from_nodes[i], to_nodes[i])` into `out_ms[i]`
// (`MEDCORE_ROUTING_UNREACHABLE` when there is no path).
//
// # Safety
// `graph` a live graph; the three arrays hold `count` items.
medcore_status medcore_routing_travel_time_batch(const medcore_routing_graph *graph,
                                                 const uint32_t *from_nodes,
                                                 const uint32_t *to_nodes,
                                                 size_t count,
                                                 uint32_t *out_ms);

// The fastest route between two positions, each snapped to the road within `radius_m`
// metres (`MEDCORE_ROUTING_NO_ROAD_NEARBY` when there is none). `*out` receives the figures;
// when `out_json` is not NULL it receives a new caller-owned string with the whole route
// (`null` when none): `{travel_time_ms, travel_time_s, distance_m, nodes: [..], edges: [..],
// coordinates: [{lat, lon}, ..]}`.
//
// # Safety
// `graph` a live graph; `out` valid for writes; `out_json` NULL or valid for writes.
medcore_status medcore_routing_route(const medcore_routing_graph *graph,
                                     medcore_routing_latlon from,
                                     medcore_routing_latlon to,
                                     double radius_m,
                                     medcore_routing_route_summary *out,
                                     char **out_json);

// The fastest route between two nodes (as `medcore_routing_route`).
//
// # Safety
// `graph` a live graph; `out` valid for writes; `out_json` NULL or valid for writes.
medcore_status medcore_routing_route_nodes(const medcore_routing_graph *graph,
                                           uint32_t from_node,
                                           uint32_t to_node,
                                           medcore_routing_route_summary *out,
                                           char **out_json);

// The travel-time matrix from `source_count` source nodes to `target_count` target nodes:
// `out_ms[i * target_count + j]` receives the time from source i to target j
// (`MEDCORE_ROUTING_UNREACHABLE` when there is no path).
//
// # Safety
// `graph` a live graph; the arrays hold their counts; `out_ms` holds `source_count *
// target_count` items.
medcore_status medcore_routing_matrix(const medcore_routing_graph *graph,
                                      const uint32_t *sources,
                                      size_t source_count,
                                      const uint32_t *targets,
                                      size_t target_count,
                                      uint32_t *out_ms);

// Snaps a position to the nearest road within `radius_m` metres (optionally matching a
// heading, degrees; NAN: none). `*out_json` receives a new caller-owned string: the snap
// (`{edge, from_node, to_node, fraction, position: {lat, lon}, distance_m, ...}`).
//
// # Safety
// `graph` a live graph; `out_json` valid for writes.
medcore_status medcore_routing_snap(const medcore_routing_graph *graph,
                                    medcore_routing_latlon position,
                                    double heading_deg,
                                    double radius_m,
                                    char **out_json);

// Speed factors on edges (live traffic): `factors_json` is `[{edge, factor}, ..]` (1 = free
// flow, 0.5 = half speed, 0 = closed). Re-customizes the graph (exact; the node order stays).
//
// # Safety
// `graph` a live graph not used by other threads meanwhile only through this API;
// `factors_json` NUL-terminated.
medcore_status medcore_routing_graph_set_speed_factors(const medcore_routing_graph *graph,
                                                       const char *factors_json);

// Applies a time-of-day profile at `second_of_day` (local time): `profile_json` is
// `{classes: [{class, factors: [24 hourly multipliers]}]}`, `"urban_weekday"` for the built-in
// profile, or NULL to remove the profile. Re-customizes the graph.
//
// # Safety
// `graph` a live graph; `profile_json` NULL or NUL-terminated.
medcore_status medcore_routing_graph_set_time_of_day(const medcore_routing_graph *graph,
                                                     const char *profile_json,
                                                     uint32_t second_of_day);

// Removes all traffic (speed factors and time-of-day profile): free flow again.
//
// # Safety
// `graph` a live graph.
medcore_status medcore_routing_graph_clear_traffic(const medcore_routing_graph *graph);

// Places a fleet on `graph`: `units_json` is `[{id, unit_type: "als"|"bls"|..., status:
// "available"|"on_scene"|"out_of_service"|..., last_fix: {position: {lat, lon}, heading_deg,
// timestamp_s}}, ..]`; units further than `snap_radius_m` from a road are left unplaced.
// `*out` receives a new caller-owned dispatcher (use it with the same graph).
//
// # Safety
// `graph` a live graph; `units_json` NUL-terminated; `out` valid for writes.
medcore_status medcore_routing_dispatcher_new(const medcore_routing_graph *graph,
                                              const char *units_json,
                                              double snap_radius_m,
                                              medcore_routing_dispatcher **out);

// The nearest capable available unit by road for one incident: `incident_json` is `{id,
// location: {lat, lon}, priority: "immediate"|"urgent"|...}`; `*out_json` receives a new
// caller-owned string `{incident_id, unit_id (null when none), eta_ms, reason}`.
//
// # Safety
// `dispatcher` and `graph` live; `incident_json` NUL-terminated; `out_json` valid for writes.
medcore_status medcore_routing_nearest_unit(const medcore_routing_dispatcher *dispatcher,
                                            const medcore_routing_graph *graph,
                                            const char *incident_json,
                                            char **out_json);

// The nearest unit for each of many incidents independently (a JSON array in, a JSON array
// of choices out, caller-owned).
//
// # Safety
// As for `medcore_routing_nearest_unit`.
medcore_status medcore_routing_nearest_units(const medcore_routing_dispatcher *dispatcher,
                                             const medcore_routing_graph *graph,
                                             const char *incidents_json,
                                             char **out_json);

// Distinct units for several incidents at once, minimising the total ETA (exact):
// `*out_json` receives a new caller-owned string `{choices: [{incident_id, unit_id, eta_ms,
// reason}], total_response_s, ...}`.
//
// # Safety
// As for `medcore_routing_nearest_unit`.
medcore_status medcore_routing_assign(const medcore_routing_dispatcher *dispatcher,
                                      const medcore_routing_graph *graph,
                                      const char *incidents_json,
                                      char **out_json);

// Frees a dispatcher. NULL is allowed.
//
// # Safety
// `dispatcher` NULL or a live dispatcher not used afterwards.
void medcore_routing_dispatcher_free(medcore_routing_dispatcher *dispatcher);

// Chooses the destination hospital for a patient at `from` (snapped within `radius_m`):
// `needs_json` is the patient's needs (`{condition: "stemi"|"stroke"|"trauma"|..., ...}`),
// `hospitals_json` an array of `{id, name, location: {lat, lon}, capabilities...}`.
// `*out_json` receives a new caller-owned string: the choice with every hospital's
// assessment and the basis of the choice.
//
// # Safety
// `graph` a live graph; the JSON texts NUL-terminated; `out_json` valid for writes.
medcore_status medcore_routing_select_hospital(const medcore_routing_graph *graph,
                                               medcore_routing_latlon from,
                                               const char *needs_json,
                                               const char *hospitals_json,
                                               double radius_m,
                                               char **out_json);

// Geofences from `defs_json`: `[{id, polygon: [{lat, lon}, ..]}, ..]` (at least three
// points each; a malformed one is `MEDCORE_ROUTING_GEOFENCE`). `*out` receives a new
// caller-owned set.
//
// # Safety
// `defs_json` NUL-terminated; `out` valid for writes.
medcore_status medcore_routing_geofences_new(const char *defs_json,
                                             medcore_routing_geofences **out);

// The ids of the geofences containing a position: `*out` receives a new caller-owned list
// (free with `medcore_string_list_free`).
//
// # Safety
// `set` a live set; `out` valid for writes.
medcore_status medcore_routing_geofences_containing(const medcore_routing_geofences *set,
                                                    medcore_routing_latlon position,
                                                    medcore_string_list **out);

// Feeds track points (`track_json`: `[{unit_id, timestamp_s, position: {lat, lon}}, ..]`, a
// single object is also accepted) and returns the enter/exit events they reveal:
// `*out_json` receives a new caller-owned string `[{unit_id, geofence_id, kind:
// "enter"|"exit", timestamp_s, position}, ..]`.
//
// # Safety
// `set` a live set not used by another thread meanwhile; `track_json` NUL-terminated;
// `out_json` valid for writes.
medcore_status medcore_routing_geofences_update(medcore_routing_geofences *set,
                                                const char *track_json,
                                                char **out_json);

// Forgets every unit's inside/outside state.
//
// # Safety
// `set` a live set not used by another thread meanwhile.
medcore_status medcore_routing_geofences_reset(medcore_routing_geofences *set);

// Frees a geofence set. NULL is allowed.
//
// # Safety
// `set` NULL or a live set not used afterwards.
void medcore_routing_geofences_free(medcore_routing_geofences *set);

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

// The score's summary.
//
// # Safety
// `score` a live score; `out` valid for writes.
medcore_status medcore_triage_score_get_summary(const medcore_triage_score *score,
                                                medcore_triage_score_summary *out);

// Scored parameter `index` (0-based). An index out of range gives `MEDCORE_INVALID_ARGUMENT`.
//
// # Safety
// `score` a live score; `out` valid for writes.
medcore_status medcore_triage_score_parameter(const medcore_triage_score *score,
                                              size_t index,
                                              medcore_triage_parameter *out);

// Missing parameter `index` (0-based), e.g. `spo2`, borrowed from the score; NULL when out of
// range or for a NULL score.
//
// # Safety
// `score` must be NULL or a live score.
const char *medcore_triage_score_missing(const medcore_triage_score *score, size_t index);

// Frees a score. NULL is allowed.
//
// # Safety
// `score` must be NULL or a live score that is not used afterwards.
void medcore_triage_score_free(medcore_triage_score *score);

// NEWS2 for one set of observations. `*out` receives a new score.
//
// # Safety
// `input` points to a valid input (its strings NULL or NUL-terminated); `out` valid for writes.
medcore_status medcore_triage_news2(const medcore_triage_news2_input *input,
                                    medcore_triage_score **out);

// NEWS2 for `count` sets of observations (see the batch conventions of
// `medcore_triage_qsofa_batch`).
//
// # Safety
// `inputs` holds `count` valid inputs; `out_scores` and `out_statuses` valid for `count` writes.
medcore_status medcore_triage_news2_batch(const medcore_triage_news2_input *inputs,
                                          size_t count,
                                          medcore_triage_score **out_scores,
                                          medcore_status *out_statuses);

// qSOFA for one patient. `*out` receives a new score.
//
// # Safety
// `input` points to a valid input; `out` valid for writes.
medcore_status medcore_triage_qsofa(const medcore_triage_qsofa_input *input,
                                    medcore_triage_score **out);

// qSOFA for `count` patients in one call. For each `i`, `out_scores[i]` receives a score (or
// NULL) and `out_statuses[i]` its status. Returns `MEDCORE_OK` when the arguments were usable,
// even if some inputs failed; the last error then describes the last failed input. Every
// `medcore_triage_*_batch` call follows these conventions.
//
// # Safety
// `inputs` holds `count` valid inputs; `out_scores` and `out_statuses` valid for `count` writes.
medcore_status medcore_triage_qsofa_batch(const medcore_triage_qsofa_input *inputs,
                                          size_t count,
                                          medcore_triage_score **out_scores,
                                          medcore_status *out_statuses);

// SIRS criteria for one patient. `*out` receives a new score.
//
// # Safety
// `input` points to a valid input; `out` valid for writes.
medcore_status medcore_triage_sirs(const medcore_triage_sirs_input *input,
                                   medcore_triage_score **out);

// SIRS for `count` patients (batch conventions of `medcore_triage_qsofa_batch`).
//
// # Safety
// `inputs` holds `count` valid inputs; `out_scores` and `out_statuses` valid for `count` writes.
medcore_status medcore_triage_sirs_batch(const medcore_triage_sirs_input *inputs,
                                         size_t count,
                                         medcore_triage_score **out_scores,
                                         medcore_status *out_statuses);

// GCS for one patient. `*out` receives a new score.
//
// # Safety
// `input` points to a valid input; `out` valid for writes.
medcore_status medcore_triage_gcs(const medcore_triage_gcs_input *input,
                                  medcore_triage_score **out);

// GCS for `count` patients (batch conventions of `medcore_triage_qsofa_batch`).
//
// # Safety
// `inputs` holds `count` valid inputs; `out_scores` and `out_statuses` valid for `count` writes.
medcore_status medcore_triage_gcs_batch(const medcore_triage_gcs_input *inputs,
                                        size_t count,
                                        medcore_triage_score **out_scores,
                                        medcore_status *out_statuses);

// MEWS (Subbe 2001) for one patient. `*out` receives a new score.
//
// # Safety
// `input` points to a valid input; `out` valid for writes.
medcore_status medcore_triage_mews(const medcore_triage_mews_input *input,
                                   medcore_triage_score **out);

// MEWS for `count` patients (batch conventions of `medcore_triage_qsofa_batch`).
//
// # Safety
// `inputs` holds `count` valid inputs; `out_scores` and `out_statuses` valid for `count` writes.
medcore_status medcore_triage_mews_batch(const medcore_triage_mews_input *inputs,
                                         size_t count,
                                         medcore_triage_score **out_scores,
                                         medcore_status *out_statuses);

// PEWS (Monaghan 2005, APLS age ranges) for one child. `*out` receives a new score.
//
// # Safety
// `input` points to a valid input; `out` valid for writes.
medcore_status medcore_triage_pews(const medcore_triage_pews_input *input,
                                   medcore_triage_score **out);

// PEWS for `count` children (batch conventions of `medcore_triage_qsofa_batch`).
//
// # Safety
// `inputs` holds `count` valid inputs; `out_scores` and `out_statuses` valid for `count` writes.
medcore_status medcore_triage_pews_batch(const medcore_triage_pews_input *inputs,
                                         size_t count,
                                         medcore_triage_score **out_scores,
                                         medcore_status *out_statuses);

// START for one adult. `*out` receives a new result.
//
// # Safety
// `input` points to a valid input; `out` valid for writes.
medcore_status medcore_triage_start(const medcore_triage_mci_input *input,
                                    medcore_triage_mci_result **out);

// JumpSTART for one child. `*out` receives a new result.
//
// # Safety
// `input` points to a valid input; `out` valid for writes.
medcore_status medcore_triage_jumpstart(const medcore_triage_mci_input *input,
                                        medcore_triage_mci_result **out);

// START or JumpSTART chosen by age (JumpSTART below 9 years). `*out` receives a new result.
//
// # Safety
// `input` points to a valid input; `out` valid for writes.
medcore_status medcore_triage_mci(const medcore_triage_mci_input *input,
                                  medcore_triage_mci_result **out);

// `medcore_triage_mci` for `count` casualties (batch conventions of
// `medcore_triage_qsofa_batch`).
//
// # Safety
// `inputs` holds `count` valid inputs; `out_results` and `out_statuses` valid for `count`
// writes.
medcore_status medcore_triage_mci_batch(const medcore_triage_mci_input *inputs,
                                        size_t count,
                                        medcore_triage_mci_result **out_results,
                                        medcore_status *out_statuses);

// The whole result as JSON text: `{protocol, category, colour, global_sort (SALT only), path,
// partial, missing, citation}`. `*out_json` receives a new caller-owned string (free with
// `medcore_string_free`).
//
// # Safety
// `result` a live result; `out_json` valid for writes.
medcore_status medcore_triage_mci_result_to_json(const medcore_triage_mci_result *result,
                                                 char **out_json);

// The result's summary.
//
// # Safety
// `result` a live result; `out` valid for writes.
medcore_status medcore_triage_mci_get_summary(const medcore_triage_mci_result *result,
                                              medcore_triage_mci_summary *out);

// Step `index` (0-based) of the path the algorithm took, borrowed from the result; NULL when
// out of range or for a NULL result.
//
// # Safety
// `result` must be NULL or a live result.
const char *medcore_triage_mci_path(const medcore_triage_mci_result *result, size_t index);

// Missing finding `index` (0-based), e.g. `respiration_rate`, borrowed from the result; NULL
// when out of range or for a NULL result.
//
// # Safety
// `result` must be NULL or a live result.
const char *medcore_triage_mci_missing(const medcore_triage_mci_result *result, size_t index);

// Frees a result. NULL is allowed.
//
// # Safety
// `result` must be NULL or a live result that is not used afterwards.
void medcore_triage_mci_result_free(medcore_triage_mci_result *result);

// SALT for one casualty. `*out` receives a new result (caller-owned; free with
// `medcore_triage_mci_result_free`); its summary carries the global sort priority.
//
// # Safety
// `input` points to a valid input; `out` valid for writes.
medcore_status medcore_triage_salt(const medcore_triage_salt_input *input,
                                   medcore_triage_mci_result **out);

// SALT for `count` casualties (batch conventions of `medcore_triage_qsofa_batch`): each
// `out_results[i]` is a new caller-owned result or NULL, `out_statuses[i]` its status.
//
// # Safety
// `inputs` holds `count` valid inputs; `out_results` and `out_statuses` valid for `count`
// writes.
medcore_status medcore_triage_salt_batch(const medcore_triage_salt_input *inputs,
                                         size_t count,
                                         medcore_triage_mci_result **out_results,
                                         medcore_status *out_statuses);

// Emergency Severity Index for one patient, JSON in and out.
//
// `input_json` (caller-owned, borrowed for the call) is an object with any of: `version`
// (`"v4"` or `"v5"`, default v5), `age_years`, `age_months`, `age_days`, the yes/no findings
// `lifesaving_intervention`, `unresponsive`, `high_risk_situation`,
// `new_confusion_lethargy_disorientation`, `severe_pain_or_distress`,
// `immunisations_incomplete`, `obvious_fever_source`, the numbers `pain_score`, `heart_rate`,
// `respiration_rate`, `spo2`, `temperature`, and `resources`: an array of resource codes
// (`labs`, `ecg`, `xray`, `ct`, `iv_fluids`, `complex_procedure`, `history_and_physical`, ...).
// An absent field is "not recorded".
//
// `*out_json` receives a new caller-owned string (free with `medcore_string_free`): `{version,
// level (1-5 or null when findings are missing), path: [{point, question, answer, outcome}],
// resources_counted, resource_lines: [{resource, counted, note}], danger_zone: [..],
// up_triage: null | {to_level, reasons}, partial, missing: [..], citation}`.
//
// # Safety
// `input_json` NUL-terminated; `out_json` valid for writes.
medcore_status medcore_triage_esi(const char *input_json, char **out_json);

// ESI for many patients: `inputs_json` is a JSON array of `medcore_triage_esi` inputs;
// `*out_json` receives a new caller-owned JSON array with, per input, the result or
// `{"error": {"code", "message"}}`.
//
// # Safety
// `inputs_json` NUL-terminated; `out_json` valid for writes.
medcore_status medcore_triage_esi_batch(const char *inputs_json, char **out_json);

// Level `level` (1-5) of scale `scale` (`"ctas"` or `"manchester"`). An unknown scale is
// `MEDCORE_TRIAGE_UNKNOWN_CODE`, a level outside 1-5 `MEDCORE_TRIAGE_OUT_OF_RANGE`.
//
// # Safety
// `scale` NUL-terminated; `out` valid for writes.
medcore_status medcore_triage_ed_scale_level(const char *scale,
                                             uint8_t level,
                                             medcore_triage_ed_level *out);

// Whether a patient at `level` of `scale` who has waited `waited_minutes` is past the target
// time: `*out` receives 1 or 0.
//
// # Safety
// `scale` NUL-terminated; `out` valid for writes.
medcore_status medcore_triage_ed_overdue(const char *scale,
                                         uint8_t level,
                                         double waited_minutes,
                                         uint8_t *out);

// The example discriminator table shipped with medcore (illustrative content, not the
// licensed MTS or CTAS tables). `*out` receives a new caller-owned handle.
//
// # Safety
// `out` valid for writes.
medcore_status medcore_triage_ed_new_example(medcore_triage_ed **out);

// A discriminator table of your own, JSON text: `{scale: "ctas"|"manchester", name, notice,
// presentations: [{code, name, discriminators: [{code, description, level}], default_level}]}`.
// A malformed table is `MEDCORE_TRIAGE_INVALID_TABLE`. `*out` receives a new caller-owned
// handle.
//
// # Safety
// `table_json` NUL-terminated; `out` valid for writes.
medcore_status medcore_triage_ed_from_json(const char *table_json, medcore_triage_ed **out);

// Triages one presentation: `input_json` is `{presentation: "<code>", findings: ["<code>",
// ...]}`; `*out_json` receives a new caller-owned string `{scale, level: {level, name, colour,
// target_minutes, fractile_percent}, discriminator (the deciding code or null), presentation}`.
//
// # Safety
// `ed` a live handle; `input_json` NUL-terminated; `out_json` valid for writes.
medcore_status medcore_triage_ed_triage(const medcore_triage_ed *ed,
                                        const char *input_json,
                                        char **out_json);

// Triages many presentations: a JSON array of inputs in, a JSON array of results (or
// `{"error": {...}}`) out, caller-owned.
//
// # Safety
// `ed` a live handle; `inputs_json` NUL-terminated; `out_json` valid for writes.
medcore_status medcore_triage_ed_triage_batch(const medcore_triage_ed *ed,
                                              const char *inputs_json,
                                              char **out_json);

// Frees an ED triage handle. NULL is allowed.
//
// # Safety
// `ed` NULL or a live handle not used afterwards.
void medcore_triage_ed_free(medcore_triage_ed *ed);

// The example rule table shipped with medcore (`core/triage/data/dispatch_rules.example.json`).
// `*out` receives a new caller-owned handle.
//
// # Safety
// `out` valid for writes.
medcore_status medcore_triage_dispatch_rules_new_example(medcore_triage_dispatch_rules **out);

// A rule table of your own, JSON text: `{name, version, notice, findings: {code: description},
// plans: {level: {arp_category, unit, urgency, units, description}}, rules: [{id, description,
// when, level}], default_level}` (the shape of the example file). A malformed table is
// `MEDCORE_TRIAGE_INVALID_TABLE`. `*out` receives a new caller-owned handle.
//
// # Safety
// `rules_json` NUL-terminated; `out` valid for writes.
medcore_status medcore_triage_dispatch_rules_from_json(const char *rules_json,
                                                       medcore_triage_dispatch_rules **out);

// Prioritises one call: `call_json` is `{findings: ["<code>", ...], age_years}`; `*out_json`
// receives a new caller-owned string `{level (omega..echo), determinant, matched: [{id,
// description, level}], plan: {arp_category, unit, urgency, units, description}, targets: null |
// {mean_minutes, p90_minutes}, routing: {dispatch, unit, units, urgency, priority,
// target_p90_minutes}, citation}`. An unknown finding is `MEDCORE_TRIAGE_UNKNOWN_CODE`.
//
// # Safety
// `rules` a live handle; `call_json` NUL-terminated; `out_json` valid for writes.
medcore_status medcore_triage_dispatch(const medcore_triage_dispatch_rules *rules,
                                       const char *call_json,
                                       char **out_json);

// Prioritises many calls: a JSON array of calls in, a JSON array of results (or `{"error":
// {...}}`) out, caller-owned.
//
// # Safety
// `rules` a live handle; `calls_json` NUL-terminated; `out_json` valid for writes.
medcore_status medcore_triage_dispatch_batch(const medcore_triage_dispatch_rules *rules,
                                             const char *calls_json,
                                             char **out_json);

// Frees a rule table. NULL is allowed.
//
// # Safety
// `rules` NULL or a live handle not used afterwards.
void medcore_triage_dispatch_rules_free(medcore_triage_dispatch_rules *rules);

#ifdef __cplusplus
}  // extern "C"
#endif  // __cplusplus

#endif  /* MEDCORE_H */
