//! Enum values cross the boundary as the core's own serialized names (`low_medium`,
//! `immediate`, `sternal_recession_or_grunting`...), read from the core's serde
//! implementations so that the glue never repeats a name.

use crate::errors::{self, Result};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// The core's serialized name of an enum value.
pub(crate) fn name<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(e) => format!("<{e}>"),
    }
}

/// The enum value the core names `text`; `ERR_INVALID_ARG_VALUE` naming `field` otherwise.
pub(crate) fn parse<T: DeserializeOwned>(field: &str, text: &str) -> Result<T> {
    serde_json::from_value(serde_json::Value::String(text.to_string()))
        .map_err(|e| errors::invalid_arg(format!("{field}: {e}")))
}

/// [`parse`] for an optional value.
pub(crate) fn parse_opt<T: DeserializeOwned>(
    field: &str,
    text: &Option<String>,
) -> Result<Option<T>> {
    text.as_deref().map(|t| parse(field, t)).transpose()
}
