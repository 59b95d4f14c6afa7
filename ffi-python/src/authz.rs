//! `medcore.authz`: policy sets held as handles, requests built natively (`Request`) or given
//! as dicts, single and batch decisions with obligations, explanations, query filters and a
//! decision-log hook to the host.

use crate::conv::{from_py, list_from_py, to_py};
use crate::errors;
use medcore::authz as core;
use pyo3::prelude::*;
use pyo3::types::PyList;
use std::borrow::Cow;
use std::sync::RwLock;

/// Registers the `authz` child module of `medcore._native`.
pub(crate) fn register(parent: &Bound<'_, PyModule>) -> PyResult<()> {
    let m = PyModule::new(parent.py(), "authz")?;
    m.add_class::<PolicySet>()?;
    m.add_class::<Request>()?;
    m.add_class::<Decision>()?;
    m.add_function(wrap_pyfunction!(mask_identifier, &m)?)?;
    m.add("DEFAULT_POLICY_TEXT", core::DEFAULT_POLICY_TEXT)?;
    m.add("DEFAULT_SCHEMA_JSON", core::DEFAULT_SCHEMA_JSON)?;
    parent.add_submodule(&m)?;
    Ok(())
}

/// One authorization question, built once and decided many times. `Request(principal, action,
/// resource, environment=None)` takes dicts shaped like the core's (`principal`: id, roles,
/// attributes; `resource`: type, id, attributes; `environment`: time, purpose_of_use,
/// break_glass, ...).
#[pyclass(frozen, eq, module = "medcore.authz")]
#[derive(PartialEq)]
struct Request {
    inner: core::Request,
}

#[pymethods]
impl Request {
    #[new]
    #[pyo3(signature = (principal, action, resource, environment = None))]
    fn new(
        principal: &Bound<'_, PyAny>,
        action: String,
        resource: &Bound<'_, PyAny>,
        environment: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        Ok(Request {
            inner: core::Request {
                principal: from_py(principal)?,
                action,
                resource: from_py(resource)?,
                environment: environment.map(from_py).transpose()?.unwrap_or_default(),
            },
        })
    }
    /// A request from one dict `{principal, action, resource, environment}`.
    #[staticmethod]
    fn from_dict(data: &Bound<'_, PyAny>) -> PyResult<Self> {
        Ok(Request {
            inner: from_py(data)?,
        })
    }
    /// The request as plain data.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner)
    }
    /// The action.
    #[getter]
    fn action(&self) -> &str {
        &self.inner.action
    }
    fn __repr__(&self) -> String {
        format!(
            "Request(principal={:?}, action={:?}, resource={:?}/{:?})",
            self.inner.principal.id,
            self.inner.action,
            self.inner.resource.kind,
            self.inner.resource.id
        )
    }
}

/// The answer to a request: effect, determining rules, obligations, advice, errors.
#[pyclass(frozen, eq, module = "medcore.authz")]
#[derive(PartialEq)]
pub(crate) struct Decision {
    inner: core::Decision,
}

impl Decision {
    /// The core decision.
    pub(crate) fn core(&self) -> &core::Decision {
        &self.inner
    }
}

#[pymethods]
impl Decision {
    /// `allow` or `deny`.
    #[getter]
    fn effect(&self) -> &'static str {
        match self.inner.effect {
            core::Effect::Allow => "allow",
            core::Effect::Deny => "deny",
        }
    }
    /// True for an allow.
    #[getter]
    fn allowed(&self) -> bool {
        self.inner.is_allowed()
    }
    /// Ids of the rules that determined the effect.
    #[getter]
    fn determining(&self) -> Vec<String> {
        self.inner
            .determining
            .iter()
            .map(|r| r.to_string())
            .collect()
    }
    /// Obligations as dicts with a `code` (MASK, REDACT, AUDIT, ENCRYPT, REQUIRE_REASON).
    #[getter]
    fn obligations<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner.obligations)
    }
    /// Advice messages.
    #[getter]
    fn advice(&self) -> Vec<String> {
        self.inner.advice.clone()
    }
    /// Evaluation problems (`rule`, `message`).
    #[getter]
    fn errors<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner.errors)
    }
    /// Whether a valid break-glass declaration was in force.
    #[getter]
    fn break_glass(&self) -> bool {
        self.inner.break_glass
    }
    /// The (field, kind) pairs of the MASK obligations, for `medcore.pii.mask(kind, value)`.
    fn masks(&self) -> Vec<(String, String)> {
        self.inner
            .masks()
            .into_iter()
            .map(|(f, k)| (f.to_string(), k.to_string()))
            .collect()
    }
    /// The decision as plain data.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner)
    }
    fn __bool__(&self) -> bool {
        self.inner.is_allowed()
    }
    fn __repr__(&self) -> String {
        format!(
            "Decision(effect={:?}, determining={:?}, obligations={})",
            self.effect(),
            self.determining(),
            self.inner.obligations.len()
        )
    }
}

