//! medcore-authz: an ABAC/RBAC policy engine for hospital software.
//!
//! * A human-writable policy language (grammar below and in `docs/authz-policy.md`) with a
//!   JSON form, checked against a [`Schema`] at load: unknown roles, actions, resource types
//!   and attributes are errors naming `source:line:column`.
//! * Permit, forbid and obligate rules; hard forbids; combining algorithms deny-overrides
//!   (default), permit-overrides and first-applicable.
//! * [`Decision`]s carry the effect, determining rule ids, obligations in the HL7
//!   ObligationPolicy vocabulary (MASK, REDACT, AUDIT, ENCRYPT, plus REQUIRE_REASON), advice
//!   and evaluation errors. An error inside a forbid fails closed.
//! * Break-glass, consent directives, the embedded default hospital policy set
//!   ([`default_policy_set`]), a rule index, query filtering to SQL ([`PolicySet::filter`]),
//!   decision logging with masked identifiers through a host hook ([`DecisionLogSink`]).
//!
//! # Grammar
//!
//! ```text
//! file       := ("combining" ALGORITHM ";")? rule*
//! ALGORITHM  := "deny_overrides" | "permit_overrides" | "first_applicable"
//! rule       := annotation* effect "(" scope? ")" body ";"
//! annotation := "@" ("id" | "advice") "(" STRING ")"
//! effect     := "permit" | "forbid" "hard"? | "obligate"
//! scope      := scope_item ("," scope_item)*
//! scope_item := ("role" | "action" | "resource") ":" ("*" | NAME | "[" NAME ("," NAME)* "]")
//! body       := ("when" "{" expr "}")? ("unless" "{" expr "}")?
//!               ("obligations" "{" obligation (";" obligation)* ";"? "}")?
//!               ("advice" "{" STRING ("," STRING)* "}")?
//! obligation := "mask" "(" FIELD "," KIND ")" | "redact" "(" FIELD ")"
//!             | "audit" "(" ("low" | "medium" | "high") ")" | "encrypt" ("(" FIELD ")")?
//!             | "require_reason"
//! expr       := and ("||" and)*
//! and        := unary ("&&" unary)*
//! unary      := "!" unary | relation
//! relation   := access (CMP access | "in" access | "has" NAME)?
//! CMP        := "==" | "!=" | "<" | "<=" | ">" | ">="
//! access     := primary ("." NAME | "." SETOP "(" expr? ")")*
//! SETOP      := "contains" | "containsAll" | "containsAny" | "isEmpty"
//! primary    := STRING | "-"? INTEGER | "true" | "false"
//!             | "principal" | "resource" | "context"
//!             | "[" (expr ("," expr)*)? "]" | "(" expr ")"
//!             | "datetime" "(" STRING ")"
//!             | "within_hours" "(" expr "," STRING "," STRING ")"
//!             | "consented" "(" STRING ")"
//! ```
//! Comments run from `//` to the end of the line.
//!
//! # Example
//!
//! ```
//! use medcore_authz::{default_policy_set, Request, Principal, Resource, Effect};
//! let ps = default_policy_set();
//! let mut req = Request::default();
//! req.principal = Principal { id: "dr-ada".into(), roles: vec!["Doctor".into()], ..Default::default() };
//! req.principal.attributes.insert("department".into(), "cardiology".into());
//! req.action = "read".into();
//! req.resource = Resource { kind: "Patient".into(), id: "p-1".into(), ..Default::default() };
//! for (k, v) in [("patient", "p-1"), ("department", "cardiology"), ("confidentiality", "N")] {
//!     req.resource.attributes.insert(k.into(), v.into());
//! }
//! req.resource.attributes.insert("care_team".into(), Vec::<String>::new().into());
//! req.resource.attributes.insert("labels".into(), Vec::<String>::new().into());
//! let d = ps.authorize(&req);
//! assert_eq!(d.effect, Effect::Allow);
//! assert!(d.masks().contains(&("ssn", "ssn")));
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod ast;
mod consent;
mod defaults;
mod error;
mod eval;
mod index;
mod lexer;
mod log;
mod model;
mod parser;
mod policyset;
mod print;
mod residual;
mod schema;
mod timeutil;
mod validate;
mod value;

pub use ast::{CmpOp, Combining, Expr, PolicyDocument, Pos, Rule, RuleKind, SetOp, Var};
pub use consent::{ConsentDecision, ConsentDirective};
pub use defaults::{default_policy_set, default_schema, DEFAULT_POLICY_TEXT, DEFAULT_SCHEMA_JSON};
pub use error::{AuthzError, Location};
pub use log::{mask_identifier, DecisionEvent, DecisionLogSink, MemorySink};
pub use model::{
    AuditLevel, BreakGlass, Decision, Effect, Environment, Obligation, Principal, Request,
    Resource, RuleError, MASK_KINDS,
};
pub use parser::parse_policies;
pub use policyset::{
    Explanation, PolicySet, PolicySetBuilder, RuleOutcome, RuleTrace, BREAK_GLASS_PURPOSES,
};
pub use residual::{
    Filter, FilterRequest, Leaf, Residual, SqlFragment, SqlOptions, SqlPlaceholder, SqlSetEncoding,
};
pub use schema::{AttrDecl, ResourceDecl, RoleDecl, Schema};
pub use timeutil::parse_rfc3339;
pub use value::{Attributes, Value, ValueType};
