//! `hl7`: conversions between `medcore::hl7` and JS values.
//!
//! `parse` returns one JS object, a [`Message`] that owns a copy of the input and the core's
//! segment index ([`core::LazyMessage`]): `get` splits only the segment it reads; the other
//! accessors build the full parse (a flat tree of byte ranges) once, on first use. No JS value is made for a segment, field or value until it is
//! read (`get`, the view accessors, `toJSON`). The message is shared (`Arc`) by every view taken
//! from it; a view holds the message and the numbers that locate it, and asks the core for its
//! node on each access. Views are numbered as HL7 numbers them: segments from 0, fields and below
//! from 1.

use crate::errors::{self, guard, Result};
use crate::input::Input;
use medcore::hl7 as core;
use napi::bindgen_prelude::{Buffer, ObjectFinalize};
use napi::bindgen_prelude::{Function, JsObjectValue, JsValue, Unknown};
use napi::JSON;
use napi::{Env, Task};
use napi_derive::napi;
use std::sync::{Arc, OnceLock};

type Shared = Arc<core::Message<'static>>;

/// Parses and detaches the message from its input, for a JS object that may live long.
///
/// The parser sizes its node arenas for the worst case (about 16 bytes of capacity per input
/// byte); a message kept by JS would hold that capacity until the garbage collector runs, and
/// V8 does not see it. The clone keeps only what is used (for the 8.5 KB ADT^A01 of the
/// benchmark, about 41 KB with the text instead of about 64 KB of resident memory), which makes
/// `parse` about a quarter cheaper from Node, where touching fresh pages is most of the cost.
fn parse_owned(bytes: &[u8]) -> std::result::Result<core::Message<'static>, core::Hl7Error> {
    core::parse(bytes).map(|m| m.clone().into_owned())
}

fn wrap(msg: core::Message<'static>) -> Message {
    Message::from_full(Arc::new(msg))
}

/// Reads the segment index only (see [`core::LazyMessage`]); fields are split when read.
fn parse_lazy(env: &Env, bytes: &[u8]) -> std::result::Result<Message, core::Hl7Error> {
    core::LazyMessage::parse(bytes).map(|m| {
        Message {
            lazy: Some(Arc::new(m.into_owned())),
            full: OnceLock::new(),
            external: 0,
        }
        .accounted(env)
    })
}

fn parse_all(
    items: &[Vec<u8>],
) -> std::result::Result<Vec<core::Message<'static>>, (usize, core::Hl7Error)> {
    items
        .iter()
        .enumerate()
        .map(|(i, b)| parse_owned(b).map_err(|e| (i, e)))
        .collect()
}

/// Parses one HL7 v2 message.
#[napi]
pub fn parse(
    env: Env,
    #[napi(ts_arg_type = "string | Uint8Array")] data: Input<'_>,
) -> Result<Message> {
    guard(|| parse_lazy(&env, data.as_bytes()).map_err(errors::hl7))
}

/// Parses many messages in one call; throws for the first bad item (`item N: ...`).
#[napi]
pub fn parse_many(
    env: Env,
    #[napi(ts_arg_type = "Array<string | Uint8Array>")] items: Vec<Input<'_>>,
) -> Result<Vec<Message>> {
    guard(|| {
        items
            .iter()
            .enumerate()
            .map(|(i, d)| parse_lazy(&env, d.as_bytes()).map_err(|e| errors::hl7_at(i, &e)))
            .collect()
    })
}

/// A failed item of a batch call, carried from the worker thread to the JS thread.
type TaskError = (String, String);

fn panic_or<T>(
    f: impl FnOnce() -> std::result::Result<T, TaskError>,
) -> std::result::Result<T, TaskError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f))
        .unwrap_or_else(|p| Err((errors::PANIC_CODE.to_string(), errors::panic_message(p))))
}

/// Rejects a promise with a JS `Error` whose `code` is the core's code.
fn reject<T>(env: Env, (code, message): TaskError) -> napi::Result<T> {
    let mut err = env.create_error(napi::Error::new(napi::Status::GenericFailure, message))?;
    err.set_named_property("code", code)?;
    Err(napi::Error::from(err.to_unknown()))
}

/// Parsing many messages on the libuv thread pool.
pub struct ParseManyTask {
    items: Vec<Vec<u8>>,
}

