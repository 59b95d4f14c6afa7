//! Typed attribute values carried by principals, resources and the environment.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// An attribute value: a boolean, a 64-bit integer, a string or a set of values.
///
/// In JSON a value is written as itself: `true`, `42`, `"cardiology"`, `["HIV", "VIP"]`.
/// Times are integers (seconds since the Unix epoch, UTC).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Value {
    /// `true` or `false`.
    Bool(bool),
    /// A signed 64-bit integer (also used for times, in seconds since the epoch).
    Long(i64),
    /// A string.
    String(String),
    /// A set of values (order and duplicates carry no meaning).
    Set(Vec<Value>),
}

/// Attributes of an entity, by name.
pub type Attributes = BTreeMap<String, Value>;

impl Value {
    /// The name of this value's type as used in schemas and messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Bool(_) => "Bool",
            Value::Long(_) => "Long",
            Value::String(_) => "String",
            Value::Set(_) => "Set",
        }
    }

    /// Whether `self` (a set) holds `item`.
    pub fn set_contains(items: &[Value], item: &Value) -> bool {
        items.iter().any(|v| v == item)
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Bool(b) => write!(f, "{b}"),
            Value::Long(n) => write!(f, "{n}"),
            Value::String(s) => write!(f, "{s:?}"),
            Value::Set(items) => {
                f.write_str("[")?;
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{v}")?;
                }
                f.write_str("]")
            }
        }
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::String(s.to_string())
    }
}
impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::String(s)
    }
}
impl From<i64> for Value {
    fn from(n: i64) -> Self {
        Value::Long(n)
    }
}
impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Bool(b)
    }
}
impl<T: Into<Value>> From<Vec<T>> for Value {
    fn from(items: Vec<T>) -> Self {
        Value::Set(items.into_iter().map(Into::into).collect())
    }
}

/// The type of an attribute in a schema.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ValueType {
    /// A boolean.
    Bool,
    /// A 64-bit integer.
    Long,
    /// A string.
    String,
    /// A set of strings.
    SetOfString,
    /// A set of integers.
    SetOfLong,
}

impl ValueType {
    /// Parses a schema type name: `Bool`, `Long`, `String`, `Set<String>`, `Set<Long>`.
    pub fn parse(s: &str) -> Option<ValueType> {
        match s.trim() {
            "Bool" | "Boolean" => Some(ValueType::Bool),
            "Long" | "Int" => Some(ValueType::Long),
            "String" => Some(ValueType::String),
            "Set<String>" => Some(ValueType::SetOfString),
            "Set<Long>" => Some(ValueType::SetOfLong),
            _ => None,
        }
    }

    /// The schema name of this type.
    pub fn name(self) -> &'static str {
        match self {
            ValueType::Bool => "Bool",
            ValueType::Long => "Long",
            ValueType::String => "String",
            ValueType::SetOfString => "Set<String>",
            ValueType::SetOfLong => "Set<Long>",
        }
    }

    /// Whether a value has this type.
    pub fn admits(self, v: &Value) -> bool {
        match (self, v) {
            (ValueType::Bool, Value::Bool(_)) => true,
            (ValueType::Long, Value::Long(_)) => true,
            (ValueType::String, Value::String(_)) => true,
            (ValueType::SetOfString, Value::Set(items)) => {
                items.iter().all(|i| matches!(i, Value::String(_)))
            }
            (ValueType::SetOfLong, Value::Set(items)) => {
                items.iter().all(|i| matches!(i, Value::Long(_)))
            }
            _ => false,
        }
    }

    /// Whether this is a set type.
    pub fn is_set(self) -> bool {
        matches!(self, ValueType::SetOfString | ValueType::SetOfLong)
    }
}
