//! Decision logging: structured events with masked identifiers, delivered to a host hook.

use crate::model::{Decision, Effect, Obligation, Request};
use crate::policyset::PolicySet;
use serde::{Deserialize, Serialize};
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};

/// One logged decision. Identifiers are masked (see [`mask_identifier`]); the break-glass
/// reason is kept in full because reviewing it is the point of logging it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DecisionEvent {
    /// `<first 12 hex digits of the policy hash>-<sequence number>`, unique per policy set.
    pub decision_id: String,
    /// Request time (seconds since the epoch) as given in the environment.
    pub time: i64,
    /// Masked principal id.
    pub principal: String,
    /// The principal's roles as given.
    pub roles: Vec<String>,
    /// The action.
    pub action: String,
    /// The resource type.
    pub resource_type: String,
    /// Masked resource id.
    pub resource: String,
    /// Allow or deny.
    pub effect: Effect,
    /// Determining rule ids.
    pub determining: Vec<Arc<str>>,
    /// Obligations of the decision.
    pub obligations: Vec<Obligation>,
    /// Purpose of use, if given.
    pub purpose_of_use: Option<String>,
    /// Break-glass reason, when break-glass was declared.
    pub break_glass_reason: Option<String>,
    /// Whether break-glass was valid.
    pub break_glass: bool,
    /// Number of evaluation errors.
    pub errors: usize,
    /// The policy set's SHA-256.
    pub policy_hash: String,
}

/// Where decision events go; the host implements it (a log shipper, a SIEM client, a table).
/// Implementations must be cheap or hand off to another thread: `record` runs on the
/// deciding thread.
pub trait DecisionLogSink: Send + Sync {
    /// Receives one event.
    fn record(&self, event: &DecisionEvent);
}

/// A sink keeping events in memory (tests, the CLI, small tools).
#[derive(Debug, Default)]
pub struct MemorySink {
    events: Mutex<Vec<DecisionEvent>>,
}

impl MemorySink {
    /// An empty sink.
    pub fn new() -> Self {
        Self::default()
    }

    /// Takes the events recorded so far.
    pub fn take(&self) -> Vec<DecisionEvent> {
        match self.events.lock() {
            Ok(mut g) => std::mem::take(&mut *g),
            Err(p) => std::mem::take(&mut *p.into_inner()),
        }
    }
}

impl DecisionLogSink for MemorySink {
    fn record(&self, event: &DecisionEvent) {
        match self.events.lock() {
            Ok(mut g) => g.push(event.clone()),
            Err(p) => p.into_inner().push(event.clone()),
        }
    }
}

/// Masks an identifier for logs: keeps the last 4 characters when it is longer than 8,
/// the last 2 when longer than 4, and hides short ones entirely
/// (`"patient-000123"` becomes `"**********0123"`).
pub fn mask_identifier(id: &str) -> String {
    let n = id.chars().count();
    let keep = if n > 8 {
        4
    } else if n > 4 {
        2
    } else {
        0
    };
    id.chars()
        .enumerate()
        .map(|(i, c)| if i < n - keep { '*' } else { c })
        .collect()
}

impl PolicySet {
    /// Builds the log event for a decision (and assigns it a decision id).
    pub fn decision_event(&self, req: &Request, d: &Decision) -> DecisionEvent {
        let seq = self.decisions.fetch_add(1, Ordering::Relaxed) + 1;
        DecisionEvent {
            decision_id: format!("{}-{seq}", self.hash().get(..12).unwrap_or("")),
            time: req.environment.time,
            principal: mask_identifier(&req.principal.id),
            roles: req.principal.roles.clone(),
            action: req.action.clone(),
            resource_type: req.resource.kind.clone(),
            resource: mask_identifier(&req.resource.id),
            effect: d.effect,
            determining: d.determining.clone(),
            obligations: d.obligations.clone(),
            purpose_of_use: req.environment.purpose_of_use.clone(),
            break_glass_reason: req
                .environment
                .break_glass
                .as_ref()
                .map(|b| b.reason.clone()),
            break_glass: d.break_glass,
            errors: d.errors.len(),
            policy_hash: self.hash().to_string(),
        }
    }

    /// Decides one request and sends the event to `sink`.
    pub fn authorize_logged(&self, req: &Request, sink: &dyn DecisionLogSink) -> Decision {
        let d = self.authorize(req);
        sink.record(&self.decision_event(req, &d));
        d
    }

    /// Decides many requests, sending one event per decision to `sink`.
    pub fn authorize_batch_logged(
        &self,
        reqs: &[Request],
        sink: &dyn DecisionLogSink,
    ) -> Vec<Decision> {
        reqs.iter()
            .map(|r| self.authorize_logged(r, sink))
            .collect()
    }
}