impl Task for ParseManyTask {
    type Output = std::result::Result<Vec<core::Message<'static>>, TaskError>;
    type JsValue = Vec<Message>;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        let items = std::mem::take(&mut self.items);
        Ok(panic_or(|| {
            parse_all(&items).map_err(|(i, e)| (e.code().to_string(), format!("item {i}: {e}")))
        }))
    }

    fn resolve(&mut self, env: Env, output: Self::Output) -> napi::Result<Self::JsValue> {
        match output {
            Ok(msgs) => Ok(msgs.into_iter().map(|m| wrap(m).accounted(&env)).collect()),
            Err(e) => reject(env, e),
        }
    }
}

/// `parseMany` off the JS thread: resolves to the messages, rejects with the first error.
#[napi(ts_return_type = "Promise<Array<Message>>")]
pub fn parse_many_async(
    #[napi(ts_arg_type = "Array<string | Uint8Array>")] items: Vec<Input<'_>>,
) -> napi::bindgen_prelude::AsyncTask<ParseManyTask> {
    napi::bindgen_prelude::AsyncTask::new(ParseManyTask {
        items: items.iter().map(|d| d.as_bytes().to_vec()).collect(),
    })
}

// ---------------------------------------------------------------------------------------------
// Plain objects

/// MSH-9 split into code, trigger event and structure.
#[napi(object)]
pub struct MessageType {
    /// MSH-9.1, e.g. `ADT`.
    pub code: String,
    /// MSH-9.2, e.g. `A01`.
    pub trigger: String,
    /// MSH-9.3, e.g. `ADT_A01` (empty when not sent).
    pub structure: String,
}

/// Something the parser tolerated (line endings, BOM, framing...): never silent.
#[napi(object)]
pub struct Warning {
    /// Stable code, e.g. `HL7_WARN_LINE_ENDING`.
    pub code: String,
    /// 1-based line.
    pub line: u32,
    /// 0-based byte offset.
    pub offset: u32,
    /// What was tolerated, in words.
    pub message: String,
}

fn warning(w: &core::Warning) -> Warning {
    Warning {
        code: w.code.to_string(),
        line: w.line as u32,
        offset: w.offset as u32,
        message: w.message.clone(),
    }
}

/// An error found while reading a batch or stream (the same `code` and `message` a thrown
/// `Error` would carry).
#[napi(object)]
pub struct ErrorInfo {
    /// The core's stable code, e.g. `HL7_BATCH`.
    pub code: String,
    /// The message, naming the location.
    pub message: String,
}

fn error_info(e: &core::Hl7Error) -> ErrorInfo {
    ErrorInfo {
        code: e.code().to_string(),
        message: e.to_string(),
    }
}

/// The delimiters of a message (MSH-1 and MSH-2); each is one character.
#[napi(object)]
pub struct Delimiters {
    /// Field separator, `|`.
    pub field: String,
    /// Component separator, `^`.
    pub component: String,
    /// Repetition separator, `~`.
    pub repetition: String,
    /// Escape character, `\`; absent when the message has none.
    pub escape: Option<String>,
    /// Subcomponent separator, `&`; absent when the message has none.
    pub subcomponent: Option<String>,
    /// Truncation character (HL7 2.7+), `#`; absent when the message has none.
    pub truncation: Option<String>,
}

fn delimiters_to_js(d: &core::Delimiters) -> Delimiters {
    Delimiters {
        field: d.field.to_string(),
        component: d.component.to_string(),
        repetition: d.repetition.to_string(),
        escape: d.escape.map(String::from),
        subcomponent: d.subcomponent.map(String::from),
        truncation: d.truncation.map(String::from),
    }
}

fn one_char(name: &str, s: &str) -> Result<char> {
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => Ok(c),
        _ => Err(errors::error(
            "ERR_INVALID_ARG_VALUE",
            format!("delimiter {name} must be one character, got {s:?}"),
        )),
    }
}

