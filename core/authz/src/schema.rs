//! The schema: roles (with inheritance), principal, context and resource attributes, actions.
//!
//! JSON form:
//! ```json
//! {
//!   "roles": { "Doctor": { "clinical": true }, "SuperAdmin": { "inherits": ["Admin"] } },
//!   "principal": { "department": "String", "licence": "String?" },
//!   "context": { "shift": "String?" },
//!   "resources": {
//!     "Patient": {
//!       "attributes": { "department": "String", "care_team": "Set<String>" },
//!       "fields": ["ssn", "mrn"],
//!       "actions": ["read", "create", "update", "delete", "export"]
//!     }
//!   }
//! }
//! ```
//! A type ending in `?` marks an optional attribute. `fields` names the record fields that
//! MASK and REDACT obligations may name.

use crate::error::{AuthzError, Location};
use crate::value::{Attributes, ValueType};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};

/// An attribute declaration.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AttrDecl {
    /// The value type.
    pub ty: ValueType,
    /// Whether the attribute may be absent.
    pub optional: bool,
}

/// A role.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RoleDecl {
    /// Roles whose permissions this role also has.
    pub inherits: Vec<String>,
    /// Whether the role is clinical (may declare break-glass).
    pub clinical: bool,
}

/// A resource type.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ResourceDecl {
    /// Attributes by name.
    pub attributes: BTreeMap<String, AttrDecl>,
    /// Record fields that obligations may name.
    pub fields: BTreeSet<String>,
    /// Actions that apply to this type, in declaration order.
    pub actions: Vec<String>,
}