/// Sends decision events to a Python callable (called with one dict per decision).
struct HostSink {
    hook: Py<PyAny>,
}

impl core::DecisionLogSink for HostSink {
    fn record(&self, event: &core::DecisionEvent) {
        Python::attach(|py| {
            let sent = to_py(py, event).and_then(|e| self.hook.call1(py, (e,)));
            if let Err(e) = sent {
                // A failing hook must not change the decision; report it as Python does for
                // errors it cannot raise.
                e.write_unraisable(py, None);
            }
        })
    }
}

/// A compiled policy set: `PolicySet.default()` (the embedded hospital policies) or
/// `PolicySet.from_text(text)`.
#[pyclass(frozen, module = "medcore.authz")]
struct PolicySet {
    inner: core::PolicySet,
    log: RwLock<Option<Py<PyAny>>>,
}

impl PolicySet {
    fn wrap(inner: core::PolicySet) -> Self {
        PolicySet {
            inner,
            log: RwLock::new(None),
        }
    }
    fn hook(&self, py: Python<'_>) -> Option<HostSink> {
        self.log.read().ok().and_then(|h| {
            h.as_ref().map(|hook| HostSink {
                hook: hook.clone_ref(py),
            })
        })
    }
}

/// A request given as a `Request` (borrowed) or a dict (converted).
fn request_of<'a>(obj: &'a Bound<'_, PyAny>) -> PyResult<Cow<'a, core::Request>> {
    match obj.cast::<Request>() {
        Ok(r) => Ok(Cow::Borrowed(&r.get().inner)),
        Err(_) => Ok(Cow::Owned(from_py(obj)?)),
    }
}