fn delimiters_from_js(d: Option<Delimiters>) -> Result<core::Delimiters> {
    let Some(d) = d else {
        return Ok(core::Delimiters::default());
    };
    let opt = |name: &str, v: &Option<String>| v.as_deref().map(|s| one_char(name, s)).transpose();
    Ok(core::Delimiters {
        field: one_char("field", &d.field)?,
        component: one_char("component", &d.component)?,
        repetition: one_char("repetition", &d.repetition)?,
        escape: opt("escape", &d.escape)?,
        subcomponent: opt("subcomponent", &d.subcomponent)?,
        truncation: opt("truncation", &d.truncation)?,
    })
}

// ---------------------------------------------------------------------------------------------
// Message and views

/// A parsed HL7 v2 message.
#[napi(custom_finalize)]
pub struct Message {
    /// The segment index from `parse`/`parseMany`; `get` reads through it.
    lazy: Option<Arc<core::LazyMessage<'static>>>,
    /// The full parse, made from the index on first use of a view (or given by a batch).
    full: OnceLock<Shared>,
    /// Bytes of Rust memory reported to V8 for this message (given back when it is collected).
    external: i64,
}

impl Message {
    fn from_full(msg: Shared) -> Self {
        let full = OnceLock::new();
        let _ = full.set(msg);
        Message {
            lazy: None,
            full,
            external: 0,
        }
    }

    /// Tells V8 about the Rust memory this message holds. V8 sees only a small wrapper object;
    /// without this, a loop that parses and drops messages would not trigger a collection until
    /// the unseen memory had grown by gigabytes.
    fn accounted(mut self, env: &Env) -> Self {
        let heap = match (&self.lazy, self.full.get()) {
            (Some(lazy), _) => lazy.heap_size(),
            (None, Some(full)) => full.heap_size(),
            (None, None) => 0,
        };
        let size = (heap + std::mem::size_of::<core::LazyMessage>()) as i64;
        if env.adjust_external_memory(size).is_ok() {
            self.external = size;
        }
        self
    }

    fn full(&self) -> Result<&Shared> {
        if let Some(m) = self.full.get() {
            return Ok(m);
        }
        let lazy = self
            .lazy
            .as_ref()
            .ok_or_else(|| errors::error(errors::PANIC_CODE, "message without text".into()))?;
        let msg = lazy.to_message().map_err(errors::hl7)?.into_owned();
        Ok(self.full.get_or_init(|| Arc::new(msg)))
    }
}

impl ObjectFinalize for Message {
    fn finalize(self, env: Env) -> napi::Result<()> {
        if self.external > 0 {
            env.adjust_external_memory(-self.external)?;
        }
        Ok(())
    }
}

fn segment_view(msg: &Shared, s: usize) -> Segment {
    Segment {
        msg: msg.clone(),
        s: s as u32,
    }
}

