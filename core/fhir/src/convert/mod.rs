//! HL7 v2 to FHIR R4, following the HL7 V2-to-FHIR Implementation Guide's segment, data type and
//! concept maps.
//!
//! One message becomes one Bundle (`batch` or `transaction`). Each entry has a `PUT` request to
//! `Type/id` so a receiver upserts. Ids are deterministic (a 128-bit FNV-1a hash written as a UUID):
//! a patient's id comes from its first identifier, shared resources (practitioners, organizations,
//! locations) from their content, so the same one converts to the same id in every message; the
//! others from the message (MSH-3/4/7/10) and the segment position. A collision is detected,
//! resolved and reported.

mod ids;
mod segments;
pub mod tables;
mod types;

use crate::model::*;
use crate::FhirError;
use medcore_hl7::Message;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Which kind of Bundle to produce.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BundleKind {
    /// `batch`: entries are independent.
    #[default]
    Batch,
    /// `transaction`: all entries succeed or fail together.
    Transaction,
}

/// Conversion settings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConvertOptions {
    /// Bundle type.
    #[serde(default)]
    pub bundle_kind: BundleKind,
    /// The UTC offset (`+01:00`, `Z`) to assume for v2 times sent without one. Without it such
    /// values keep only their date (FHIR requires a zone on a time), with a warning.
    #[serde(default)]
    pub default_offset: Option<String>,
}

/// Something the conversion could not carry over exactly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConvertWarning {
    /// The v2 location (e.g. `PID-7`).
    pub location: String,
    /// What happened.
    pub message: String,
}

/// A converted message: the Bundle and the warnings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Conversion {
    /// The Bundle.
    pub bundle: Bundle,
    /// Values not carried over exactly (HL7 parse warnings included).
    pub warnings: Vec<ConvertWarning>,
}

/// Conversion state for one message.
pub(crate) struct Ctx<'o> {
    pub options: &'o ConvertOptions,
    pub warnings: Vec<ConvertWarning>,
    /// Message key: MSH-3, MSH-4, MSH-7, MSH-10.
    pub seed: String,
    pub entries: Vec<Resource>,
    /// id -> (index in entries, content key) for collision checks.
    ids: HashMap<String, (usize, String)>,
    pub patient: Option<String>,
    pub encounter: Option<String>,
    /// MSH-9.2, the trigger event.
    pub event: Option<String>,
}

impl<'o> Ctx<'o> {
    pub(crate) fn warn(&mut self, location: &str, message: String) {
        self.warnings.push(ConvertWarning {
            location: location.to_string(),
            message,
        });
    }

    /// Adds a resource whose id is derived from `key` (content or position), and returns its
    /// reference (`Type/id`). The same key gives the same resource (added once); a different
    /// resource landing on a taken id gets a fresh one and a warning.
    pub(crate) fn add(&mut self, mut r: Resource, key: &str) -> String {
        let rt = r.resource_type().to_string();
        let mut id = ids::uuid(&[&rt, key]);
        let mut salt = 0u32;
        loop {
            match self.ids.get(&id) {
                None => break,
                Some((_, k)) if k == key => return format!("{rt}/{id}"),
                Some(_) => {
                    salt += 1;
                    let taken = id.clone();
                    id = ids::uuid(&[&rt, key, &salt.to_string()]);
                    self.warn(&rt, format!("id {taken} collided; used {id}"));
                }
            }
        }
        set_id(&mut r, &id);
        self.ids
            .insert(id.clone(), (self.entries.len(), key.to_string()));
        self.entries.push(r);
        format!("{rt}/{id}")
    }

    /// A reference to a resource already added, or just made.
    pub(crate) fn reference(r: &str) -> Reference {
        Reference {
            reference: Some(r.to_string()),
            ..Default::default()
        }
    }
}

