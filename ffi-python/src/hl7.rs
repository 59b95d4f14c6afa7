//! `medcore.hl7`: conversions between `medcore::hl7` and Python objects.
//!
//! A parsed message is shared (`Arc`) by every view taken from it; a view holds the message and
//! the 1-based numbers that locate it, and asks the core for its node on each access.

use crate::errors;
use medcore::hl7 as core;
use pyo3::exceptions::{PyIndexError, PyKeyError, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyIterator, PyList, PyString};
use std::borrow::Cow;
use std::sync::Arc;

type Shared = Arc<core::Message<'static>>;

/// Registers the `hl7` child module of `medcore._native`.
pub(crate) fn register(parent: &Bound<'_, PyModule>) -> PyResult<()> {
    let m = PyModule::new(parent.py(), "hl7")?;
    m.add_class::<Message>()?;
    m.add_class::<Segment>()?;
    m.add_class::<Field>()?;
    m.add_class::<Repetition>()?;
    m.add_class::<Component>()?;
    m.add_class::<Subcomponent>()?;
    m.add_class::<MessageType>()?;
    m.add_class::<Warning>()?;
    m.add_class::<Delimiters>()?;
    m.add_class::<UnknownEscape>()?;
    m.add_class::<Batch>()?;
    m.add_class::<MessageBuilder>()?;
    m.add_class::<Frame>()?;
    m.add_class::<Deframer>()?;
    m.add_function(wrap_pyfunction!(parse, &m)?)?;
    m.add_function(wrap_pyfunction!(parse_many, &m)?)?;
    m.add_function(wrap_pyfunction!(parse_batch, &m)?)?;
    m.add_function(wrap_pyfunction!(escape, &m)?)?;
    m.add_function(wrap_pyfunction!(unescape, &m)?)?;
    m.add_function(wrap_pyfunction!(unescape_checked, &m)?)?;
    m.add_function(wrap_pyfunction!(frame, &m)?)?;
    m.add_class::<Validator>()?;
    m.add_class::<ValidationReport>()?;
    m.add_function(wrap_pyfunction!(build_ack, &m)?)?;
    parent.add_submodule(&m)?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Inputs

/// Message input: `bytes` and `bytearray` are read as bytes (MSH-18 decides the character set),
/// `str` as UTF-8 text.
enum Input<'py> {
    Bytes(Bound<'py, PyBytes>),
    Owned(Vec<u8>),
    Text(Cow<'py, str>),
}

impl<'py> Input<'py> {
    fn extract(obj: &Bound<'py, PyAny>) -> PyResult<Self> {
        if let Ok(b) = obj.cast::<PyBytes>() {
            return Ok(Input::Bytes(b.clone()));
        }
        if let Ok(s) = obj.cast::<PyString>() {
            return Ok(Input::Text(Cow::Owned(s.to_cow()?.into_owned())));
        }
        if let Ok(b) = obj.cast::<PyByteArray>() {
            return Ok(Input::Owned(b.to_vec()));
        }
        Err(PyTypeError::new_err(format!(
            "expected bytes, bytearray or str, got {}",
            obj.get_type().name()?
        )))
    }

    fn bytes(&self) -> &[u8] {
        match self {
            Input::Bytes(b) => b.as_bytes(),
            Input::Owned(v) => v,
            Input::Text(s) => s.as_bytes(),
        }
    }
}

fn parse_owned(bytes: &[u8]) -> Result<core::Message<'static>, core::Hl7Error> {
    core::parse(bytes).map(core::Message::into_owned)
}

fn wrap(py: Python<'_>, msg: core::Message<'static>) -> PyResult<Py<Message>> {
    Py::new(py, Message { msg: Arc::new(msg) })
}

/// Parses one HL7 v2 message.
#[pyfunction]
fn parse(py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<Py<Message>> {
    let input = Input::extract(data)?;
    let msg = parse_owned(input.bytes()).map_err(errors::hl7)?;
    wrap(py, msg)
}

/// Parses many messages in one call, without holding the GIL while parsing.
#[pyfunction]
fn parse_many(py: Python<'_>, items: &Bound<'_, PyAny>) -> PyResult<Vec<Py<Message>>> {
    let inputs = items
        .try_iter()?
        .map(|item| item.and_then(|i| Input::extract(&i)))
        .collect::<PyResult<Vec<_>>>()?;
    let slices: Vec<&[u8]> = inputs.iter().map(Input::bytes).collect();
    let parsed = py.detach(|| {
        slices
            .iter()
            .enumerate()
            .map(|(i, b)| parse_owned(b).map_err(|e| (i, e)))
            .collect::<Result<Vec<_>, _>>()
    });
    parsed
        .map_err(|(i, e)| errors::hl7_at(i, e))?
        .into_iter()
        .map(|m| wrap(py, m))
        .collect()
}

/// Reads a batch file or multi-message stream (FHS/BHS/BTS/FTS envelopes, any line ending,
/// MLLP framing) without holding the GIL. Nothing is dropped: envelope problems and messages
/// that fail to parse are listed in `Batch.errors`.
#[pyfunction]
fn parse_batch(py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<Batch> {
    let input = Input::extract(data)?;
    let bytes = input.bytes();
    let (messages, errs, warnings) = py.detach(|| {
        let mut messages = Vec::new();
        let mut errs = Vec::new();
        let mut split = core::batch::split(bytes);
        for unit in split.by_ref() {
            match unit {
                Ok(u) if u.kind == core::batch::UnitKind::Message => match parse_owned(u.bytes) {
                    Ok(m) => messages.push(m),
                    Err(e) => errs.push(e),
                },
                Ok(_) => {}
                Err(e) => errs.push(e),
            }
        }
        (messages, errs, split.warnings().to_vec())
    });
    Ok(Batch {
        messages: messages
            .into_iter()
            .map(|m| wrap(py, m))
            .collect::<PyResult<_>>()?,
        errors: errs
            .into_iter()
            .map(|e| errors::hl7(e).into_value(py).into_any())
            .collect(),
        warnings: warnings.iter().map(Warning::from).collect(),
    })
}

// ---------------------------------------------------------------------------------------------
// Small value types

/// MSH-9 split into code, trigger event and structure.
#[pyclass(frozen, eq, module = "medcore.hl7")]
#[derive(PartialEq)]
struct MessageType {
    #[pyo3(get)]
    code: String,
    #[pyo3(get)]
    trigger: String,
    #[pyo3(get)]
    structure: String,
}

#[pymethods]
impl MessageType {
    fn __repr__(&self) -> String {
        format!(
            "MessageType(code={:?}, trigger={:?}, structure={:?})",
            self.code, self.trigger, self.structure
        )
    }
}

/// Something the parser tolerated (line endings, BOM, framing...): never silent.
#[pyclass(frozen, eq, module = "medcore.hl7")]
#[derive(PartialEq, Clone)]
struct Warning {
    #[pyo3(get)]
    code: &'static str,
    #[pyo3(get)]
    line: usize,
    #[pyo3(get)]
    offset: usize,
    #[pyo3(get)]
    message: String,
}

impl From<&core::Warning> for Warning {
    fn from(w: &core::Warning) -> Self {
        Warning {
            code: w.code,
            line: w.line,
            offset: w.offset,
            message: w.message.clone(),
        }
    }
}

#[pymethods]
impl Warning {
    fn __repr__(&self) -> String {
        format!(
            "Warning(code={:?}, line={}, offset={}, message={:?})",
            self.code, self.line, self.offset, self.message
        )
    }
}

/// The delimiters of a message (MSH-1 and MSH-2).
#[pyclass(frozen, eq, module = "medcore.hl7")]
#[derive(PartialEq, Clone, Copy)]
struct Delimiters {
    inner: core::Delimiters,
}

#[pymethods]
impl Delimiters {
    #[new]
    #[pyo3(
        signature = (field='|', component='^', repetition='~', escape=Some('\\'), subcomponent=Some('&'), truncation=None),
        text_signature = "(field='|', component='^', repetition='~', escape='\\\\', subcomponent='&', truncation=None)"
    )]
    fn new(
        field: char,
        component: char,
        repetition: char,
        escape: Option<char>,
        subcomponent: Option<char>,
        truncation: Option<char>,
    ) -> Self {
        Delimiters {
            inner: core::Delimiters {
                field,
                component,
                repetition,
                escape,
                subcomponent,
                truncation,
            },
        }
    }
    #[getter]
    fn field(&self) -> char {
        self.inner.field
    }
    #[getter]
    fn component(&self) -> char {
        self.inner.component
    }
    #[getter]
    fn repetition(&self) -> char {
        self.inner.repetition
    }
    #[getter]
    fn escape(&self) -> Option<char> {
        self.inner.escape
    }
    #[getter]
    fn subcomponent(&self) -> Option<char> {
        self.inner.subcomponent
    }
    #[getter]
    fn truncation(&self) -> Option<char> {
        self.inner.truncation
    }
    /// MSH-2 as written for these delimiters.
    #[getter]
    fn encoding_characters(&self) -> String {
        self.inner.encoding_characters()
    }
    fn __repr__(&self) -> String {
        format!(
            "Delimiters(field={:?}, encoding_characters={:?})",
            self.inner.field,
            self.inner.encoding_characters()
        )
    }
}

fn delimiters_or_default(d: Option<PyRef<'_, Delimiters>>) -> core::Delimiters {
    d.map(|d| d.inner).unwrap_or_default()
}

// ---------------------------------------------------------------------------------------------
// Message and its views

/// A parsed HL7 v2 message.
#[pyclass(frozen, module = "medcore.hl7")]
pub(crate) struct Message {
    msg: Shared,
}

impl Message {
    /// The parsed core message, shared with the views taken from it.
    pub(crate) fn shared(&self) -> Shared {
        Arc::clone(&self.msg)
    }
}

fn segment_view(msg: &Shared, index: usize) -> PyResult<Segment> {
    if index < msg.segment_count() {
        Ok(Segment {
            msg: msg.clone(),
            s: index as u32,
        })
    } else {
        Err(PyIndexError::new_err(format!(
            "segment {index} out of range ({} segments)",
            msg.segment_count()
        )))
    }
}

fn list_iter<'py>(
    py: Python<'py>,
    items: Vec<impl IntoPyObject<'py>>,
) -> PyResult<Bound<'py, PyIterator>> {
    PyList::new(py, items)?.try_iter()
}