#[napi]
impl Message {
    /// The message text the offsets refer to (UTF-8; transcoded when MSH-18 named a
    /// single-byte character set).
    #[napi(getter)]
    pub fn text(&self) -> Result<String> {
        guard(|| Ok(self.full()?.text().to_string()))
    }
    /// The character set the input was read in, as HL7 names it (MSH-18).
    #[napi(getter)]
    pub fn charset(&self) -> Result<String> {
        guard(|| Ok(self.full()?.charset().hl7_name().to_string()))
    }
    /// MSH-12.1, or null.
    #[napi(getter)]
    pub fn version(&self) -> Result<Option<String>> {
        guard(|| Ok(self.full()?.version().map(String::from)))
    }
    /// MSH-10, or null.
    #[napi(getter)]
    pub fn control_id(&self) -> Result<Option<String>> {
        guard(|| Ok(self.full()?.control_id().map(String::from)))
    }
    /// MSH-9 split into its parts.
    #[napi(getter)]
    pub fn message_type(&self) -> Result<MessageType> {
        guard(|| {
            let t = self.full()?.message_type();
            Ok(MessageType {
                code: t.code,
                trigger: t.trigger,
                structure: t.structure,
            })
        })
    }
    /// Everything the parser tolerated.
    #[napi(getter)]
    pub fn warnings(&self) -> Result<Vec<Warning>> {
        guard(|| Ok(self.full()?.warnings().iter().map(warning).collect()))
    }
    /// The delimiters read from MSH-1 and MSH-2.
    #[napi(getter)]
    pub fn delimiters(&self) -> Result<Delimiters> {
        guard(|| Ok(delimiters_to_js(self.full()?.delimiters())))
    }
    /// The number of segments.
    #[napi(getter)]
    pub fn segment_count(&self) -> Result<u32> {
        guard(|| match &self.lazy {
            Some(lazy) => Ok(lazy.segment_count() as u32),
            None => Ok(self.full()?.segment_count() as u32),
        })
    }
    /// All segments, in order.
    #[napi(getter)]
    pub fn segments(&self) -> Result<Vec<Segment>> {
        guard(|| {
            let msg = self.full()?;
            Ok((0..msg.segment_count())
                .map(|s| segment_view(msg, s))
                .collect())
        })
    }
    /// The segment at 0-based position `index`, or null.
    #[napi]
    pub fn segment(&self, index: u32) -> Result<Option<Segment>> {
        guard(|| {
            let msg = self.full()?;
            Ok(msg
                .segment(index as usize)
                .map(|s| segment_view(msg, s.index())))
        })
    }
    /// The `occurrence`-th (1-based, default 1) segment with this id, or null.
    #[napi]
    pub fn find_segment(&self, id: String, occurrence: Option<u32>) -> Result<Option<Segment>> {
        guard(|| {
            let msg = self.full()?;
            Ok(msg
                .find_segment(&id, occurrence.unwrap_or(1) as usize)
                .map(|s| segment_view(msg, s.index())))
        })
    }
    /// Every segment with this id, in order.
    #[napi]
    pub fn segments_with_id(&self, id: String) -> Result<Vec<Segment>> {
        guard(|| {
            let msg = self.full()?;
            Ok(msg
                .segments_with_id(&id)
                .map(|s| segment_view(msg, s.index()))
                .collect())
        })
    }
    /// The decoded value at an HL7 path such as `PID-5-1`, `PID-3(2)-1` or `OBX(3)-5`; null
    /// when the message has nothing there. Throws `HL7_PATH` for a malformed path.
    #[napi]
    pub fn get(&self, path: String) -> Result<Option<String>> {
        guard(|| match (self.full.get(), &self.lazy) {
            (None, Some(lazy)) => lazy.get(&path).map_err(errors::hl7),
            _ => self
                .full()?
                .get(&path)
                .map(|v| v.map(|v| v.into_owned()))
                .map_err(errors::hl7),
        })
    }
    /// The message as JSON (segments, fields, repetitions, components as nested arrays).
    #[napi]
    pub fn to_json(&self) -> Result<String> {
        guard(|| Ok(self.full()?.to_json()))
    }
    /// The JSON form as plain JS data, built only when asked: `JSON.stringify(message)` gives
    /// the message's JSON, and `toJSON()` the object itself.
    #[napi(
        js_name = "toJSON",
        ts_return_type = "{ delimiters: string; charset: string; segments: Array<{ id: string; line: number; offset: number; fields: Array<string | null | Array<unknown>> }>; warnings: Array<Warning> }"
    )]
    pub fn to_json_value<'e>(&self, env: &'e Env) -> napi::Result<Unknown<'e>> {
        let text = guard(|| Ok(self.full()?.to_json()))
            .map_err(|e| napi::Error::new(napi::Status::GenericFailure, e.reason.clone()))?;
        let json: JSON<'e> = env.get_global()?.get_named_property_unchecked("JSON")?;
        let parse: Function<'e, String, Unknown<'e>> =
            json.get_named_property_unchecked("parse")?;
        parse.call(text)
    }
    /// A builder holding a copy of this message, to edit and re-encode it.
    #[napi]
    pub fn to_builder(&self) -> Result<MessageBuilder> {
        guard(|| {
            Ok(MessageBuilder {
                inner: core::MessageBuilder::from_message(self.full()?),
            })
        })
    }
    /// True when both messages have the same text.
    #[napi]
    pub fn equals(&self, other: &Message) -> Result<bool> {
        guard(|| Ok(self.full()?.text() == other.full()?.text()))
    }
    /// The message text.
    #[napi]
    pub fn to_string(&self) -> Result<String> {
        self.text()
    }
}

/// One segment of a message.
#[napi]
pub struct Segment {
    msg: Shared,
    s: u32,
}

