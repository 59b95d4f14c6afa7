//! Reading and writing resources as FHIR JSON.

use super::{Bundle, Resource, Walk};
use crate::FhirError;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// How strictly to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReadMode {
    /// Keep elements the models do not know (in each element's `extra` map).
    #[default]
    Lenient,
    /// Reject elements the models do not know, naming the first one.
    Strict,
}

/// Reads one resource from JSON text.
///
/// Both modes guarantee that writing the result gives back the same JSON (object key order
/// aside): an element whose shape does not fit its model (which would otherwise be dropped) is
/// an error naming its path.
pub fn parse_resource(json: &str, mode: ReadMode) -> Result<Resource, FhirError> {
    let v: Value = serde_json::from_str(json).map_err(|e| FhirError::Json {
        location: format!("line {} column {}", e.line(), e.column()),
        message: e.to_string(),
    })?;
    from_value(&v, mode)
}

/// Reads one resource from a parsed JSON value (see [`parse_resource`]).
pub fn from_value(v: &Value, mode: ReadMode) -> Result<Resource, FhirError> {
    let rt = v
        .get("resourceType")
        .and_then(Value::as_str)
        .ok_or_else(|| FhirError::MissingResourceType {
            location: "$".into(),
        })?;
    let r = Resource::from_json(v).map_err(|message| FhirError::Json {
        location: rt.to_string(),
        message,
    })?;
    let back = to_value(&r);
    if let Some(path) = first_difference(v, &back, rt) {
        return Err(FhirError::Json {
            location: path,
            message: "element does not have the shape its model requires".into(),
        });
    }
    if mode == ReadMode::Strict {
        let mut unknown = Vec::new();
        r.unknown("", &mut unknown);
        if let Some(first) = unknown.into_iter().next() {
            return Err(FhirError::UnknownElement { location: first });
        }
    }
    Ok(r)
}

/// Reads a Bundle from JSON text (see [`parse_resource`]).
pub fn parse_bundle(json: &str, mode: ReadMode) -> Result<Bundle, FhirError> {
    match parse_resource(json, mode)? {
        Resource::Bundle(b) => Ok(*b),
        other => Err(FhirError::Json {
            location: other.resource_type().to_string(),
            message: "expected a Bundle".into(),
        }),
    }
}

/// Writes any model as compact FHIR JSON.
pub fn to_json<T: Serialize>(value: &T) -> String {
    // Serializing these models cannot fail: every map key is a string and no element
    // serializer returns an error.
    serde_json::to_string(value).unwrap_or_default()
}

/// Writes any model as a JSON value.
pub fn to_value<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// The path of the first place where `b` differs from `a`; empty arrays and `null`s in `a`
/// (which FHIR JSON does not allow and the models leave out) count as absent.
fn first_difference(a: &Value, b: &Value, path: &str) -> Option<String> {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (k, va) in x {
                let p = format!("{path}.{k}");
                match y.get(k) {
                    Some(vb) => {
                        if let Some(d) = first_difference(va, vb, &p) {
                            return Some(d);
                        }
                    }
                    None if absent(va) => {}
                    None => return Some(p),
                }
            }
            y.keys()
                .find(|k| !x.contains_key(*k))
                .map(|k| format!("{path}.{k}"))
        }
        (Value::Array(x), Value::Array(y)) => {
            if x.len() != y.len() {
                return Some(path.to_string());
            }
            x.iter()
                .zip(y)
                .enumerate()
                .find_map(|(i, (va, vb))| first_difference(va, vb, &format!("{path}[{i}]")))
        }
        (Value::Number(x), Value::Number(y)) => {
            (x != y && x.as_f64() != y.as_f64()).then(|| path.to_string())
        }
        _ => (a != b).then(|| path.to_string()),
    }
}

fn absent(v: &Value) -> bool {
    v.is_null() || v.as_array().is_some_and(|a| a.is_empty())
}