#[pymethods]
impl Message {
    /// The message text the offsets refer to (UTF-8; transcoded when MSH-18 named a
    /// single-byte character set).
    #[getter]
    fn text(&self) -> &str {
        self.msg.text()
    }
    /// The character set the input was read in, as HL7 names it (MSH-18).
    #[getter]
    fn charset(&self) -> &'static str {
        self.msg.charset().hl7_name()
    }
    /// MSH-12.1.
    #[getter]
    fn version(&self) -> Option<&str> {
        self.msg.version()
    }
    /// MSH-10.
    #[getter]
    fn control_id(&self) -> Option<&str> {
        self.msg.control_id()
    }
    #[getter]
    fn message_type(&self) -> MessageType {
        let t = self.msg.message_type();
        MessageType {
            code: t.code,
            trigger: t.trigger,
            structure: t.structure,
        }
    }
    #[getter]
    fn warnings(&self) -> Vec<Warning> {
        self.msg.warnings().iter().map(Warning::from).collect()
    }
    #[getter]
    fn delimiters(&self) -> Delimiters {
        Delimiters {
            inner: *self.msg.delimiters(),
        }
    }
    #[getter]
    fn segments(&self) -> Vec<Segment> {
        (0..self.msg.segment_count() as u32)
            .map(|s| Segment {
                msg: self.msg.clone(),
                s,
            })
            .collect()
    }
    /// The segment at 0-based position `index`, or None.
    fn segment(&self, index: usize) -> Option<Segment> {
        segment_view(&self.msg, index).ok()
    }
    /// The `occurrence`-th (1-based) segment with this id, or None.
    #[pyo3(signature = (id, occurrence=1))]
    fn find_segment(&self, id: &str, occurrence: usize) -> Option<Segment> {
        self.msg.find_segment(id, occurrence).map(|s| Segment {
            msg: self.msg.clone(),
            s: s.index() as u32,
        })
    }
    /// Every segment with this id, in order.
    fn segments_with_id(&self, id: &str) -> Vec<Segment> {
        self.msg
            .segments_with_id(id)
            .map(|s| Segment {
                msg: self.msg.clone(),
                s: s.index() as u32,
            })
            .collect()
    }
    /// The decoded value at an HL7 path such as `PID-5-1`, `PID-3(2)-1` or `OBX(3)-5`;
    /// `default` when the message has nothing there.
    #[pyo3(signature = (path, default=None))]
    fn get(&self, path: &str, default: Option<Bound<'_, PyAny>>) -> PyResult<Option<Py<PyAny>>> {
        let py_default = default.map(Bound::unbind);
        match self.msg.get(path).map_err(errors::hl7)? {
            Some(v) => Python::attach(|py| Ok(Some(PyString::new(py, &v).into_any().unbind()))),
            None => Ok(py_default),
        }
    }
    /// The message as JSON (segments, fields, repetitions, components as nested arrays).
    fn to_json(&self) -> String {
        self.msg.to_json()
    }
    /// A builder holding a copy of this message, to edit and re-encode it.
    fn to_builder(&self) -> MessageBuilder {
        MessageBuilder {
            inner: core::MessageBuilder::from_message(&self.msg),
        }
    }
    fn __len__(&self) -> usize {
        self.msg.segment_count()
    }
    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyIterator>> {
        list_iter(py, self.segments())
    }
    /// `msg[i]` is the i-th segment (0-based, negative from the end); `msg["PID-5-1"]` the
    /// decoded value at a path (KeyError when absent).
    fn __getitem__(&self, py: Python<'_>, key: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        if let Ok(path) = key.cast::<PyString>() {
            let path = path.to_cow()?;
            return match self.msg.get(&path).map_err(errors::hl7)? {
                Some(v) => Ok(PyString::new(py, &v).into_any().unbind()),
                None => Err(PyKeyError::new_err(path.into_owned())),
            };
        }
        let i: isize = key.extract()?;
        let n = self.msg.segment_count() as isize;
        let index = if i < 0 { i + n } else { i };
        if index < 0 {
            return Err(PyIndexError::new_err(format!(
                "segment {i} out of range ({n} segments)"
            )));
        }
        Ok(Py::new(py, segment_view(&self.msg, index as usize)?)?.into_any())
    }
    /// `"OBX" in msg`: whether a segment with this id is present.
    fn __contains__(&self, id: &str) -> bool {
        self.msg.find_segment(id, 1).is_some()
    }
    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<Message>()
            .map(|o| o.get().msg.text() == self.msg.text())
            .unwrap_or(false)
    }
    fn __hash__(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        self.msg.text().hash(&mut h);
        h.finish()
    }
    fn __str__(&self) -> &str {
        self.msg.text()
    }
    fn __repr__(&self) -> String {
        let t = self.msg.message_type();
        format!(
            "<Message {}^{} control_id={:?} segments={}>",
            t.code,
            t.trigger,
            self.msg.control_id().unwrap_or(""),
            self.msg.segment_count()
        )
    }
}