impl Segment {
    fn view(&self) -> Result<core::Segment<'_>> {
        self.msg
            .segment(self.s as usize)
            .ok_or_else(|| errors::error(errors::PANIC_CODE, "segment view out of range".into()))
    }
}

#[napi]
impl Segment {
    /// The segment id, e.g. `PID`.
    #[napi(getter)]
    pub fn id(&self) -> Result<String> {
        guard(|| Ok(self.view()?.id().to_string()))
    }
    /// 0-based position in the message.
    #[napi(getter)]
    pub fn index(&self) -> u32 {
        self.s
    }
    /// 1-based line of the input where the segment starts.
    #[napi(getter)]
    pub fn line(&self) -> Result<u32> {
        guard(|| Ok(self.view()?.line() as u32))
    }
    /// 0-based byte offset in the message text.
    #[napi(getter)]
    pub fn offset(&self) -> Result<u32> {
        guard(|| Ok(self.view()?.offset() as u32))
    }
    /// The whole segment as written, without its terminator.
    #[napi(getter)]
    pub fn raw(&self) -> Result<String> {
        guard(|| Ok(self.view()?.raw().to_string()))
    }
    /// The number of the last field present.
    #[napi(getter)]
    pub fn field_count(&self) -> Result<u32> {
        guard(|| Ok(self.view()?.field_count() as u32))
    }
    /// All fields present, from field 1 (MSH-1 is the field separator).
    #[napi(getter)]
    pub fn fields(&self) -> Result<Vec<Field>> {
        guard(|| {
            Ok((1..=self.view()?.field_count() as u32)
                .map(|f| Field {
                    msg: self.msg.clone(),
                    s: self.s,
                    f,
                })
                .collect())
        })
    }
    /// Field `number` (1-based), or null.
    #[napi]
    pub fn field(&self, number: u32) -> Result<Option<Field>> {
        guard(|| {
            Ok(self.view()?.field(number as usize).map(|_| Field {
                msg: self.msg.clone(),
                s: self.s,
                f: number,
            }))
        })
    }
    /// The segment as written.
    #[napi]
    pub fn to_string(&self) -> Result<String> {
        self.raw()
    }
}

/// A value view: the accessors every level shares and, above the leaves, the 1-based child
/// accessors.
macro_rules! value_view {
    ($doc:literal, $name:ident, [$($idx:ident),+], |$me:ident| $resolve:expr
     $(, children: $child:ident, [$($cidx:ident),+], $new:ident, $plural:ident, $one:ident, $count:ident, $count_js:ident)?) => {
        #[doc = $doc]
        #[napi]
        pub struct $name {
            msg: Shared,
            $($idx: u32),+
        }

        impl $name {
            fn view(&self) -> Result<core::$name<'_>> {
                let $me = self;
                $resolve.ok_or_else(|| {
                    errors::error(errors::PANIC_CODE, "view out of range".into())
                })
            }
        }

        #[napi]
        impl $name {
            /// The text as written, still HL7-escaped.
            #[napi(getter)]
            pub fn raw(&self) -> Result<String> {
                guard(|| Ok(self.view()?.raw().to_string()))
            }
            /// The value with HL7 escape sequences decoded.
            #[napi(getter)]
            pub fn decoded(&self) -> Result<String> {
                guard(|| Ok(self.view()?.decoded().into_owned()))
            }
            /// 0-based byte offset in the message text.
            #[napi(getter)]
            pub fn offset(&self) -> Result<u32> {
                guard(|| Ok(self.view()?.offset() as u32))
            }
            /// True when nothing was sent.
            #[napi(getter)]
            pub fn is_empty(&self) -> Result<bool> {
                guard(|| Ok(self.view()?.is_empty()))
            }
            /// True when the explicit null `""` was sent.
            #[napi(getter)]
            pub fn is_null(&self) -> Result<bool> {
                guard(|| Ok(self.view()?.is_null()))
            }
            /// The decoded value.
            #[napi]
            pub fn to_string(&self) -> Result<String> {
                self.decoded()
            }
            $(
            /// The number of children (at least 1).
            #[napi(getter)]
            pub fn $count_js(&self) -> Result<u32> {
                guard(|| Ok(self.view()?.$count() as u32))
            }
            /// All children, in order.
            #[napi(getter)]
            pub fn $plural(&self) -> Result<Vec<$child>> {
                guard(|| {
                    Ok((1..=self.view()?.$count() as u32)
                        .map(|$new| $child { msg: self.msg.clone(), $($cidx: self.$cidx,)+ $new })
                        .collect())
                })
            }
            /// The n-th (1-based) child, or null.
            #[napi]
            pub fn $one(&self, n: u32) -> Result<Option<$child>> {
                guard(|| {
                    Ok(self.view()?.$one(n as usize).map(|_| $child {
                        msg: self.msg.clone(),
                        $($cidx: self.$cidx,)+
                        $new: n,
                    }))
                })
            }
            )?
        }
    };
}

