//! The embedded default hospital policy set and its schema.

use crate::policyset::{PolicySet, PolicySetBuilder};
use crate::schema::Schema;

/// The default schema (JSON): 7 roles, 6 resource types with their actions.
pub const DEFAULT_SCHEMA_JSON: &str = include_str!("../policies/default-schema.json");

/// The default policy text: the DESIGN.md access matrix plus relationship, sensitivity,
/// break-glass and hard-forbid rules (see the file's header for the action sets).
pub const DEFAULT_POLICY_TEXT: &str = include_str!("../policies/default.policy");

/// The default schema.
pub fn default_schema() -> Schema {
    // The embedded schema is checked by this crate's tests; failing here is a build defect.
    Schema::from_json("<default-schema>", DEFAULT_SCHEMA_JSON)
        .expect("embedded default schema is valid")
}

/// The default hospital policy set, compiled.
pub fn default_policy_set() -> PolicySet {
    let mut b = PolicySetBuilder::new(default_schema());
    // The embedded policies are checked by this crate's tests; failing here is a build defect.
    b.add_text("<default>", DEFAULT_POLICY_TEXT)
        .expect("embedded default policies are valid");
    b.build().expect("embedded default policies compile")
}