/// One segment of a message.
#[pyclass(frozen, module = "medcore.hl7")]
struct Segment {
    msg: Shared,
    s: u32,
}

impl Segment {
    fn view(&self) -> core::Segment<'_> {
        // Views are only made for segments that exist; the message never changes.
        self.msg
            .segment(self.s as usize)
            .unwrap_or_else(|| unreachable!("segment views exist only for present segments"))
    }
    fn child(&self, number: usize) -> Option<Field> {
        self.view().field(number).map(|_| Field {
            msg: self.msg.clone(),
            s: self.s,
            f: number as u32,
        })
    }
}

#[pymethods]
impl Segment {
    /// The segment id, e.g. `PID`.
    #[getter]
    fn id(&self) -> &str {
        self.view().id()
    }
    /// 0-based position in the message.
    #[getter]
    fn index(&self) -> usize {
        self.s as usize
    }
    /// 1-based line of the input where the segment starts.
    #[getter]
    fn line(&self) -> usize {
        self.view().line()
    }
    /// 0-based byte offset in the message text.
    #[getter]
    fn offset(&self) -> usize {
        self.view().offset()
    }
    /// The whole segment as written, without its terminator.
    #[getter]
    fn raw(&self) -> &str {
        self.view().raw()
    }
    /// All fields present, from field 1 (MSH-1 is the field separator).
    #[getter]
    fn fields(&self) -> Vec<Field> {
        (1..=self.view().field_count() as u32)
            .map(|f| Field {
                msg: self.msg.clone(),
                s: self.s,
                f,
            })
            .collect()
    }
    /// Field `number` (1-based), or None when not present.
    fn field(&self, number: usize) -> Option<Field> {
        self.child(number)
    }
    fn __len__(&self) -> usize {
        self.view().field_count()
    }
    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyIterator>> {
        list_iter(py, self.fields())
    }
    /// `seg[n]` is field n (1-based, as HL7 numbers fields).
    fn __getitem__(&self, number: usize) -> PyResult<Field> {
        self.child(number).ok_or_else(|| {
            PyIndexError::new_err(format!("{} has no field {number}", self.view().id()))
        })
    }
    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<Segment>()
            .map(|o| o.get().view().raw() == self.view().raw())
            .unwrap_or(false)
    }
    fn __hash__(&self) -> u64 {
        hash_str(self.view().raw())
    }
    fn __str__(&self) -> &str {
        self.view().raw()
    }
    fn __repr__(&self) -> String {
        let v = self.view();
        format!("<Segment {} index={} line={}>", v.id(), v.index(), v.line())
    }
}