/// A validated schema.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Schema {
    /// Roles by name.
    pub roles: BTreeMap<String, RoleDecl>,
    /// Principal attributes.
    pub principal: BTreeMap<String, AttrDecl>,
    /// Context attributes (besides the built-in ones).
    pub context: BTreeMap<String, AttrDecl>,
    /// Resource types by name.
    pub resources: BTreeMap<String, ResourceDecl>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRole {
    #[serde(default)]
    inherits: Vec<String>,
    #[serde(default)]
    clinical: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawResource {
    #[serde(default)]
    attributes: BTreeMap<String, String>,
    #[serde(default)]
    fields: Vec<String>,
    actions: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSchema {
    roles: BTreeMap<String, RawRole>,
    #[serde(default)]
    principal: BTreeMap<String, String>,
    #[serde(default)]
    context: BTreeMap<String, String>,
    resources: BTreeMap<String, RawResource>,
}

/// Built-in principal attributes: `roles` (effective roles, a set of strings).
pub const BUILTIN_PRINCIPAL: &[(&str, ValueType)] = &[("roles", ValueType::SetOfString)];

/// Built-in context attributes, filled from [`crate::Environment`].
pub const BUILTIN_CONTEXT: &[(&str, ValueType, bool)] = &[
    ("time", ValueType::Long, false),
    ("purpose_of_use", ValueType::String, true),
    ("origin", ValueType::String, true),
    ("break_glass", ValueType::Bool, false),
    ("break_glass_reason", ValueType::String, true),
];

fn schema_err(source: &str, message: String) -> AuthzError {
    AuthzError::Schema {
        location: Location {
            source: source.into(),
            line: 0,
            column: 0,
        },
        message,
    }
}

fn parse_attrs(
    source: &str,
    what: &str,
    raw: BTreeMap<String, String>,
) -> Result<BTreeMap<String, AttrDecl>, AuthzError> {
    let mut out = BTreeMap::new();
    for (name, ty) in raw {
        let (ty_text, optional) = match ty.strip_suffix('?') {
            Some(t) => (t, true),
            None => (ty.as_str(), false),
        };
        let Some(vt) = ValueType::parse(ty_text) else {
            return Err(schema_err(
                source,
                format!("{what}.{name}: unknown type `{ty}` (Bool, Long, String, Set<String>, Set<Long>, with `?` if optional)"),
            ));
        };
        out.insert(name, AttrDecl { ty: vt, optional });
    }
    Ok(out)
}

impl Schema {
    /// Parses and checks a JSON schema; `source` names it in error locations.
    pub fn from_json(source: &str, text: &str) -> Result<Schema, AuthzError> {
        let raw: RawSchema = serde_json::from_str(text).map_err(|e| AuthzError::Schema {
            location: Location {
                source: source.into(),
                line: e.line() as u32,
                column: e.column() as u32,
            },
            message: e.to_string(),
        })?;
        let mut roles = BTreeMap::new();
        for (name, r) in &raw.roles {
            roles.insert(
                name.clone(),
                RoleDecl {
                    inherits: r.inherits.clone(),
                    clinical: r.clinical,
                },
            );
        }
        for (name, r) in &roles {
            for parent in &r.inherits {
                if !roles.contains_key(parent) {
                    return Err(schema_err(
                        source,
                        format!("role `{name}` inherits unknown role `{parent}`"),
                    ));
                }
            }
        }
        let schema_roles = roles.clone();
        for name in roles.keys() {
            // Reject cycles: a role may not inherit itself through any chain.
            let mut stack: Vec<&str> = schema_roles[name]
                .inherits
                .iter()
                .map(String::as_str)
                .collect();
            let mut seen = BTreeSet::new();
            while let Some(r) = stack.pop() {
                if r == name {
                    return Err(schema_err(source, format!("role `{name}` inherits itself")));
                }
                if seen.insert(r) {
                    if let Some(d) = schema_roles.get(r) {
                        stack.extend(d.inherits.iter().map(String::as_str));
                    }
                }
            }
        }
        let principal = parse_attrs(source, "principal", raw.principal)?;
        for (b, _) in BUILTIN_PRINCIPAL {
            if principal.contains_key(*b) {
                return Err(schema_err(source, format!("principal.{b} is built in")));
            }
        }
        let context = parse_attrs(source, "context", raw.context)?;
        for (b, _, _) in BUILTIN_CONTEXT {
            if context.contains_key(*b) {
                return Err(schema_err(source, format!("context.{b} is built in")));
            }
        }
        let mut resources = BTreeMap::new();
        for (name, r) in raw.resources {
            let attributes = parse_attrs(source, &name, r.attributes)?;
            if r.actions.is_empty() {
                return Err(schema_err(
                    source,
                    format!("resource type `{name}` has no actions"),
                ));
            }
            let mut actions = Vec::new();
            for a in r.actions {
                if !actions.contains(&a) {
                    actions.push(a);
                }
            }
            resources.insert(
                name,
                ResourceDecl {
                    attributes,
                    fields: r.fields.into_iter().collect(),
                    actions,
                },
            );
        }
        Ok(Schema {
            roles,
            principal,
            context,
            resources,
        })
    }

    /// All actions of all resource types, sorted.
    pub fn actions(&self) -> BTreeSet<&str> {
        self.resources
            .values()
            .flat_map(|r| r.actions.iter().map(String::as_str))
            .collect()
    }

    /// A role and every role it inherits, transitively (the role first).
    pub fn role_closure(&self, role: &str) -> Vec<String> {
        let mut out = vec![role.to_string()];
        let mut i = 0;
        while let Some(r) = out.get(i).cloned() {
            if let Some(d) = self.roles.get(&r) {
                for p in &d.inherits {
                    if !out.contains(p) {
                        out.push(p.clone());
                    }
                }
            }
            i += 1;
        }
        out
    }

    /// Checks that required attributes are present and every present declared attribute has
    /// its declared type; returns the problems found (empty when all is well).
    pub fn check_attributes(
        what: &str,
        decls: &BTreeMap<String, AttrDecl>,
        attrs: &Attributes,
    ) -> Vec<String> {
        let mut out = Vec::new();
        for (name, d) in decls {
            match attrs.get(name) {
                None if !d.optional => out.push(format!("{what}.{name} is required")),
                Some(v) if !d.ty.admits(v) => out.push(format!(
                    "{what}.{name} should be {} but is {}",
                    d.ty.name(),
                    v.type_name()
                )),
                _ => {}
            }
        }
        out
    }
}