value_view!("One field of a segment, with its repetitions.", Field, [s, f],
    |me| me.msg.segment(me.s as usize).and_then(|s| s.field(me.f as usize)),
    children: Repetition, [s, f], r, repetitions, repetition, repetition_count, repetition_count);

#[napi]
impl Field {
    /// The field number (1-based).
    #[napi(getter)]
    pub fn number(&self) -> u32 {
        self.f
    }
}

value_view!("One repetition of a field, with its components.", Repetition, [s, f, r],
    |me| me.msg.segment(me.s as usize).and_then(|s| s.field(me.f as usize))
        .and_then(|f| f.repetition(me.r as usize)),
    children: Component, [s, f, r], c, components, component, component_count, component_count);

value_view!("One component of a repetition, with its subcomponents.", Component, [s, f, r, c],
    |me| me.msg.segment(me.s as usize).and_then(|s| s.field(me.f as usize))
        .and_then(|f| f.repetition(me.r as usize)).and_then(|r| r.component(me.c as usize)),
    children: Subcomponent, [s, f, r, c], sc, subcomponents, subcomponent, subcomponent_count, subcomponent_count);

value_view!(
    "One subcomponent: a leaf of the tree.",
    Subcomponent,
    [s, f, r, c, sc],
    |me| me
        .msg
        .segment(me.s as usize)
        .and_then(|s| s.field(me.f as usize))
        .and_then(|f| f.repetition(me.r as usize))
        .and_then(|r| r.component(me.c as usize))
        .and_then(|c| c.subcomponent(me.sc as usize))
);

// ---------------------------------------------------------------------------------------------
// Batches

/// The messages of a batch file or stream, with every problem found on the way.
#[napi]
pub struct Batch {
    messages: Vec<Shared>,
    errors: Vec<core::Hl7Error>,
    warnings: Vec<core::Warning>,
}

#[napi]
impl Batch {
    /// The messages, in order.
    #[napi(getter)]
    pub fn messages(&self) -> Vec<Message> {
        self.messages
            .iter()
            .map(|m| Message::from_full(m.clone()))
            .collect()
    }
    /// Envelope problems and messages that failed to parse.
    #[napi(getter)]
    pub fn errors(&self) -> Vec<ErrorInfo> {
        self.errors.iter().map(error_info).collect()
    }
    /// Envelope problems that were tolerated (a missing BTS or FTS, say).
    #[napi(getter)]
    pub fn warnings(&self) -> Vec<Warning> {
        self.warnings.iter().map(warning).collect()
    }
}

fn read_batch(bytes: &[u8]) -> Batch {
    let mut messages = Vec::new();
    let mut errs = Vec::new();
    let mut split = core::batch::split(bytes);
    for unit in split.by_ref() {
        match unit {
            Ok(u) if u.kind == core::batch::UnitKind::Message => match parse_owned(u.bytes) {
                Ok(m) => messages.push(Arc::new(m)),
                Err(e) => errs.push(e),
            },
            Ok(_) => {}
            Err(e) => errs.push(e),
        }
    }
    Batch {
        messages,
        errors: errs,
        warnings: split.warnings().to_vec(),
    }
}

/// Reads a batch file or multi-message stream (FHS/BHS/BTS/FTS envelopes, any line ending,
/// MLLP framing). Nothing is dropped: problems are listed in `errors`.
#[napi]
pub fn parse_batch(#[napi(ts_arg_type = "string | Uint8Array")] data: Input<'_>) -> Result<Batch> {
    guard(|| Ok(read_batch(data.as_bytes())))
}

