//! HL7 v2 in the C ABI: parsing into a message handle, path access, segments, warnings, JSON,
//! and escape handling.

use crate::ffi::{boundary, bytes, cstr, handle, status, text, write, write_opt, Failure};
use crate::medcore_status;
use crate::strings::{medcore_string_list, out_string};
use medcore::hl7::{self, Delimiters, Message};
use std::ffi::c_char;

/// A parsed HL7 v2 message owning its text. Create with `medcore_hl7_parse`, free with
/// `medcore_hl7_message_free`. A message is immutable: it may be read from several threads.
pub struct medcore_hl7_message {
    pub(crate) msg: Message<'static>,
}

fn parse_one(input: &[u8]) -> Result<*mut medcore_hl7_message, Failure> {
    let msg = hl7::parse(input)?.into_owned();
    Ok(Box::into_raw(Box::new(medcore_hl7_message { msg })))
}

/// Parses one HL7 v2 message from `len` bytes at `data` (any line endings, BOM or MLLP framing;
/// the character set from MSH-18). On success `*out` receives a new message handle.
///
/// # Safety
/// `data` must point to `len` readable bytes; `out` must be valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_hl7_parse(
    data: *const u8,
    len: usize,
    out: *mut *mut medcore_hl7_message,
) -> medcore_status {
    status(|| {
        let input = unsafe { bytes(data, len, "data")? };
        let msg = parse_one(input)?;
        // Write the handle last, so that a failure leaves nothing to free.
        unsafe { write(out, msg, "out") }.inspect_err(|_| unsafe {
            medcore_hl7_message_free(msg);
        })
    })
}

/// Parses `count` independent messages in one call. For each `i`, `out_messages[i]` receives a
/// handle (or NULL) and `out_statuses[i]` its status. Returns `MEDCORE_OK` when the arguments were
/// usable, even if some messages failed; the last error then describes the last failed message.
///
/// # Safety
/// `data` and `lens` must hold `count` entries, each `data[i]` pointing to `lens[i]` bytes;
/// `out_messages` and `out_statuses` must be valid for `count` writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_hl7_parse_many(
    data: *const *const u8,
    lens: *const usize,
    count: usize,
    out_messages: *mut *mut medcore_hl7_message,
    out_statuses: *mut medcore_status,
) -> medcore_status {
    status(|| {
        if count == 0 {
            return Ok(());
        }
        if data.is_null() || lens.is_null() || out_messages.is_null() || out_statuses.is_null() {
            return Err(Failure::invalid("a NULL array was passed to parse_many"));
        }
        let mut last_failure = None;
        for i in 0..count {
            // SAFETY: the caller guarantees `count` entries in each array.
            let (ptr, len) = unsafe { (*data.add(i), *lens.add(i)) };
            let result = unsafe { bytes(ptr, len, "data[i]") }.and_then(parse_one);
            let (msg, st) = match result {
                Ok(m) => (m, medcore_status::MEDCORE_OK),
                Err(f) => {
                    let st = f.status;
                    last_failure = Some(f);
                    (std::ptr::null_mut(), st)
                }
            };
            unsafe {
                out_messages.add(i).write(msg);
                out_statuses.add(i).write(st);
            }
        }
        if let Some(f) = last_failure {
            // Record the message, but the call itself succeeded.
            let _ = status(|| Err(f));
        }
        Ok(())
    })
}

/// Frees a message. NULL is allowed.
///
/// # Safety
/// `msg` must be NULL or a live message that is not used afterwards.
#[no_mangle]
pub unsafe extern "C" fn medcore_hl7_message_free(msg: *mut medcore_hl7_message) {
    boundary(|| {
        if !msg.is_null() {
            // SAFETY: made by Box::into_raw in `parse_one`.
            drop(unsafe { Box::from_raw(msg) });
        }
    })
}

/// The decoded value at an HL7 path such as `PID-5-1`, `PID-3(2)-1` or `OBX(3)-5`. `*out`
/// receives a new string, or NULL when the message has nothing there (still `MEDCORE_OK`);
/// `*out_len` (if not NULL) its length. A malformed path gives `MEDCORE_HL7_PATH`.
///
/// # Safety
/// `msg` a live message; `path` a NUL-terminated string; `out` valid for writes; `out_len` NULL
/// or valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_hl7_message_get(
    msg: *const medcore_hl7_message,
    path: *const c_char,
    out: *mut *mut c_char,
    out_len: *mut usize,
) -> medcore_status {
    status(|| {
        let m = unsafe { handle(msg, "msg")? };
        let path = unsafe { cstr(path, "path")? };
        let value = m.msg.get(path)?;
        unsafe { out_string(value.as_deref(), out, out_len) }
    })
}

