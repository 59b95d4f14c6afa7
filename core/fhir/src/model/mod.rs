//! FHIR R4 models: data types, resources, the [`Resource`] enum, and JSON reading in two modes.
//!
//! Every complex type and resource keeps the elements it does not model (and `_field` primitive
//! extensions) in its `extra` map, so a lenient read followed by a write is lossless. A strict read
//! rejects unknown elements, naming them.

mod datatypes;
mod json;
mod resource;
mod resources;

pub use datatypes::*;
pub use json::{from_value, parse_bundle, parse_resource, to_json, to_value, ReadMode};
pub use resource::Resource;
pub use resources::*;

/// Unmodelled elements and `_field` primitive extensions of an element, as JSON.
pub type Extra = serde_json::Map<String, serde_json::Value>;

/// A FHIR `decimal`, kept as the JSON number that was read (integers stay integers).
pub type Decimal = serde_json::Number;

/// Emptiness, used to leave out absent elements when writing.
pub trait IsEmpty {
    /// True when the value writes nothing.
    fn is_empty_value(&self) -> bool;
}

impl<T> IsEmpty for Option<T> {
    fn is_empty_value(&self) -> bool {
        self.is_none()
    }
}

impl<T> IsEmpty for Vec<T> {
    fn is_empty_value(&self) -> bool {
        self.is_empty()
    }
}

impl IsEmpty for String {
    fn is_empty_value(&self) -> bool {
        self.is_empty()
    }
}

/// `skip_serializing_if` helper.
pub(crate) fn is_empty<T: IsEmpty>(v: &T) -> bool {
    v.is_empty_value()
}

/// Finds the elements that the models do not know.
pub trait Walk {
    /// Appends to `out` the paths (under `path`) of unknown elements.
    fn unknown(&self, path: &str, out: &mut Vec<String>);
}

macro_rules! leaf_walk {
    ($($t:ty),*) => {$(
        impl Walk for $t {
            fn unknown(&self, _path: &str, _out: &mut Vec<String>) {}
        }
    )*};
}
leaf_walk!(
    String,
    bool,
    i64,
    u32,
    serde_json::Number,
    serde_json::Value
);

impl<T: Walk> Walk for Option<T> {
    fn unknown(&self, path: &str, out: &mut Vec<String>) {
        if let Some(v) = self {
            v.unknown(path, out);
        }
    }
}

impl<T: Walk> Walk for Vec<T> {
    fn unknown(&self, path: &str, out: &mut Vec<String>) {
        for (i, v) in self.iter().enumerate() {
            v.unknown(&format!("{path}[{i}]"), out);
        }
    }
}

impl<T: Walk> Walk for Box<T> {
    fn unknown(&self, path: &str, out: &mut Vec<String>) {
        (**self).unknown(path, out);
    }
}

/// `path.name` with the Rust field name turned into its JSON name.
pub(crate) fn child(path: &str, field: &str) -> String {
    format!("{path}.{}", json_name(field))
}

/// The JSON name of a Rust field name: snake_case to camelCase, trailing `_` dropped.
pub(crate) fn json_name(field: &str) -> String {
    let mut out = String::with_capacity(field.len());
    let mut upper = false;
    for c in field.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// True when `v` has the shape of a primitive's element part (`{id, extension}`, or an array of
/// those and nulls).
fn element_shaped(v: &serde_json::Value) -> bool {
    match v {
        serde_json::Value::Object(m) => m.keys().all(|k| k == "id" || k == "extension"),
        serde_json::Value::Array(a) => a.iter().all(|x| x.is_null() || element_shaped(x)),
        _ => false,
    }
}

/// Reports the entries of `extra` that are neither a known element's `_field` extension nor
/// a choice element's.
pub(crate) fn check_extra(
    extra: &Extra,
    fields: &[&str],
    choices: &[&str],
    path: &str,
    out: &mut Vec<String>,
) {
    for (key, value) in extra {
        let known = key.strip_prefix('_').is_some_and(|base| {
            element_shaped(value)
                && (fields.iter().any(|f| json_name(f) == base)
                    || choices.iter().any(|c| {
                        let c = json_name(c);
                        base.len() > c.len() && base.starts_with(&c)
                    }))
        });
        if !known {
            out.push(format!("{path}.{key}"));
        }
    }
}

/// Defines a FHIR complex type or resource body: plain elements, then choice elements
/// (`value[x]`, flattened enums), then the `extra` map; and its [`Walk`] implementation.
macro_rules! fhir_type {
    (
        $(#[$m:meta])* $name:ident {
            $($field:ident : $ty:ty),* $(,)?
        }
        $(choices { $($cf:ident : $cty:ty),* $(,)? })?
    ) => {
        $(#[$m])*
        #[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
        #[serde(rename_all = "camelCase")]
        pub struct $name {
            $(
                #[doc = concat!("The `", stringify!($field), "` element.")]
                #[serde(default, skip_serializing_if = "crate::model::is_empty")]
                pub $field: $ty,
            )*
            $($(
                #[doc = concat!("The `", stringify!($cf), "[x]` choice element.")]
                #[serde(flatten, skip_serializing_if = "Option::is_none")]
                pub $cf: Option<$cty>,
            )*)?
            /// Elements the models do not know and `_field` primitive extensions, as JSON.
            #[serde(flatten)]
            pub extra: crate::model::Extra,
        }

        impl crate::model::Walk for $name {
            fn unknown(&self, path: &str, out: &mut Vec<String>) {
                $(crate::model::Walk::unknown(
                    &self.$field,
                    &crate::model::child(path, stringify!($field)),
                    out,
                );)*
                $($(crate::model::Walk::unknown(
                    &self.$cf,
                    &crate::model::child(path, stringify!($cf)),
                    out,
                );)*)?
                crate::model::check_extra(
                    &self.extra,
                    &[$(stringify!($field)),*],
                    &[$($(stringify!($cf)),*)?],
                    path,
                    out,
                );
            }
        }
    };
}
pub(crate) use fhir_type;

/// Defines a choice type (`value[x]`): an enum whose variants are written as `<name><Type>`.
macro_rules! choice {
    ($(#[$m:meta])* $name:ident { $($variant:ident ( $ty:ty ) = $json:literal),* $(,)? }) => {
        $(#[$m])*
        // A choice holds one value inline, as the element it stands for would.
        #[allow(clippy::large_enum_variant)]
        #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
        pub enum $name {
            $(
                #[doc = concat!("`", $json, "`")]
                #[serde(rename = $json)]
                $variant($ty),
            )*
        }

        impl crate::model::Walk for $name {
            fn unknown(&self, path: &str, out: &mut Vec<String>) {
                match self {
                    $($name::$variant(v) => crate::model::Walk::unknown(v, path, out),)*
                }
            }
        }
    };
}
pub(crate) use choice;