fn hash_str(s: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    s.hash(&mut h);
    h.finish()
}

/// A value view: the methods every level shares (raw, decoded, offset, emptiness, equality,
/// repr) and, above the leaves, the 1-based child accessors (`repetitions`/`repetition(n)`...).
macro_rules! value_view {
    ($name:ident, $pyname:literal, [$($idx:ident),+], |$me:ident| $resolve:expr, $label:expr
     $(, number: $number:ident)?
     $(, children: $child:ident, [$($cidx:ident),+], $new:ident, $plural:ident, $one:ident, $count:ident)?) => {
        #[doc = concat!("A ", $pyname, " of a message.")]
        #[pyclass(frozen, module = "medcore.hl7")]
        struct $name {
            msg: Shared,
            $($idx: u32),+
        }

        impl $name {
            fn view(&self) -> core::$name<'_> {
                let $me = self;
                // Views are only made for nodes that exist; the message never changes.
                $resolve.unwrap_or_else(|| unreachable!("views exist only for present nodes"))
            }
            fn segment_id(&self) -> &str {
                self.msg.segment(self.s as usize).map(|s| s.id()).unwrap_or("")
            }
        }

        #[pymethods]
        impl $name {
            /// The text as written, still HL7-escaped.
            #[getter]
            fn raw(&self) -> &str {
                self.view().raw()
            }
            /// The value with HL7 escape sequences decoded.
            #[getter]
            fn decoded(&self) -> Cow<'_, str> {
                self.view().decoded()
            }
            /// 0-based byte offset in the message text.
            #[getter]
            fn offset(&self) -> usize {
                self.view().offset()
            }
            /// True when nothing was sent.
            #[getter]
            fn is_empty(&self) -> bool {
                self.view().is_empty()
            }
            /// True when the explicit null `""` was sent.
            #[getter]
            fn is_null(&self) -> bool {
                self.view().is_null()
            }
            fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
                other
                    .cast::<$name>()
                    .map(|o| o.get().view().raw() == self.view().raw())
                    .unwrap_or(false)
            }
            fn __hash__(&self) -> u64 {
                hash_str(self.view().raw())
            }
            fn __str__(&self) -> Cow<'_, str> {
                self.view().decoded()
            }
            fn __repr__(&self) -> String {
                let $me = self;
                format!("<{} {} {:?}>", $pyname, $label, self.view().raw())
            }
            $(
            /// The field number (1-based).
            #[getter]
            fn number(&self) -> usize {
                self.$number as usize
            }
            )?
            $(
            /// All children, in order.
            #[getter]
            fn $plural(&self) -> Vec<$child> {
                (1..=self.view().$count() as u32)
                    .map(|$new| $child { msg: self.msg.clone(), $($cidx: self.$cidx,)+ $new })
                    .collect()
            }
            /// The n-th (1-based) child, or None.
            fn $one(&self, n: usize) -> Option<$child> {
                self.view().$one(n).map(|_| $child {
                    msg: self.msg.clone(),
                    $($cidx: self.$cidx,)+
                    $new: n as u32,
                })
            }
            fn __len__(&self) -> usize {
                self.view().$count()
            }
            fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyIterator>> {
                list_iter(py, self.$plural())
            }
            /// `x[n]`: the n-th child, 1-based as HL7 numbers them.
            fn __getitem__(&self, n: usize) -> PyResult<$child> {
                self.$one(n)
                    .ok_or_else(|| PyIndexError::new_err(format!("no {} {n}", stringify!($one))))
            }
            )?
        }
    };
}