fn set_id(r: &mut Resource, id: &str) {
    let id = Some(id.to_string());
    match r {
        Resource::Patient(x) => x.id = id,
        Resource::Encounter(x) => x.id = id,
        Resource::Observation(x) => x.id = id,
        Resource::MessageHeader(x) => x.id = id,
        Resource::Provenance(x) => x.id = id,
        Resource::RelatedPerson(x) => x.id = id,
        Resource::AllergyIntolerance(x) => x.id = id,
        Resource::Condition(x) => x.id = id,
        Resource::Coverage(x) => x.id = id,
        Resource::DiagnosticReport(x) => x.id = id,
        Resource::ServiceRequest(x) => x.id = id,
        Resource::Immunization(x) => x.id = id,
        Resource::MedicationRequest(x) => x.id = id,
        Resource::Specimen(x) => x.id = id,
        Resource::Practitioner(x) => x.id = id,
        Resource::Organization(x) => x.id = id,
        Resource::Location(x) => x.id = id,
        Resource::Bundle(x) => x.id = id,
        Resource::OperationOutcome(x) => x.id = id,
        Resource::PractitionerRole(x) => x.id = id,
        Resource::Medication(x) => x.id = id,
        Resource::Account(x) => x.id = id,
        Resource::DocumentReference(x) => x.id = id,
        Resource::Consent(x) => x.id = id,
        Resource::AuditEvent(x) => x.id = id,
        Resource::Other(m) => {
            m.insert("id".into(), serde_json::Value::from(id));
        }
    }
}

/// Converts one parsed v2 message.
pub fn convert_message(
    msg: &Message<'_>,
    options: &ConvertOptions,
) -> Result<Conversion, FhirError> {
    let msh = msg
        .segment(0)
        .filter(|s| s.id() == "MSH")
        .ok_or_else(|| FhirError::Conversion {
            location: "MSH".into(),
            message: "the message does not start with MSH".into(),
        })?;
    let seed = [3, 4, 7, 10]
        .iter()
        .map(|&n| msh.field(n).map(|f| f.raw()).unwrap_or(""))
        .collect::<Vec<_>>()
        .join("|");
    let mut ctx = Ctx {
        options,
        warnings: msg
            .warnings()
            .iter()
            .map(|w| ConvertWarning {
                location: "HL7".into(),
                message: w.to_string(),
            })
            .collect(),
        seed,
        entries: Vec::new(),
        ids: HashMap::new(),
        patient: None,
        encounter: None,
        event: None,
    };
    let mut bundle = segments::convert(&mut ctx, msg, &msh);
    bundle.type_ = Some(
        match options.bundle_kind {
            BundleKind::Batch => "batch",
            BundleKind::Transaction => "transaction",
        }
        .into(),
    );
    bundle.id = Some(ids::uuid(&["Bundle", &ctx.seed]));
    bundle.entry = ctx
        .entries
        .into_iter()
        .map(|r| {
            let rt = r.resource_type().to_string();
            let id = r.id().unwrap_or_default().to_string();
            BundleEntry {
                full_url: Some(format!("urn:uuid:{id}")),
                request: Some(BundleEntryRequest {
                    method: Some("PUT".into()),
                    url: Some(format!("{rt}/{id}")),
                    ..Default::default()
                }),
                resource: Some(r),
                ..Default::default()
            }
        })
        .collect();
    Ok(Conversion {
        bundle,
        warnings: ctx.warnings,
    })
}

/// Parses and converts one v2 message.
pub fn convert_text(text: &str, options: &ConvertOptions) -> Result<Conversion, FhirError> {
    let msg = medcore_hl7::parse_str(text)?;
    convert_message(&msg, options)
}

/// Parses and converts one v2 message to its Bundle (warnings dropped; see [`convert_text`]).
pub fn v2_to_bundle(text: &str, options: &ConvertOptions) -> Result<Bundle, FhirError> {
    convert_text(text, options).map(|c| c.bundle)
}

/// Parses and converts one v2 message to Bundle JSON.
pub fn v2_to_bundle_json(text: &str, options: &ConvertOptions) -> Result<String, FhirError> {
    let c = convert_text(text, options)?;
    Ok(to_json(&Resource::Bundle(Box::new(c.bundle))))
}

/// Converts many messages; one result per message, in order.
pub fn convert_batch(
    texts: &[&str],
    options: &ConvertOptions,
) -> Vec<Result<Conversion, FhirError>> {
    texts.iter().map(|t| convert_text(t, options)).collect()
}
