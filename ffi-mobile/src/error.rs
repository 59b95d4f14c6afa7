//! The one public error of the mobile bindings: a variant per capability, each carrying the
//! stable machine-readable code and the human message of the core error.

use std::panic::{catch_unwind, AssertUnwindSafe};

/// An error raised to Kotlin (`MedcoreException`) or Swift (`MedcoreError`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, uniffi::Error)]
pub enum MedcoreError {
    /// An HL7 v2 error (codes `HL7_*`, e.g. `HL7_PARSE_NO_MSH`).
    #[error("{code}: {detail}")]
    Hl7 {
        /// The stable machine-readable code.
        code: String,
        /// The human message, naming the location.
        detail: String,
    },
    /// A triage error (codes `TRIAGE_*`, e.g. `TRIAGE_OUT_OF_RANGE`).
    #[error("{code}: {detail}")]
    Triage {
        /// The stable machine-readable code.
        code: String,
        /// The human message, naming the field.
        detail: String,
    },
    /// An authorization error (codes `AUTHZ_*`, e.g. `AUTHZ_SYNTAX`; the detail names
    /// `source:line:column` for policy text).
    #[error("{code}: {detail}")]
    Authz {
        /// The stable machine-readable code.
        code: String,
        /// The human message, naming the location.
        detail: String,
    },
    /// A routing error (codes `ROUTING_*`, e.g. `ROUTING_NODE_OUT_OF_RANGE`).
    #[error("{code}: {detail}")]
    Routing {
        /// The stable machine-readable code.
        code: String,
        /// The human message.
        detail: String,
    },
    /// A PII protection error (codes `PII_*`, e.g. `PII_AUTH_FAILED`).
    #[error("{code}: {detail}")]
    Pii {
        /// The stable machine-readable code.
        code: String,
        /// The human message.
        detail: String,
    },
    /// A billing error (codes `BILLING_*`).
    #[error("{code}: {detail}")]
    Billing {
        /// The stable machine-readable code.
        code: String,
        /// The human message.
        detail: String,
    },
    /// A FHIR error (codes `FHIR_*`, e.g. `FHIR_JSON`, `FHIR_UNKNOWN_ELEMENT`).
    #[error("{code}: {detail}")]
    Fhir {
        /// The stable machine-readable code.
        code: String,
        /// The human message, naming the location.
        detail: String,
    },
    /// An exception thrown by a host callback (code `MEDCORE_HOST_CALLBACK`), e.g. the
    /// decision-log hook or a key unwrapper.
    #[error("{code}: {detail}")]
    HostCallback {
        /// `MEDCORE_HOST_CALLBACK`.
        code: String,
        /// The host's message.
        detail: String,
    },
    /// An argument the core cannot take (code `MEDCORE_INVALID_ARGUMENT`).
    #[error("{code}: {detail}")]
    InvalidArgument {
        /// `MEDCORE_INVALID_ARGUMENT`.
        code: String,
        /// What is wrong with it.
        detail: String,
    },
    /// A bug inside medcore, caught before it reached the host (code `MEDCORE_PANIC`).
    #[error("{code}: {detail}")]
    Internal {
        /// `MEDCORE_PANIC`.
        code: String,
        /// The panic message.
        detail: String,
    },
}

impl MedcoreError {
    /// An invalid argument.
    pub fn invalid(detail: impl Into<String>) -> MedcoreError {
        MedcoreError::InvalidArgument {
            code: "MEDCORE_INVALID_ARGUMENT".into(),
            detail: detail.into(),
        }
    }

    /// The stable machine-readable code of any variant.
    pub fn code(&self) -> &str {
        match self {
            MedcoreError::Hl7 { code, .. }
            | MedcoreError::Triage { code, .. }
            | MedcoreError::Authz { code, .. }
            | MedcoreError::Routing { code, .. }
            | MedcoreError::Pii { code, .. }
            | MedcoreError::Billing { code, .. }
            | MedcoreError::Fhir { code, .. }
            | MedcoreError::HostCallback { code, .. }
            | MedcoreError::InvalidArgument { code, .. }
            | MedcoreError::Internal { code, .. } => code,
        }
    }
}

impl From<medcore::hl7::Hl7Error> for MedcoreError {
    fn from(e: medcore::hl7::Hl7Error) -> MedcoreError {
        MedcoreError::Hl7 {
            code: e.code().to_string(),
            detail: e.to_string(),
        }
    }
}

impl From<medcore::triage::TriageError> for MedcoreError {
    fn from(e: medcore::triage::TriageError) -> MedcoreError {
        MedcoreError::Triage {
            code: e.code().to_string(),
            detail: e.to_string(),
        }
    }
}

impl From<medcore::authz::AuthzError> for MedcoreError {
    fn from(e: medcore::authz::AuthzError) -> MedcoreError {
        MedcoreError::Authz {
            code: e.code().to_string(),
            detail: e.to_string(),
        }
    }
}

impl From<medcore::routing::RoutingError> for MedcoreError {
    fn from(e: medcore::routing::RoutingError) -> MedcoreError {
        MedcoreError::Routing {
            code: e.code().to_string(),
            detail: e.to_string(),
        }
    }
}

impl From<medcore::pii::PiiError> for MedcoreError {
    fn from(e: medcore::pii::PiiError) -> MedcoreError {
        MedcoreError::Pii {
            code: e.code().to_string(),
            detail: e.to_string(),
        }
    }
}

impl From<medcore::billing::BillingError> for MedcoreError {
    fn from(e: medcore::billing::BillingError) -> MedcoreError {
        MedcoreError::Billing {
            code: e.code().to_string(),
            detail: e.to_string(),
        }
    }
}

impl From<medcore::fhir::FhirError> for MedcoreError {
    fn from(e: medcore::fhir::FhirError) -> MedcoreError {
        MedcoreError::Fhir {
            code: e.code().to_string(),
            detail: e.to_string(),
        }
    }
}

impl From<uniffi::UnexpectedUniFFICallbackError> for MedcoreError {
    fn from(e: uniffi::UnexpectedUniFFICallbackError) -> MedcoreError {
        MedcoreError::HostCallback {
            code: "MEDCORE_HOST_CALLBACK".into(),
            detail: e.reason,
        }
    }
}

/// Runs an export body, turning a panic into `MedcoreError::Internal` with code `MEDCORE_PANIC`.
pub fn guard<T>(body: impl FnOnce() -> Result<T, MedcoreError>) -> Result<T, MedcoreError> {
    catch_unwind(AssertUnwindSafe(body)).unwrap_or_else(|payload| {
        let detail = if let Some(s) = payload.downcast_ref::<&str>() {
            (*s).to_string()
        } else if let Some(s) = payload.downcast_ref::<String>() {
            s.clone()
        } else {
            "a panic without a message".to_string()
        };
        Err(MedcoreError::Internal {
            code: "MEDCORE_PANIC".into(),
            detail: format!("internal error (panic): {detail}"),
        })
    })
}