value_view!(Field, "Field", [s, f],
    |me| me.msg.segment(me.s as usize).and_then(|s| s.field(me.f as usize)),
    format!("{}-{}", me.segment_id(), me.f),
    number: f,
    children: Repetition, [s, f], r, repetitions, repetition, repetition_count);

value_view!(Repetition, "Repetition", [s, f, r],
    |me| me.msg.segment(me.s as usize).and_then(|s| s.field(me.f as usize))
        .and_then(|f| f.repetition(me.r as usize)),
    format!("{}-{}({})", me.segment_id(), me.f, me.r),
    children: Component, [s, f, r], c, components, component, component_count);

value_view!(Component, "Component", [s, f, r, c],
    |me| me.msg.segment(me.s as usize).and_then(|s| s.field(me.f as usize))
        .and_then(|f| f.repetition(me.r as usize)).and_then(|r| r.component(me.c as usize)),
    format!("{}-{}({})-{}", me.segment_id(), me.f, me.r, me.c),
    children: Subcomponent, [s, f, r, c], sc, subcomponents, subcomponent, subcomponent_count);

value_view!(
    Subcomponent,
    "Subcomponent",
    [s, f, r, c, sc],
    |me| me
        .msg
        .segment(me.s as usize)
        .and_then(|s| s.field(me.f as usize))
        .and_then(|f| f.repetition(me.r as usize))
        .and_then(|r| r.component(me.c as usize))
        .and_then(|c| c.subcomponent(me.sc as usize)),
    format!("{}-{}({})-{}-{}", me.segment_id(), me.f, me.r, me.c, me.sc)
);

