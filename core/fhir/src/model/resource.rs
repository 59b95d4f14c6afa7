//! [`Resource`]: any resource, typed when the models know its `resourceType`.

use super::*;
use serde::{Deserialize, Serialize};

/// Writes `resourceType` first, then the resource's elements.
#[derive(Serialize)]
struct Tagged<'a, T> {
    #[serde(rename = "resourceType")]
    resource_type: &'a str,
    #[serde(flatten)]
    body: &'a T,
}

macro_rules! resources {
    ($($name:ident),* $(,)?) => {
        /// Any FHIR resource: typed for the modelled resource types, JSON for the others.
        #[derive(Debug, Clone, PartialEq)]
        pub enum Resource {
            $(
                #[doc = concat!("A ", stringify!($name), ".")]
                $name(Box<$name>),
            )*
            /// A resource type the models do not cover, kept as its JSON object (with
            /// `resourceType`).
            Other(serde_json::Map<String, serde_json::Value>),
        }

        impl Resource {
            /// The `resourceType`.
            pub fn resource_type(&self) -> &str {
                match self {
                    $(Resource::$name(_) => stringify!($name),)*
                    Resource::Other(m) => m
                        .get("resourceType")
                        .and_then(|v| v.as_str())
                        .unwrap_or(""),
                }
            }

            /// The logical id, if any.
            pub fn id(&self) -> Option<&str> {
                match self {
                    $(Resource::$name(r) => r.id.as_deref(),)*
                    Resource::Other(m) => m.get("id").and_then(|v| v.as_str()),
                }
            }

            /// True when the models cover this resource type.
            pub fn is_typed(&self) -> bool {
                !matches!(self, Resource::Other(_))
            }

            /// Reads a resource from a JSON value, dispatching on `resourceType`.
            pub(crate) fn from_json(v: &serde_json::Value) -> Result<Resource, String> {
                let obj = v.as_object().ok_or("a resource must be a JSON object")?;
                let rt = obj
                    .get("resourceType")
                    .and_then(|t| t.as_str())
                    .ok_or("a resource needs a string resourceType")?;
                let mut body = obj.clone();
                body.remove("resourceType");
                let body = serde_json::Value::Object(body);
                Ok(match rt {
                    $(stringify!($name) => Resource::$name(Box::new(
                        $name::deserialize(&body).map_err(|e| e.to_string())?,
                    )),)*
                    _ => Resource::Other(obj.clone()),
                })
            }
        }

        impl Serialize for Resource {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                match self {
                    $(Resource::$name(r) => Tagged {
                        resource_type: stringify!($name),
                        body: &**r,
                    }
                    .serialize(s),)*
                    Resource::Other(m) => m.serialize(s),
                }
            }
        }

        impl Walk for Resource {
            fn unknown(&self, path: &str, out: &mut Vec<String>) {
                match self {
                    $(Resource::$name(r) => {
                        let p = if path.is_empty() {
                            stringify!($name).to_string()
                        } else {
                            format!("{path}.{}", stringify!($name))
                        };
                        r.unknown(&p, out)
                    })*
                    Resource::Other(_) => {}
                }
            }
        }

        $(
            impl From<$name> for Resource {
                fn from(r: $name) -> Resource {
                    Resource::$name(Box::new(r))
                }
            }
        )*
    };
}

resources!(
    Patient,
    Encounter,
    Observation,
    MessageHeader,
    Provenance,
    RelatedPerson,
    AllergyIntolerance,
    Condition,
    Coverage,
    DiagnosticReport,
    ServiceRequest,
    Immunization,
    MedicationRequest,
    Specimen,
    Practitioner,
    Organization,
    Location,
    Bundle,
    OperationOutcome,
    PractitionerRole,
    Medication,
    Account,
    DocumentReference,
    Consent,
    AuditEvent,
);

impl<'de> Deserialize<'de> for Resource {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = serde_json::Value::deserialize(d)?;
        Resource::from_json(&v).map_err(serde::de::Error::custom)
    }
}
