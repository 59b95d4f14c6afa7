//! Triage scoring and dispatch priority.
//!
//! * Early warning scores: [`news2`], [`mews`], [`qsofa`], [`sirs`], [`gcs`], [`pews`]: each
//!   returns a [`Score`] with the total, every parameter's value, band and points, the
//!   missing parameters (never scored as zero: the score is then flagged `partial`), the risk
//!   band, the clinical response and the citation.
//! * Emergency department: [`esi`] (ESI v4 and v5, decision points A–D with the path taken
//!   and any up-triage suggestion) and [`edscale`] (CTAS and Manchester level/time models
//!   with a discriminator engine whose content is user data).
//! * Mass casualty: [`mci`] (START, JumpSTART with the age switch, SALT).
//! * Dispatch: [`dispatch`] (determinant levels Omega–Echo, ARP categories C1–C4 with their
//!   targets, a rule table loaded from data, output for routing).
//!
//! Every function takes plain input structs and has a batch form over slices. Impossible
//! inputs are [`TriageError`]s with a stable code naming the field.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod bands;
pub mod dispatch;
pub mod edscale;
pub mod error;
pub mod esi;
pub mod gcs;
pub mod mci;
pub mod mews;
pub mod news2;
pub mod pews;
pub mod qsofa;
pub mod rules;
pub mod score;
pub mod sirs;

pub use dispatch::{dispatch, dispatch_batch, DispatchCall, DispatchResult, DispatchRules};
pub use edscale::{EdScale, EdTriage, EdTriageInput, EdTriageResult};
pub use error::TriageError;
pub use esi::{esi, esi_batch, EsiInput, EsiResult, EsiVersion};
pub use gcs::{gcs, gcs_batch, GcsInput, GcsResponse};
pub use mci::{
    jumpstart, mci_batch, mci_triage, salt, salt_batch, start, MciCategory, MciInput, MciResult,
    SaltInput,
};
pub use mews::{mews, mews_batch, MewsBands, MewsInput};
pub use news2::{
    news2, news2_batch, news2_summary, news2_summary_batch, Acvpu, News2Input, News2Summary,
};
pub use pews::{pews, pews_batch, PewsAgeBands, PewsInput};
pub use qsofa::{qsofa, qsofa_batch, QsofaInput};
pub use score::{Instrument, Observed, Parameter, ParameterScore, RiskBand, Score};
pub use sirs::{sirs, sirs_batch, SirsInput};