// ---------------------------------------------------------------------------------------------
// Batches

/// The messages of a batch file or stream, with every problem found on the way.
#[pyclass(frozen, module = "medcore.hl7")]
struct Batch {
    messages: Vec<Py<Message>>,
    errors: Vec<Py<PyAny>>,
    warnings: Vec<Warning>,
}

#[pymethods]
impl Batch {
    /// The messages, in order.
    #[getter]
    fn messages(&self, py: Python<'_>) -> Vec<Py<Message>> {
        self.messages.iter().map(|m| m.clone_ref(py)).collect()
    }
    /// Envelope problems and messages that failed to parse, as `Hl7Error` instances.
    #[getter]
    fn errors(&self, py: Python<'_>) -> Vec<Py<PyAny>> {
        self.errors.iter().map(|e| e.clone_ref(py)).collect()
    }
    /// Envelope problems that were tolerated (a missing BTS or FTS, say).
    #[getter]
    fn warnings(&self) -> Vec<Warning> {
        self.warnings.clone()
    }
    fn __len__(&self) -> usize {
        self.messages.len()
    }
    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyIterator>> {
        list_iter(py, self.messages(py))
    }
    fn __getitem__(&self, py: Python<'_>, index: usize) -> PyResult<Py<Message>> {
        self.messages
            .get(index)
            .map(|m| m.clone_ref(py))
            .ok_or_else(|| PyIndexError::new_err(format!("message {index} out of range")))
    }
    fn __repr__(&self) -> String {
        format!(
            "<Batch messages={} errors={} warnings={}>",
            self.messages.len(),
            self.errors.len(),
            self.warnings.len()
        )
    }
}

// ---------------------------------------------------------------------------------------------
// Escapes

/// An escape sequence kept verbatim because it is unknown or malformed.
#[pyclass(frozen, eq, module = "medcore.hl7")]
#[derive(PartialEq)]
struct UnknownEscape {
    #[pyo3(get)]
    offset: usize,
    #[pyo3(get)]
    sequence: String,
}

#[pymethods]
impl UnknownEscape {
    fn __repr__(&self) -> String {
        format!(
            "UnknownEscape(offset={}, sequence={:?})",
            self.offset, self.sequence
        )
    }
}

/// Escapes text for an HL7 value (standard delimiters unless given).
#[pyfunction]
#[pyo3(signature = (text, delimiters=None))]
fn escape(text: &str, delimiters: Option<PyRef<'_, Delimiters>>) -> PyResult<String> {
    core::escape::encode(text, &delimiters_or_default(delimiters))
        .map(Cow::into_owned)
        .map_err(errors::hl7)
}

/// Decodes HL7 escape sequences (standard delimiters unless given).
#[pyfunction]
#[pyo3(signature = (raw, delimiters=None))]
fn unescape(raw: &str, delimiters: Option<PyRef<'_, Delimiters>>) -> String {
    core::escape::decode(raw, &delimiters_or_default(delimiters)).into_owned()
}

/// Decodes HL7 escape sequences and lists those kept verbatim.
#[pyfunction]
#[pyo3(signature = (raw, delimiters=None))]
fn unescape_checked(
    raw: &str,
    delimiters: Option<PyRef<'_, Delimiters>>,
) -> (String, Vec<UnknownEscape>) {
    let (text, unknown) = core::escape::decode_checked(raw, &delimiters_or_default(delimiters));
    (
        text,
        unknown
            .into_iter()
            .map(|u| UnknownEscape {
                offset: u.offset,
                sequence: u.sequence,
            })
            .collect(),
    )
}

// ---------------------------------------------------------------------------------------------
// Building

/// A message under construction: set values by path, then encode.
#[pyclass(module = "medcore.hl7")]
struct MessageBuilder {
    inner: core::MessageBuilder,
}