#[pymethods]
impl PolicySet {
    /// The embedded default hospital policy set.
    #[staticmethod]
    #[pyo3(name = "default")]
    fn default_set() -> Self {
        PolicySet::wrap(core::default_policy_set())
    }
    /// Compiles policy text against a schema (JSON text; the default schema when None).
    /// Unknown roles, actions, types and attributes raise with `source:line:column`.
    #[staticmethod]
    #[pyo3(signature = (text, source = "policies", schema = None))]
    fn from_text(text: &str, source: &str, schema: Option<&str>) -> PyResult<Self> {
        let schema = match schema {
            Some(s) => core::Schema::from_json("<schema>", s).map_err(errors::authz)?,
            None => core::default_schema(),
        };
        Ok(PolicySet::wrap(
            core::PolicySet::from_text(schema, source, text).map_err(errors::authz)?,
        ))
    }
    /// A new set with consent directives (dicts) added as rules.
    fn with_consents(&self, directives: &Bound<'_, PyAny>) -> PyResult<Self> {
        let d: Vec<core::ConsentDirective> = list_from_py(directives)?;
        Ok(PolicySet::wrap(
            self.inner.with_consents(&d).map_err(errors::authz)?,
        ))
    }
    /// The policy set's SHA-256 (hex).
    #[getter]
    fn hash(&self) -> &str {
        self.inner.hash()
    }
    /// The number of rules.
    fn __len__(&self) -> usize {
        self.inner.rules().len()
    }
    /// Sets (or clears, with None) the decision-log hook: a callable receiving one dict per
    /// decision (identifiers masked). It runs on the deciding thread: keep it cheap.
    fn set_decision_log(&self, hook: Option<Py<PyAny>>) {
        if let Ok(mut slot) = self.log.write() {
            *slot = hook;
        }
    }
    /// Decides one request (a `Request` or a dict).
    fn authorize(&self, py: Python<'_>, request: &Bound<'_, PyAny>) -> PyResult<Decision> {
        let req = request_of(request)?;
        let inner = match self.hook(py) {
            Some(sink) => self.inner.authorize_logged(&req, &sink),
            None => self.inner.authorize(&req),
        };
        Ok(Decision { inner })
    }
    /// Decides many requests (each a `Request` or a dict) in one call; the GIL is released
    /// while deciding (the decision-log hook re-acquires it per event).
    fn authorize_batch<'py>(
        &self,
        py: Python<'py>,
        requests: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyList>> {
        let held: Vec<Bound<'py, PyAny>> = requests.try_iter()?.collect::<PyResult<_>>()?;
        let reqs: Vec<Cow<'_, core::Request>> =
            held.iter().map(request_of).collect::<PyResult<_>>()?;
        let sink = self.hook(py);
        let ps = &self.inner;
        let decisions: Vec<core::Decision> = py.detach(|| match &sink {
            Some(s) => reqs.iter().map(|r| ps.authorize_logged(r, s)).collect(),
            None => reqs.iter().map(|r| ps.authorize(r)).collect(),
        });
        PyList::new(
            py,
            decisions
                .into_iter()
                .map(|inner| Bound::new(py, Decision { inner }))
                .collect::<PyResult<Vec<_>>>()?,
        )
    }
    /// Decides one request and explains it: `(decision, explanation)` with every rule's trace.
    fn explain<'py>(
        &self,
        py: Python<'py>,
        request: &Bound<'py, PyAny>,
    ) -> PyResult<(Decision, Bound<'py, PyAny>)> {
        let req = request_of(request)?;
        let (inner, explanation) = self.inner.explain(&req);
        Ok((Decision { inner }, to_py(py, &explanation)?))
    }
    /// Problems with a request's attributes against the schema (empty when it is well formed).
    fn check_request(&self, request: &Bound<'_, PyAny>) -> PyResult<Vec<String>> {
        let req = request_of(request)?;
        Ok(self.inner.check_request(&req))
    }
    /// The decision-log event of a decision (identifiers masked), as a dict.
    fn decision_event<'py>(
        &self,
        py: Python<'py>,
        request: &Bound<'py, PyAny>,
        decision: PyRef<'py, Decision>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let req = request_of(request)?;
        to_py(py, &self.inner.decision_event(&req, &decision.inner))
    }
    /// Query filtering: for a principal, action and resource type (a dict `{principal, action,
    /// resource_type, environment}`), the residual condition over resource attributes.
    fn filter<'py>(
        &self,
        py: Python<'py>,
        request: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let fr: core::FilterRequest = from_py(request)?;
        to_py(py, &self.inner.filter(&fr).map_err(errors::authz)?)
    }
    /// [`filter`] as a parameterized SQL WHERE fragment (`options` like the core's
    /// `SqlOptions`: placeholder style, column names, set encoding).
    #[pyo3(signature = (request, options = None))]
    fn filter_sql<'py>(
        &self,
        py: Python<'py>,
        request: &Bound<'py, PyAny>,
        options: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let fr: core::FilterRequest = from_py(request)?;
        let opts: core::SqlOptions = options.map(from_py).transpose()?.unwrap_or_default();
        let filter = self.inner.filter(&fr).map_err(errors::authz)?;
        to_py(
            py,
            &filter.to_sql(&self.inner, &opts).map_err(errors::authz)?,
        )
    }
    fn __repr__(&self) -> String {
        format!(
            "PolicySet(rules={}, hash={:?})",
            self.inner.rules().len(),
            self.inner.hash().get(..12).unwrap_or_default()
        )
    }
}

/// How the decision log masks an identifier.
#[pyfunction]
fn mask_identifier(id: &str) -> String {
    core::mask_identifier(id)
}