/// Reading a batch on the libuv thread pool.
pub struct ParseBatchTask {
    data: Vec<u8>,
}

impl Task for ParseBatchTask {
    type Output = std::result::Result<Batch, TaskError>;
    type JsValue = Batch;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        let data = std::mem::take(&mut self.data);
        Ok(panic_or(|| Ok(read_batch(&data))))
    }

    fn resolve(&mut self, env: Env, output: Self::Output) -> napi::Result<Self::JsValue> {
        output.or_else(|e| reject(env, e))
    }
}

/// `parseBatch` off the JS thread.
#[napi(ts_return_type = "Promise<Batch>")]
pub fn parse_batch_async(
    #[napi(ts_arg_type = "string | Uint8Array")] data: Input<'_>,
) -> napi::bindgen_prelude::AsyncTask<ParseBatchTask> {
    napi::bindgen_prelude::AsyncTask::new(ParseBatchTask {
        data: data.as_bytes().to_vec(),
    })
}

// ---------------------------------------------------------------------------------------------
// Escapes

/// An escape sequence kept verbatim because it is unknown or malformed.
#[napi(object)]
pub struct UnknownEscape {
    /// Byte offset in the raw value.
    pub offset: u32,
    /// The sequence, with its escape characters.
    pub sequence: String,
}

/// A decoded value and the escape sequences kept verbatim.
#[napi(object)]
pub struct Unescaped {
    /// The decoded text.
    pub text: String,
    /// Sequences kept verbatim.
    pub unknown: Vec<UnknownEscape>,
}

/// Escapes text for an HL7 value (standard delimiters unless given).
#[napi]
pub fn escape(text: String, delimiters: Option<Delimiters>) -> Result<String> {
    guard(|| {
        let d = delimiters_from_js(delimiters)?;
        core::escape::encode(&text, &d)
            .map(|s| s.into_owned())
            .map_err(errors::hl7)
    })
}

/// Decodes HL7 escape sequences (standard delimiters unless given).
#[napi]
pub fn unescape(raw: String, delimiters: Option<Delimiters>) -> Result<String> {
    guard(|| {
        let d = delimiters_from_js(delimiters)?;
        Ok(core::escape::decode(&raw, &d).into_owned())
    })
}

/// Decodes HL7 escape sequences and lists those kept verbatim.
#[napi]
pub fn unescape_checked(raw: String, delimiters: Option<Delimiters>) -> Result<Unescaped> {
    guard(|| {
        let d = delimiters_from_js(delimiters)?;
        let (text, unknown) = core::escape::decode_checked(&raw, &d);
        Ok(Unescaped {
            text,
            unknown: unknown
                .into_iter()
                .map(|u| UnknownEscape {
                    offset: u.offset as u32,
                    sequence: u.sequence,
                })
                .collect(),
        })
    })
}

// ---------------------------------------------------------------------------------------------
// Building

/// A message under construction: set values by path, then encode.
#[napi]
pub struct MessageBuilder {
    inner: core::MessageBuilder,
}

#[napi]
impl MessageBuilder {
    /// A message with only an MSH segment (standard delimiters unless given).
    #[napi(constructor)]
    pub fn new(delimiters: Option<Delimiters>) -> Result<Self> {
        guard(|| {
            core::MessageBuilder::new(delimiters_from_js(delimiters)?)
                .map(|inner| MessageBuilder { inner })
                .map_err(errors::hl7)
        })
    }
    /// A builder holding a copy of a parsed message (what `message.toBuilder()` gives).
    #[napi(ts_return_type = "MessageBuilder")]
    pub fn from_message<'env>(
        #[napi(ts_arg_type = "Message")] message: napi::bindgen_prelude::Object<'env>,
    ) -> napi::Result<Unknown<'env>> {
        // `Message` is the JS class of index.js, which answers `toBuilder` from its native message.
        let to_builder: Function<'env, (), Unknown<'env>> =
            message.get_named_property("toBuilder")?;
        to_builder.apply(message, ())
    }
    /// The delimiters used to encode.
    #[napi(getter)]
    pub fn delimiters(&self) -> Delimiters {
        delimiters_to_js(self.inner.delimiters())
    }
    /// Appends a segment and returns its 0-based position.
    #[napi]
    pub fn add_segment(&mut self, id: String) -> Result<u32> {
        guard(|| {
            self.inner
                .add_segment(&id)
                .map(|i| i as u32)
                .map_err(errors::hl7)
        })
    }
    /// Sets the value at `path`, escaping it.
    #[napi]
    pub fn set(&mut self, path: String, value: String) -> Result<()> {
        guard(|| self.inner.set(&path, &value).map_err(errors::hl7))
    }
    /// Sets already-encoded text at `path`.
    #[napi]
    pub fn set_encoded(&mut self, path: String, encoded: String) -> Result<()> {
        guard(|| self.inner.set_encoded(&path, &encoded).map_err(errors::hl7))
    }
    /// The decoded value at `path`, or null.
    #[napi]
    pub fn get(&self, path: String) -> Result<Option<String>> {
        guard(|| self.inner.get(&path).map_err(errors::hl7))
    }
    /// The message text (segments terminated by CR).
    #[napi]
    pub fn encode(&self) -> Result<String> {
        guard(|| Ok(self.inner.encode()))
    }
    /// Parses the encoded message.
    #[napi]
    pub fn build(&self) -> Result<Message> {
        guard(|| {
            parse_owned(self.inner.encode().as_bytes())
                .map(wrap)
                .map_err(errors::hl7)
        })
    }
}