#[pymethods]
impl MessageBuilder {
    #[new]
    #[pyo3(signature = (delimiters=None))]
    fn new(delimiters: Option<PyRef<'_, Delimiters>>) -> PyResult<Self> {
        core::MessageBuilder::new(delimiters_or_default(delimiters))
            .map(|inner| MessageBuilder { inner })
            .map_err(errors::hl7)
    }
    /// A builder holding a copy of a parsed message.
    #[staticmethod]
    fn from_message(message: PyRef<'_, Message>) -> Self {
        message.to_builder()
    }
    #[getter]
    fn delimiters(&self) -> Delimiters {
        Delimiters {
            inner: *self.inner.delimiters(),
        }
    }
    /// Appends a segment and returns its 0-based position.
    fn add_segment(&mut self, id: &str) -> PyResult<usize> {
        self.inner.add_segment(id).map_err(errors::hl7)
    }
    /// Sets the value at `path`, escaping it.
    fn set(&mut self, path: &str, value: &str) -> PyResult<()> {
        self.inner.set(path, value).map_err(errors::hl7)
    }
    /// Sets already-encoded text at `path`.
    fn set_encoded(&mut self, path: &str, encoded: &str) -> PyResult<()> {
        self.inner.set_encoded(path, encoded).map_err(errors::hl7)
    }
    /// The decoded value at `path`, or None.
    fn get(&self, path: &str) -> PyResult<Option<String>> {
        self.inner.get(path).map_err(errors::hl7)
    }
    /// The message text (segments terminated by CR).
    fn encode(&self) -> String {
        self.inner.encode()
    }
    /// Parses the encoded message.
    fn build(&self, py: Python<'_>) -> PyResult<Py<Message>> {
        let text = self.inner.encode();
        wrap(py, parse_owned(text.as_bytes()).map_err(errors::hl7)?)
    }
    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<MessageBuilder>()
            .ok()
            .and_then(|o| o.try_borrow().ok().map(|o| o.inner == self.inner))
            .unwrap_or(false)
    }
    fn __str__(&self) -> String {
        self.inner.encode()
    }
    fn __repr__(&self) -> String {
        format!("<MessageBuilder {:?}>", self.inner.encode())
    }
}

// ---------------------------------------------------------------------------------------------
// MLLP

/// Frames a message for sending over MLLP (`0x0B message 0x1C 0x0D`).
#[pyfunction]
fn frame<'py>(py: Python<'py>, message: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyBytes>> {
    let input = Input::extract(message)?;
    let framed = core::mllp::frame(input.bytes()).map_err(errors::hl7)?;
    Ok(PyBytes::new(py, &framed))
}

/// A complete MLLP frame.
#[pyclass(frozen, eq, module = "medcore.hl7")]
#[derive(PartialEq)]
struct Frame {
    payload: Vec<u8>,
    #[pyo3(get)]
    offset: u64,
    #[pyo3(get)]
    missing_cr: bool,
}

#[pymethods]
impl Frame {
    /// The message bytes between the framing bytes.
    #[getter]
    fn payload<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.payload)
    }
    fn __repr__(&self) -> String {
        format!(
            "<Frame offset={} bytes={} missing_cr={}>",
            self.offset,
            self.payload.len(),
            if self.missing_cr { "True" } else { "False" }
        )
    }
}

fn frame_result(r: Result<core::mllp::Frame, core::Hl7Error>) -> PyResult<Frame> {
    r.map(|f| Frame {
        payload: f.payload,
        offset: f.offset,
        missing_cr: f.missing_cr,
    })
    .map_err(errors::hl7)
}

/// Deframes an MLLP byte stream fed in pieces of any size.
#[pyclass(module = "medcore.hl7")]
struct Deframer {
    inner: core::mllp::Deframer,
}

#[pymethods]
impl Deframer {
    #[new]
    #[pyo3(signature = (max_frame=16 * 1024 * 1024), text_signature = "(max_frame=16777216)")]
    fn new(max_frame: usize) -> Self {
        Deframer {
            inner: core::mllp::Deframer::new(max_frame),
        }
    }
    /// Feeds bytes received from the stream.
    fn push(&mut self, data: &[u8]) {
        self.inner.push(data);
    }
    /// The next complete frame, or None; a framing problem raises `MllpError` (the deframer
    /// goes on with the next frame).
    fn next_frame(&mut self) -> PyResult<Option<Frame>> {
        self.inner.next_frame().map(frame_result).transpose()
    }
    /// Ends the stream: the frames left, and an `MllpError` for an unfinished frame or stray
    /// bytes, in stream order.
    fn finish(&mut self, py: Python<'_>) -> PyResult<Vec<Py<PyAny>>> {
        self.inner
            .finish()
            .into_iter()
            .map(|r| match frame_result(r) {
                Ok(f) => Ok(Py::new(py, f)?.into_any()),
                Err(e) => Ok(e.into_value(py).into_any()),
            })
            .collect()
    }
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }
    fn __next__(&mut self) -> PyResult<Option<Frame>> {
        self.next_frame()
    }
}

// ---------------------------------------------------------------------------------------------
// Validation and ACK

/// Validates messages against a conformance profile: `Validator()` or `Validator("lenient")`,
/// `Validator("strict")`, or a custom profile as JSON or TOML text.
#[pyclass(frozen, module = "medcore.hl7")]
struct Validator {
    inner: core::validate::Validator,
}