/// The number of segments (0 for NULL).
///
/// # Safety
/// `msg` must be NULL or a live message.
#[no_mangle]
pub unsafe extern "C" fn medcore_hl7_message_segment_count(
    msg: *const medcore_hl7_message,
) -> usize {
    boundary(|| unsafe { msg.as_ref() }.map_or(0, |m| m.msg.segment_count()))
}

/// Segment `index` (0-based): `*out_id` receives its id (e.g. `PID`), `*out_raw` (if not NULL)
/// its text as written, `*out_line` (if not NULL) the 1-based input line where it starts.
/// An index out of range gives `MEDCORE_INVALID_ARGUMENT`.
///
/// # Safety
/// `msg` a live message; `out_id` valid for writes; the others NULL or valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_hl7_message_segment(
    msg: *const medcore_hl7_message,
    index: usize,
    out_id: *mut *mut c_char,
    out_raw: *mut *mut c_char,
    out_line: *mut usize,
) -> medcore_status {
    status(|| {
        let m = unsafe { handle(msg, "msg")? };
        let seg = m.msg.segment(index).ok_or_else(|| {
            Failure::invalid(format!(
                "segment index {index} is out of range: the message has {} segments",
                m.msg.segment_count()
            ))
        })?;
        unsafe {
            out_string(Some(seg.id()), out_id, std::ptr::null_mut())?;
            if !out_raw.is_null() {
                out_string(Some(seg.raw()), out_raw, std::ptr::null_mut())?;
            }
            write_opt(out_line, seg.line());
        }
        Ok(())
    })
}

/// MSH-9 split into its parts: `*out_code` (e.g. `ADT`), `*out_trigger` (e.g. `A01`) and
/// `*out_structure` (e.g. `ADT_A01`, empty when not sent); each new strings.
///
/// # Safety
/// `msg` a live message; the three out-pointers valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_hl7_message_type(
    msg: *const medcore_hl7_message,
    out_code: *mut *mut c_char,
    out_trigger: *mut *mut c_char,
    out_structure: *mut *mut c_char,
) -> medcore_status {
    status(|| {
        let m = unsafe { handle(msg, "msg")? };
        if out_code.is_null() || out_trigger.is_null() || out_structure.is_null() {
            return Err(Failure::invalid("an out-pointer of message_type is NULL"));
        }
        let t = m.msg.message_type();
        unsafe {
            out_string(Some(&t.code), out_code, std::ptr::null_mut())?;
            out_string(Some(&t.trigger), out_trigger, std::ptr::null_mut())?;
            out_string(Some(&t.structure), out_structure, std::ptr::null_mut())
        }
    })
}

/// MSH-10, the message control id: a new string, or NULL when empty.
///
/// # Safety
/// `msg` a live message; `out` valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_hl7_message_control_id(
    msg: *const medcore_hl7_message,
    out: *mut *mut c_char,
) -> medcore_status {
    status(|| {
        let m = unsafe { handle(msg, "msg")? };
        unsafe { out_string(m.msg.control_id(), out, std::ptr::null_mut()) }
    })
}

/// MSH-12.1, the HL7 version (e.g. `2.5.1`): a new string, or NULL when empty.
///
/// # Safety
/// `msg` a live message; `out` valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_hl7_message_version(
    msg: *const medcore_hl7_message,
    out: *mut *mut c_char,
) -> medcore_status {
    status(|| {
        let m = unsafe { handle(msg, "msg")? };
        unsafe { out_string(m.msg.version(), out, std::ptr::null_mut()) }
    })
}

/// The HL7 table 0211 name of the character set the message was read in (`ASCII`,
/// `UNICODE UTF-8`, `8859/1`, `8859/15`). Static; NULL for a NULL message.
///
/// # Safety
/// `msg` must be NULL or a live message.
#[no_mangle]
pub unsafe extern "C" fn medcore_hl7_message_charset(
    msg: *const medcore_hl7_message,
) -> *const c_char {
    boundary(|| match unsafe { msg.as_ref() } {
        None => std::ptr::null(),
        Some(m) => match m.msg.charset().hl7_name() {
            "ASCII" => c"ASCII".as_ptr(),
            "UNICODE UTF-8" => c"UNICODE UTF-8".as_ptr(),
            "8859/1" => c"8859/1".as_ptr(),
            "8859/15" => c"8859/15".as_ptr(),
            _ => c"".as_ptr(),
        },
    })
}

/// The number of warnings: things the parser tolerated and reports (0 for NULL).
///
/// # Safety
/// `msg` must be NULL or a live message.
#[no_mangle]
pub unsafe extern "C" fn medcore_hl7_message_warning_count(
    msg: *const medcore_hl7_message,
) -> usize {
    boundary(|| unsafe { msg.as_ref() }.map_or(0, |m| m.msg.warnings().len()))
}

