//! The crate's error type: one variant per kind, each with a stable code.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A place in a policy or schema source.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Location {
    /// The source name (file path, `<default>`, `<json>`...).
    pub source: String,
    /// 1-based line (0 when unknown).
    pub line: u32,
    /// 1-based column (0 when unknown).
    pub column: u32,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            f.write_str(&self.source)
        } else {
            write!(f, "{}:{}:{}", self.source, self.line, self.column)
        }
    }
}

/// Everything that can go wrong loading policies or answering a query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AuthzError {
    /// The policy text could not be tokenized or parsed.
    Syntax {
        /// Where.
        location: Location,
        /// What was expected or found.
        message: String,
    },
    /// A role named in a policy is not in the schema.
    UnknownRole {
        /// Where.
        location: Location,
        /// The role.
        name: String,
    },
    /// An action named in a policy is not in the schema (or applies to none of the rule's
    /// resource types).
    UnknownAction {
        /// Where.
        location: Location,
        /// The action.
        name: String,
    },
    /// A resource type named in a policy is not in the schema.
    UnknownResourceType {
        /// Where.
        location: Location,
        /// The type.
        name: String,
    },
    /// An attribute referenced in a policy is not declared for the entity.
    UnknownAttribute {
        /// Where.
        location: Location,
        /// `principal.x`, `resource.x` or `context.x`.
        name: String,
    },
    /// A policy is well formed but wrong (duplicate id, bad obligation, bad literal...).
    Invalid {
        /// Where.
        location: Location,
        /// Why.
        message: String,
    },
    /// The schema itself is malformed.
    Schema {
        /// Where.
        location: Location,
        /// Why.
        message: String,
    },
    /// A request or consent directive does not fit the schema.
    BadRequest {
        /// Why.
        message: String,
    },
    /// A query filter could not be built or rendered.
    Filter {
        /// Why.
        message: String,
    },
}

impl AuthzError {
    /// A stable, machine-readable code for the kind of error.
    pub fn code(&self) -> &'static str {
        match self {
            AuthzError::Syntax { .. } => "AUTHZ_SYNTAX",
            AuthzError::UnknownRole { .. } => "AUTHZ_UNKNOWN_ROLE",
            AuthzError::UnknownAction { .. } => "AUTHZ_UNKNOWN_ACTION",
            AuthzError::UnknownResourceType { .. } => "AUTHZ_UNKNOWN_RESOURCE_TYPE",
            AuthzError::UnknownAttribute { .. } => "AUTHZ_UNKNOWN_ATTRIBUTE",
            AuthzError::Invalid { .. } => "AUTHZ_INVALID_POLICY",
            AuthzError::Schema { .. } => "AUTHZ_SCHEMA",
            AuthzError::BadRequest { .. } => "AUTHZ_BAD_REQUEST",
            AuthzError::Filter { .. } => "AUTHZ_FILTER",
        }
    }

    /// The location the error names, if any.
    pub fn location(&self) -> Option<&Location> {
        match self {
            AuthzError::Syntax { location, .. }
            | AuthzError::UnknownRole { location, .. }
            | AuthzError::UnknownAction { location, .. }
            | AuthzError::UnknownResourceType { location, .. }
            | AuthzError::UnknownAttribute { location, .. }
            | AuthzError::Invalid { location, .. }
            | AuthzError::Schema { location, .. } => Some(location),
            AuthzError::BadRequest { .. } | AuthzError::Filter { .. } => None,
        }
    }
}

impl fmt::Display for AuthzError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AuthzError::Syntax { location, message } => {
                write!(f, "{location}: syntax error: {message}")
            }
            AuthzError::UnknownRole { location, name } => {
                write!(f, "{location}: unknown role `{name}`")
            }
            AuthzError::UnknownAction { location, name } => {
                write!(f, "{location}: unknown action `{name}`")
            }
            AuthzError::UnknownResourceType { location, name } => {
                write!(f, "{location}: unknown resource type `{name}`")
            }
            AuthzError::UnknownAttribute { location, name } => {
                write!(f, "{location}: unknown attribute `{name}`")
            }
            AuthzError::Invalid { location, message } => write!(f, "{location}: {message}"),
            AuthzError::Schema { location, message } => {
                write!(f, "{location}: schema error: {message}")
            }
            AuthzError::BadRequest { message } => write!(f, "bad request: {message}"),
            AuthzError::Filter { message } => write!(f, "filter: {message}"),
        }
    }
}

impl std::error::Error for AuthzError {}
