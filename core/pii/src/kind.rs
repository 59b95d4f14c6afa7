//! The identifier types that tokenization, normalization and masking know.

use crate::error::PiiError;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A kind of personal identifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PiiType {
    /// US Social Security number.
    Ssn,
    /// Medical record number.
    Mrn,
    /// Telephone or fax number (normalized to E.164).
    Phone,
    /// Email address.
    Email,
    /// Person name.
    Name,
    /// Date of birth.
    Dob,
    /// Postal code.
    Postcode,
    /// Street address.
    Address,
    /// Any other identifier (account, licence, device, plan numbers...).
    Other,
}

impl PiiType {
    /// Every type, in a fixed order.
    pub const ALL: [PiiType; 9] = [
        PiiType::Ssn,
        PiiType::Mrn,
        PiiType::Phone,
        PiiType::Email,
        PiiType::Name,
        PiiType::Dob,
        PiiType::Postcode,
        PiiType::Address,
        PiiType::Other,
    ];

    /// The type's name as used in tokens, CLI flags and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            PiiType::Ssn => "ssn",
            PiiType::Mrn => "mrn",
            PiiType::Phone => "phone",
            PiiType::Email => "email",
            PiiType::Name => "name",
            PiiType::Dob => "dob",
            PiiType::Postcode => "postcode",
            PiiType::Address => "address",
            PiiType::Other => "other",
        }
    }
}

impl fmt::Display for PiiType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for PiiType {
    type Err = PiiError;
    fn from_str(s: &str) -> Result<Self, PiiError> {
        PiiType::ALL
            .into_iter()
            .find(|t| t.as_str() == s)
            .ok_or_else(|| PiiError::TokenFormat {
                reason: format!("unknown identifier type `{s}`"),
            })
    }
}