/// Warning `index` (0-based): `*out_code` receives its stable code (e.g.
/// `HL7_WARN_LINE_ENDING`) as a new string, `*out_message` (if not NULL) its message, `*out_line`
/// (if not NULL) the 1-based line. An index out of range gives `MEDCORE_INVALID_ARGUMENT`.
///
/// # Safety
/// `msg` a live message; `out_code` valid for writes; the others NULL or valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_hl7_message_warning(
    msg: *const medcore_hl7_message,
    index: usize,
    out_code: *mut *mut c_char,
    out_message: *mut *mut c_char,
    out_line: *mut usize,
) -> medcore_status {
    status(|| {
        let m = unsafe { handle(msg, "msg")? };
        let w = m.msg.warnings().get(index).ok_or_else(|| {
            Failure::invalid(format!(
                "warning index {index} is out of range: the message has {} warnings",
                m.msg.warnings().len()
            ))
        })?;
        unsafe {
            out_string(Some(w.code), out_code, std::ptr::null_mut())?;
            if !out_message.is_null() {
                out_string(Some(&w.message), out_message, std::ptr::null_mut())?;
            }
            write_opt(out_line, w.line);
        }
        Ok(())
    })
}

/// The whole message as JSON (the format of `medcore hl7 parse --format json`): a new string.
///
/// # Safety
/// `msg` a live message; `out` valid for writes; `out_len` NULL or valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_hl7_message_to_json(
    msg: *const medcore_hl7_message,
    out: *mut *mut c_char,
    out_len: *mut usize,
) -> medcore_status {
    status(|| {
        let m = unsafe { handle(msg, "msg")? };
        unsafe { out_string(Some(&m.msg.to_json()), out, out_len) }
    })
}

/// Reads a delimiter string: MSH-1 followed by MSH-2 (e.g. `|^~\&` or `|^~\&#`); NULL means
/// the standard `|^~\&`.
unsafe fn delimiters(spec: *const c_char) -> Result<Delimiters, Failure> {
    if spec.is_null() {
        return Ok(Delimiters::default());
    }
    let spec = unsafe { cstr(spec, "delimiters")? };
    let mut chars = spec.chars();
    let field = chars
        .next()
        .ok_or_else(|| Failure::invalid("`delimiters` is empty"))?;
    Delimiters::from_header(field, chars.as_str())
        .map_err(|reason| Failure::invalid(format!("`delimiters` {spec:?}: {reason}")))
}

/// Decodes HL7 escape sequences in `len` bytes of UTF-8 at `raw`, with the given delimiters
/// (MSH-1 then MSH-2, e.g. `|^~\&#`; NULL for `|^~\&`). `*out` receives the text, `*out_len` (if
/// not NULL) its length, and `*out_unknown` (if not NULL) a list of the escape sequences kept
/// verbatim because they are unknown or malformed.
///
/// # Safety
/// `raw` must point to `len` bytes; `delimiters` NULL or NUL-terminated; `out` valid for writes;
/// `out_len` and `out_unknown` NULL or valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_hl7_escape_decode(
    raw: *const c_char,
    len: usize,
    delimiters_spec: *const c_char,
    out: *mut *mut c_char,
    out_len: *mut usize,
    out_unknown: *mut *mut medcore_string_list,
) -> medcore_status {
    status(|| {
        let raw = unsafe { text(raw, len, "raw")? };
        let d = unsafe { delimiters(delimiters_spec)? };
        let (decoded, unknown) = hl7::escape::decode_checked(raw, &d);
        unsafe { out_string(Some(&decoded), out, out_len)? };
        if !out_unknown.is_null() {
            let list = medcore_string_list::new_handle(unknown.into_iter().map(|u| u.sequence));
            unsafe { out_unknown.write(list) };
        }
        Ok(())
    })
}

/// Escapes `len` bytes of UTF-8 text at `text` for an HL7 value with the given delimiters (as in
/// `medcore_hl7_escape_decode`). `*out` receives the escaped text, `*out_len` (if not NULL) its
/// length. Text that cannot be written gives `MEDCORE_HL7_ENCODE`.
///
/// # Safety
/// As for `medcore_hl7_escape_decode`.
#[no_mangle]
pub unsafe extern "C" fn medcore_hl7_escape_encode(
    text_in: *const c_char,
    len: usize,
    delimiters_spec: *const c_char,
    out: *mut *mut c_char,
    out_len: *mut usize,
) -> medcore_status {
    status(|| {
        let t = unsafe { text(text_in, len, "text")? };
        let d = unsafe { delimiters(delimiters_spec)? };
        let encoded = hl7::escape::encode(t, &d)?;
        unsafe { out_string(Some(&encoded), out, out_len) }
    })
}