#[pymethods]
impl Validator {
    #[new]
    #[pyo3(signature = (profile = "lenient"))]
    fn new(profile: &str) -> PyResult<Self> {
        let p = match core::profile::Profile::builtin(profile) {
            Some(p) => p,
            None => core::profile::Profile::from_text(profile).map_err(errors::hl7)?,
        };
        Ok(Validator {
            inner: core::validate::Validator::new(p),
        })
    }
    /// The profile's name.
    #[getter]
    fn profile_name(&self) -> &str {
        &self.inner.profile().name
    }
    /// Validates one message.
    fn validate(&self, message: PyRef<'_, Message>) -> ValidationReport {
        ValidationReport {
            inner: self.inner.validate(&message.msg),
        }
    }
    /// Validates many messages in one call (the GIL is released while validating).
    fn validate_many(
        &self,
        py: Python<'_>,
        messages: Vec<PyRef<'_, Message>>,
    ) -> Vec<ValidationReport> {
        let shared: Vec<Shared> = messages.iter().map(|m| m.msg.clone()).collect();
        let reports = py.detach(|| {
            shared
                .iter()
                .map(|m| self.inner.validate(m))
                .collect::<Vec<_>>()
        });
        reports
            .into_iter()
            .map(|inner| ValidationReport { inner })
            .collect()
    }
    fn __repr__(&self) -> String {
        format!("Validator({:?})", self.inner.profile().name)
    }
}

/// The result of validating one message: header facts and every issue found.
#[pyclass(frozen, module = "medcore.hl7")]
struct ValidationReport {
    inner: core::validate::ValidationReport,
}

#[pymethods]
impl ValidationReport {
    /// MSH-10 of the validated message.
    #[getter]
    fn control_id(&self) -> &str {
        &self.inner.control_id
    }
    /// MSH-9 as written, e.g. `ADT^A01^ADT_A01`.
    #[getter]
    fn message_type(&self) -> &str {
        &self.inner.message_type
    }
    /// MSH-12.
    #[getter]
    fn version(&self) -> &str {
        &self.inner.version
    }
    /// The HL7 version whose definitions were used, if any.
    #[getter]
    fn definitions(&self) -> Option<&str> {
        self.inner.definitions.as_deref()
    }
    /// The message structure checked (e.g. `ADT_A01`), if known.
    #[getter]
    fn structure(&self) -> Option<&str> {
        self.inner.structure.as_deref()
    }
    /// Every issue as a dict: severity, code (HL7 table 0357), rule, segment, segment_index,
    /// field, repetition, component, subcomponent, line, offset, message.
    #[getter]
    fn issues<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        crate::conv::to_py(py, &self.inner.issues)
    }
    /// True when at least one issue is an error.
    #[getter]
    fn has_errors(&self) -> bool {
        self.inner.has_errors()
    }
    /// The worst severity found (`error`, `warning`, `info`), or None.
    #[getter]
    fn worst(&self) -> Option<&'static str> {
        self.inner.worst().map(|s| s.as_str())
    }
    /// The number of issues of a severity (`error`, `warning` or `info`).
    fn count(&self, severity: &Bound<'_, PyAny>) -> PyResult<usize> {
        let s: core::validate::Severity = crate::conv::from_py(severity)?;
        Ok(self.inner.count(s))
    }
    /// The whole report as plain data.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        crate::conv::to_py(py, &self.inner)
    }
    fn __len__(&self) -> usize {
        self.inner.issues.len()
    }
    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<ValidationReport>()
            .map(|o| o.get().inner == self.inner)
            .unwrap_or(false)
    }
    fn __repr__(&self) -> String {
        format!(
            "ValidationReport(control_id={:?}, structure={:?}, issues={}, has_errors={})",
            self.inner.control_id,
            self.inner.structure,
            self.inner.issues.len(),
            self.inner.has_errors()
        )
    }
}

/// Builds the ACK (original mode) answering `message` given its validation `report`: MSA-1 is
/// `code` when given (`AA`, `AE`, `AR`), otherwise what the report calls for; error issues
/// become ERR segments (warnings too with `include_warnings`).
#[pyfunction]
#[pyo3(signature = (message, report, control_id, timestamp, code = None, include_warnings = false))]
fn build_ack(
    message: PyRef<'_, Message>,
    report: PyRef<'_, ValidationReport>,
    control_id: &str,
    timestamp: &str,
    code: Option<&Bound<'_, PyAny>>,
    include_warnings: bool,
) -> PyResult<String> {
    let mut opts = core::ack::AckOptions::new(control_id, timestamp);
    opts.code = code.map(crate::conv::from_py).transpose()?;
    opts.include_warnings = include_warnings;
    Ok(core::ack::build_ack(&message.msg, &report.inner, &opts))
}