// ---------------------------------------------------------------------------------------------
// MLLP

/// Frames a message for sending over MLLP (`0x0B message 0x1C 0x0D`).
#[napi]
pub fn frame(#[napi(ts_arg_type = "string | Uint8Array")] message: Input<'_>) -> Result<Buffer> {
    guard(|| {
        core::mllp::frame(message.as_bytes())
            .map(Buffer::from)
            .map_err(errors::hl7)
    })
}

/// A complete MLLP frame.
#[napi(object)]
pub struct Frame {
    /// The message bytes between the framing bytes.
    pub payload: Buffer,
    /// Stream offset of the start-of-block byte.
    pub offset: f64,
    /// True when the end-of-block byte was not followed by a carriage return (tolerated).
    pub missing_cr: bool,
}

fn frame_to_js(f: core::mllp::Frame) -> Frame {
    Frame {
        payload: f.payload.into(),
        offset: f.offset as f64,
        missing_cr: f.missing_cr,
    }
}

/// A frame or a framing error, in stream order.
#[napi(object)]
pub struct FrameOrError {
    /// The frame, when this item is one.
    pub frame: Option<Frame>,
    /// The framing error, when this item is one.
    pub error: Option<ErrorInfo>,
}

/// Deframes an MLLP byte stream fed in pieces of any size.
#[napi]
pub struct Deframer {
    inner: core::mllp::Deframer,
}

#[napi]
impl Deframer {
    /// A deframer accepting frames of at most `maxFrame` bytes (default 16 MiB).
    #[napi(constructor)]
    pub fn new(max_frame: Option<u32>) -> Self {
        Deframer {
            inner: core::mllp::Deframer::new(max_frame.map_or(16 * 1024 * 1024, |m| m as usize)),
        }
    }
    /// Feeds bytes received from the stream.
    #[napi]
    pub fn push(&mut self, data: Buffer) -> Result<()> {
        guard(|| {
            self.inner.push(data.as_ref());
            Ok(())
        })
    }
    /// The next complete frame, or null; a framing problem throws (code `HL7_MLLP`) and the
    /// deframer goes on with the next frame.
    #[napi]
    pub fn next_frame(&mut self) -> Result<Option<Frame>> {
        guard(|| {
            self.inner
                .next_frame()
                .map(|r| r.map(frame_to_js).map_err(errors::hl7))
                .transpose()
        })
    }
    /// Ends the stream: the frames left and the errors (unfinished frame, stray bytes), in
    /// stream order.
    #[napi]
    pub fn finish(&mut self) -> Result<Vec<FrameOrError>> {
        guard(|| {
            Ok(self
                .inner
                .finish()
                .into_iter()
                .map(|r| match r {
                    Ok(f) => FrameOrError {
                        frame: Some(frame_to_js(f)),
                        error: None,
                    },
                    Err(e) => FrameOrError {
                        frame: None,
                        error: Some(error_info(&e)),
                    },
                })
                .collect())
        })
    }
}
