//! Billing (medcore-billing) in the C ABI: the MS-DRG grouper and the IPPS pricer held as
//! handles, invoices with their status machine, and insurance adjudication.
//!
//! Claims, pricing inputs, invoices, plans and their results are JSON text in the core serde
//! shapes (documented on each function). Money, rates and weights are exact decimal strings
//! (`"1598.10"`, `"0.0725"`), never binary floating point: results always carry them as
//! strings; inputs accept strings (recommended) or JSON numbers, which are read as decimals.

use crate::ffi::{cstr, handle, status, write, Failure};
use crate::json::{self, write_json};
use crate::medcore_status;
use medcore::billing::{
    self as core, Accumulators, BenefitClaim, BillingError, Claim, CreditNote, Currency, DrgKind,
    Grouper, Invoice, InvoiceLine, Payment, Plan, Pricer, PricingInput, Refund,
};
use std::ffi::{c_char, CString};

impl From<BillingError> for Failure {
    fn from(e: BillingError) -> Failure {
        Failure::core(e.code(), e.to_string())
    }
}

fn c(s: &str) -> CString {
    CString::new(s.replace('\0', "\\0")).unwrap_or_default()
}

/// Writes a value as a new JSON string through `out` when `out` is not NULL.
unsafe fn write_json_opt<T: serde::Serialize>(
    value: &T,
    out: *mut *mut c_char,
) -> Result<(), Failure> {
    if out.is_null() {
        return Ok(());
    }
    unsafe { write_json(value, out) }
}

// ---- grouper ----

/// The MS-DRG grouper: the bundled CMS tables (`medcore_billing_grouper_new`) or tables of
/// your own (`medcore_billing_grouper_from_json`). Immutable: one handle may be shared by
/// threads. Free with `medcore_billing_grouper_free`.
pub struct medcore_billing_grouper {
    inner: Grouper,
    version: CString,
}

impl medcore_billing_grouper {
    fn new_handle(inner: Grouper) -> *mut medcore_billing_grouper {
        let version = c(inner.version());
        Box::into_raw(Box::new(medcore_billing_grouper { inner, version }))
    }
}

/// Whether a DRG is surgical, medical or ungroupable.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum medcore_billing_drg_kind {
    /// Surgical (operating-room) DRG.
    MEDCORE_BILLING_DRG_SURGICAL = 0,
    /// Medical DRG.
    MEDCORE_BILLING_DRG_MEDICAL = 1,
    /// 998 or 999, or a DRG the tables do not define.
    MEDCORE_BILLING_DRG_UNGROUPABLE = 2,
}

impl From<DrgKind> for medcore_billing_drg_kind {
    fn from(k: DrgKind) -> Self {
        match k {
            DrgKind::Surgical => medcore_billing_drg_kind::MEDCORE_BILLING_DRG_SURGICAL,
            DrgKind::Medical => medcore_billing_drg_kind::MEDCORE_BILLING_DRG_MEDICAL,
            DrgKind::Ungroupable => medcore_billing_drg_kind::MEDCORE_BILLING_DRG_UNGROUPABLE,
        }
    }
}

impl crate::ffi::PanicValue for medcore_billing_drg_kind {
    fn after_panic() -> Self {
        medcore_billing_drg_kind::MEDCORE_BILLING_DRG_UNGROUPABLE
    }
}

/// The grouper with its bundled MS-DRG v43.0 (FY2026) tables. `*out` receives a new handle
/// (caller-owned; free with `medcore_billing_grouper_free`).
///
/// # Safety
/// `out` valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_billing_grouper_new(
    out: *mut *mut medcore_billing_grouper,
) -> medcore_status {
    status(|| {
        let g = Grouper::embedded()?;
        unsafe { write(out, medcore_billing_grouper::new_handle(g), "out") }
    })
}

/// A grouper from grouper tables of your own (`tables_json`: the JSON table document of
/// the bundled format, borrowed for the call). Malformed tables fail with
/// `MEDCORE_BILLING_DATA`. `*out` receives a new caller-owned handle.
///
/// # Safety
/// `tables_json` NUL-terminated; `out` valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_billing_grouper_from_json(
    tables_json: *const c_char,
    out: *mut *mut medcore_billing_grouper,
) -> medcore_status {
    status(|| {
        let text = unsafe { cstr(tables_json, "tables_json")? };
        let g = Grouper::from_json(text)?;
        unsafe { write(out, medcore_billing_grouper::new_handle(g), "out") }
    })
}

/// Frees a grouper. NULL is allowed.
///
/// # Safety
/// `grouper` NULL or a live handle not used afterwards.
#[no_mangle]
pub unsafe extern "C" fn medcore_billing_grouper_free(grouper: *mut medcore_billing_grouper) {
    crate::ffi::boundary(|| {
        if !grouper.is_null() {
            // SAFETY: made by Box::into_raw in `new_handle`.
            drop(unsafe { Box::from_raw(grouper) });
        }
    })
}

/// The grouper version (e.g. `"43.0"`), borrowed from the handle (valid while it lives), or
/// NULL for a NULL handle.
///
/// # Safety
/// `grouper` NULL or a live handle.
#[no_mangle]
pub unsafe extern "C" fn medcore_billing_grouper_version(
    grouper: *const medcore_billing_grouper,
) -> *const c_char {
    crate::ffi::boundary(|| {
        // SAFETY: the caller guarantees a live handle or NULL.
        unsafe { grouper.as_ref() }.map_or(std::ptr::null(), |g| g.version.as_ptr())
    })
}

/// The fiscal year of the grouper's tables (e.g. 2026); 0 for a NULL handle.
///
/// # Safety
/// `grouper` NULL or a live handle.
#[no_mangle]
pub unsafe extern "C" fn medcore_billing_grouper_fiscal_year(
    grouper: *const medcore_billing_grouper,
) -> u32 {
    crate::ffi::boundary(|| {
        // SAFETY: the caller guarantees a live handle or NULL.
        unsafe { grouper.as_ref() }.map_or(0, |g| u32::from(g.inner.fiscal_year()))
    })
}

/// 1 when `code` is a valid ICD-10-CM diagnosis (with or without the dot) for this version,
/// else 0 (also for NULL arguments or invalid UTF-8).
///
/// # Safety
/// `grouper` NULL or a live handle; `code` NULL or NUL-terminated.
#[no_mangle]
pub unsafe extern "C" fn medcore_billing_grouper_is_valid_diagnosis(
    grouper: *const medcore_billing_grouper,
    code: *const c_char,
) -> u8 {
    crate::ffi::boundary(|| {
        let (Ok(g), Ok(code)) = (unsafe { handle(grouper, "grouper") }, unsafe {
            cstr(code, "code")
        }) else {
            return 0;
        };
        u8::from(g.inner.is_valid_diagnosis(code))
    })
}

/// 1 when `code` is a valid ICD-10-PCS procedure for this version, else 0 (also for NULL
/// arguments or invalid UTF-8).
///
/// # Safety
/// `grouper` NULL or a live handle; `code` NULL or NUL-terminated.
#[no_mangle]
pub unsafe extern "C" fn medcore_billing_grouper_is_valid_procedure(
    grouper: *const medcore_billing_grouper,
    code: *const c_char,
) -> u8 {
    crate::ffi::boundary(|| {
        let (Ok(g), Ok(code)) = (unsafe { handle(grouper, "grouper") }, unsafe {
            cstr(code, "code")
        }) else {
            return 0;
        };
        u8::from(g.inner.is_valid_procedure(code))
    })
}

/// Whether `drg` is surgical, medical or ungroupable in this version
/// (`MEDCORE_BILLING_DRG_UNGROUPABLE` also for a NULL handle).
///
/// # Safety
/// `grouper` NULL or a live handle.
#[no_mangle]
pub unsafe extern "C" fn medcore_billing_grouper_drg_kind(
    grouper: *const medcore_billing_grouper,
    drg: u16,
) -> medcore_billing_drg_kind {
    crate::ffi::boundary(|| {
        // SAFETY: the caller guarantees a live handle or NULL.
        unsafe { grouper.as_ref() }.map_or(
            medcore_billing_drg_kind::MEDCORE_BILLING_DRG_UNGROUPABLE,
            |g| g.inner.drg_kind(drg).into(),
        )
    })
}

/// Groups one claim. `claim_json` (borrowed for the call) is `{id, age, sex ("M", "F", "U"),
/// discharge_status ("01" home by default, "20" expired, ...), pdx, sdx: [..], procedures:
/// [..]}` (ICD-10-CM/PCS codes with or without the dot; only `pdx` is required; other keys
/// are ignored). Grouping never fails: invalid input groups to DRG 998/999 with a return
/// code. `*out_json` receives a new caller-owned string (free with `medcore_string_free`):
/// `{id, drg, mdc ("01".."25", "PRE" or null), kind ("surgical", "medical", "ungroupable"),
/// severity ("NONE", "CC", "MCC"), title, return_code ("OK", "INVALID_PDX", ...)}`.
///
/// # Safety
/// `grouper` a live handle; `claim_json` NUL-terminated; `out_json` valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_billing_grouper_group(
    grouper: *const medcore_billing_grouper,
    claim_json: *const c_char,
    out_json: *mut *mut c_char,
) -> medcore_status {
    status(|| {
        let g = unsafe { handle(grouper, "grouper")? };
        let claim: Claim = unsafe { json::parse(claim_json, "claim_json")? };
        unsafe { write_json(&g.inner.group(&claim), out_json) }
    })
}

/// Groups many claims in one call: `claims_json` is a JSON array of
/// `medcore_billing_grouper_group` claims; `*out_json` receives a new caller-owned JSON
/// array with one result per claim, in order, or `{"error": {"code", "message"}}` for an
/// element that is not a claim.
///
/// # Safety
/// `grouper` a live handle; `claims_json` NUL-terminated; `out_json` valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_billing_grouper_group_batch(
    grouper: *const medcore_billing_grouper,
    claims_json: *const c_char,
    out_json: *mut *mut c_char,
) -> medcore_status {
    status(|| {
        let g = unsafe { handle(grouper, "grouper")? };
        let items: Vec<serde_json::Value> = unsafe { json::parse(claims_json, "claims_json")? };
        // Read every claim first, then group the readable ones in one core batch call.
        let read: Vec<Result<Claim, Failure>> = items
            .into_iter()
            .enumerate()
            .map(|(i, v)| {
                serde_json::from_value(v)
                    .map_err(|e| json::invalid(&format!("claims_json[{i}]"), e))
            })
            .collect();
        let claims: Vec<Claim> = read
            .iter()
            .filter_map(|r| r.as_ref().ok().cloned())
            .collect();
        let mut grouped = g.inner.group_many(&claims).into_iter();
        let results: Vec<serde_json::Value> = read
            .iter()
            .map(|r| match r {
                Ok(_) => grouped
                    .next()
                    .map(|g| serde_json::to_value(g).unwrap_or_default())
                    .unwrap_or_default(),
                Err(f) => json::error_value(f),
            })
            .collect();
        unsafe { write_json(&results, out_json) }
    })
}

// ---- IPPS pricer ----

/// The IPPS pricer with its bundled fiscal-year parameters and Table 5 rows. Immutable: one
/// handle may be shared by threads. Free with `medcore_billing_pricer_free`.
pub struct medcore_billing_pricer {
    inner: Pricer,
}

/// The pricer with the bundled parameters. `*out` receives a new caller-owned handle.
///
/// # Safety
/// `out` valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_billing_pricer_new(
    out: *mut *mut medcore_billing_pricer,
) -> medcore_status {
    status(|| {
        let inner = Pricer::embedded()?;
        let h = Box::into_raw(Box::new(medcore_billing_pricer { inner }));
        unsafe { write(out, h, "out") }
    })
}

/// Frees a pricer. NULL is allowed.
///
/// # Safety
/// `pricer` NULL or a live handle not used afterwards.
#[no_mangle]
pub unsafe extern "C" fn medcore_billing_pricer_free(pricer: *mut medcore_billing_pricer) {
    crate::ffi::boundary(|| {
        if !pricer.is_null() {
            // SAFETY: made by Box::into_raw in `medcore_billing_pricer_new`.
            drop(unsafe { Box::from_raw(pricer) });
        }
    })
}

/// Prices one discharge. `input_json` (borrowed) is `{fiscal_year, drg, weight?, gmlos?,
/// post_acute?, special_pay?, length_of_stay (days, default 0), discharge_status (default
/// "01"), covered_charges (default "0"), provider: {wage_index, cola?, capital_cola?, gaf?,
/// operating_ime?, operating_dsh?, capital_ime?, capital_dsh?, uncompensated_care_per_claim?,
/// operating_ccr?, capital_ccr?}}`; weight, GMLOS and the flags are looked up in the
/// bundled Table 5 when absent. `*out_json` receives a new caller-owned string: `{fiscal_year,
/// drg, weight, labor_share, operating_federal, operating_ime, operating_dsh, gaf,
/// capital_federal, capital_ime, capital_dsh, full_payment, transfer ("none", "acute",
/// "post_acute", "special_pay"), per_diem, base_payment, cost, outlier_threshold,
/// operating_outlier, capital_outlier, uncompensated_care, total_payment}` (amounts as
/// decimal strings). Fails with `MEDCORE_BILLING_UNKNOWN_FISCAL_YEAR`,
/// `MEDCORE_BILLING_UNKNOWN_DRG` or `MEDCORE_BILLING_INVALID_VALUE`.
///
/// # Safety
/// `pricer` a live handle; `input_json` NUL-terminated; `out_json` valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_billing_pricer_price(
    pricer: *const medcore_billing_pricer,
    input_json: *const c_char,
    out_json: *mut *mut c_char,
) -> medcore_status {
    status(|| {
        let p = unsafe { handle(pricer, "pricer")? };
        let input: PricingInput = unsafe { json::parse(input_json, "input_json")? };
        unsafe { write_json(&p.inner.price(&input)?, out_json) }
    })
}

/// Prices many discharges: `inputs_json` is a JSON array of `medcore_billing_pricer_price`
/// inputs; `*out_json` receives a new caller-owned JSON array with, per input, the result or
/// `{"error": {"code", "message"}}`.
///
/// # Safety
/// `pricer` a live handle; `inputs_json` NUL-terminated; `out_json` valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_billing_pricer_price_batch(
    pricer: *const medcore_billing_pricer,
    inputs_json: *const c_char,
    out_json: *mut *mut c_char,
) -> medcore_status {
    status(|| {
        let p = unsafe { handle(pricer, "pricer")? };
        unsafe {
            json::batch(inputs_json, "inputs_json", out_json, |i: &PricingInput| {
                Ok(p.inner.price(i)?)
            })
        }
    })
}

// ---- invoices ----

/// The totals of an invoice given as JSON, without a handle. `invoice_json` (borrowed) is an
/// invoice as `medcore_billing_invoice_from_json` reads it. `*out_json` receives a new
/// caller-owned string: `{currency, lines: [{line_id, gross, discount, net, tax, total}],
/// subtotal, discount, net, taxes: [{category, rate, base, tax}], tax, total, credited, paid,
/// refunded, balance}` (amounts as decimal strings, rounded half-even to the currency's minor
/// unit).
///
/// # Safety
/// `invoice_json` NUL-terminated; `out_json` valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_billing_invoice_totals(
    invoice_json: *const c_char,
    out_json: *mut *mut c_char,
) -> medcore_status {
    status(|| {
        let inv: Invoice = unsafe { json::parse(invoice_json, "invoice_json")? };
        unsafe { write_json(&inv.totals()?, out_json) }
    })
}

/// The totals of many invoices: `invoices_json` is a JSON array of invoices; `*out_json`
/// receives a new caller-owned JSON array with, per invoice, its totals or `{"error":
/// {"code", "message"}}`.
///
/// # Safety
/// `invoices_json` NUL-terminated; `out_json` valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_billing_invoice_totals_batch(
    invoices_json: *const c_char,
    out_json: *mut *mut c_char,
) -> medcore_status {
    status(|| unsafe {
        json::batch(invoices_json, "invoices_json", out_json, |i: &Invoice| {
            Ok(i.totals()?)
        })
    })
}

/// An invoice with its status machine (draft, issued, partially paid, paid, void). Mutable:
/// do not use one handle from two threads at once. Free with `medcore_billing_invoice_free`.
pub struct medcore_billing_invoice {
    inner: Invoice,
    id: CString,
}

impl medcore_billing_invoice {
    fn new_handle(inner: Invoice) -> *mut medcore_billing_invoice {
        let id = c(&inner.id);
        Box::into_raw(Box::new(medcore_billing_invoice { inner, id }))
    }
}

/// Borrows an invoice handle mutably.
///
/// # Safety
/// `p` NULL or a live handle not used elsewhere during the call.
unsafe fn invoice_mut<'a>(
    p: *mut medcore_billing_invoice,
) -> Result<&'a mut medcore_billing_invoice, Failure> {
    // SAFETY: the caller guarantees a live handle or NULL.
    unsafe { p.as_mut() }.ok_or_else(|| Failure::invalid("`invoice` is NULL"))
}

/// An invoice from JSON (`invoice_json`, borrowed): `{id, currency ("USD"; ISO 4217),
/// lines: [{id, kind ("consultation", "procedure", "lab_test", "medication", "bed_day",
/// "supply"), description?, code?, quantity, unit_price, discount?,
/// tax_category?}], discount?: {"type": "percent", "percent"} | {"type": "amount",
/// "amount"}, tax_rates: [{category, rate}], status? ("draft" by default), payments?,
/// credit_notes?, refunds?}`. `*out` receives a new caller-owned handle.
///
/// # Safety
/// `invoice_json` NUL-terminated; `out` valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_billing_invoice_from_json(
    invoice_json: *const c_char,
    out: *mut *mut medcore_billing_invoice,
) -> medcore_status {
    status(|| {
        let inv: Invoice = unsafe { json::parse(invoice_json, "invoice_json")? };
        unsafe { write(out, medcore_billing_invoice::new_handle(inv), "out") }
    })
}

/// An empty draft invoice `id` in `currency` (ISO 4217 code, e.g. `"EUR"`; anything but three
/// ASCII letters fails with `MEDCORE_BILLING_INVALID_CURRENCY`). `*out` receives a new
/// caller-owned handle.
///
/// # Safety
/// `id` and `currency` NUL-terminated; `out` valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_billing_invoice_new(
    id: *const c_char,
    currency: *const c_char,
    out: *mut *mut medcore_billing_invoice,
) -> medcore_status {
    status(|| {
        let id = unsafe { cstr(id, "id")? };
        let currency = Currency::new(unsafe { cstr(currency, "currency")? })?;
        let inv = Invoice::new(id, currency);
        unsafe { write(out, medcore_billing_invoice::new_handle(inv), "out") }
    })
}

/// Frees an invoice. NULL is allowed.
///
/// # Safety
/// `invoice` NULL or a live handle not used afterwards.
#[no_mangle]
pub unsafe extern "C" fn medcore_billing_invoice_free(invoice: *mut medcore_billing_invoice) {
    crate::ffi::boundary(|| {
        if !invoice.is_null() {
            // SAFETY: made by Box::into_raw in `new_handle`.
            drop(unsafe { Box::from_raw(invoice) });
        }
    })
}

/// The invoice id, borrowed from the handle (valid while it lives), or NULL for NULL.
///
/// # Safety
/// `invoice` NULL or a live handle.
#[no_mangle]
pub unsafe extern "C" fn medcore_billing_invoice_id(
    invoice: *const medcore_billing_invoice,
) -> *const c_char {
    crate::ffi::boundary(|| {
        // SAFETY: the caller guarantees a live handle or NULL.
        unsafe { invoice.as_ref() }.map_or(std::ptr::null(), |i| i.id.as_ptr())
    })
}

/// The status: `"draft"`, `"issued"`, `"partially_paid"`, `"paid"` or `"void"` (static:
/// never free it), or NULL for NULL.
///
/// # Safety
/// `invoice` NULL or a live handle.
#[no_mangle]
pub unsafe extern "C" fn medcore_billing_invoice_status(
    invoice: *const medcore_billing_invoice,
) -> *const c_char {
    crate::ffi::boundary(|| {
        use core::InvoiceStatus::*;
        // SAFETY: the caller guarantees a live handle or NULL.
        unsafe { invoice.as_ref() }.map_or(std::ptr::null(), |i| {
            let s: &'static std::ffi::CStr = match i.inner.status {
                Draft => c"draft",
                Issued => c"issued",
                PartiallyPaid => c"partially_paid",
                Paid => c"paid",
                Void => c"void",
            };
            s.as_ptr()
        })
    })
}

/// The current totals (shape of `medcore_billing_invoice_totals`). `*out_json` receives a
/// new caller-owned string.
///
/// # Safety
/// `invoice` a live handle; `out_json` valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_billing_invoice_get_totals(
    invoice: *const medcore_billing_invoice,
    out_json: *mut *mut c_char,
) -> medcore_status {
    status(|| {
        let inv = unsafe { handle(invoice, "invoice")? };
        unsafe { write_json(&inv.inner.totals()?, out_json) }
    })
}

/// The whole invoice (lines, discount, tax rates, status, payments, credit notes, refunds)
/// as JSON, the shape `medcore_billing_invoice_from_json` reads. `*out_json` receives a new
/// caller-owned string.
///
/// # Safety
/// `invoice` a live handle; `out_json` valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_billing_invoice_to_json(
    invoice: *const medcore_billing_invoice,
    out_json: *mut *mut c_char,
) -> medcore_status {
    status(|| {
        let inv = unsafe { handle(invoice, "invoice")? };
        unsafe { write_json(&inv.inner, out_json) }
    })
}

/// Adds a line (`line_json`, borrowed: one element of the invoice's `lines`) to a draft.
///
/// # Safety
/// `invoice` a live handle; `line_json` NUL-terminated.
#[no_mangle]
pub unsafe extern "C" fn medcore_billing_invoice_add_line(
    invoice: *mut medcore_billing_invoice,
    line_json: *const c_char,
) -> medcore_status {
    status(|| {
        let inv = unsafe { invoice_mut(invoice)? };
        let line: InvoiceLine = unsafe { json::parse(line_json, "line_json")? };
        Ok(inv.inner.add_line(line)?)
    })
}

/// Removes line `line_id` from a draft. `*out_json` (NULL: not wanted) receives the removed
/// line as a new caller-owned JSON string.
///
/// # Safety
/// `invoice` a live handle; `line_id` NUL-terminated; `out_json` NULL or valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_billing_invoice_remove_line(
    invoice: *mut medcore_billing_invoice,
    line_id: *const c_char,
    out_json: *mut *mut c_char,
) -> medcore_status {
    status(|| {
        let inv = unsafe { invoice_mut(invoice)? };
        let id = unsafe { cstr(line_id, "line_id")? };
        let line = inv.inner.remove_line(id)?;
        unsafe { write_json_opt(&line, out_json) }
    })
}

/// Issues a draft. `*out_json` (NULL: not wanted) receives the totals as a new caller-owned
/// JSON string.
///
/// # Safety
/// `invoice` a live handle; `out_json` NULL or valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_billing_invoice_issue(
    invoice: *mut medcore_billing_invoice,
    out_json: *mut *mut c_char,
) -> medcore_status {
    status(|| {
        let inv = unsafe { invoice_mut(invoice)? };
        let t = inv.inner.issue()?;
        unsafe { write_json_opt(&t, out_json) }
    })
}

/// Records a payment (`payment_json`, borrowed: `{id, amount, method ("cash", "card",
/// "bank_transfer", "cheque", "insurance", "mobile_money", "other"), reference?}`). `*out_json` (NULL: not wanted)
/// receives the totals as a new caller-owned JSON string.
///
/// # Safety
/// `invoice` a live handle; `payment_json` NUL-terminated; `out_json` NULL or valid for
/// writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_billing_invoice_record_payment(
    invoice: *mut medcore_billing_invoice,
    payment_json: *const c_char,
    out_json: *mut *mut c_char,
) -> medcore_status {
    status(|| {
        let inv = unsafe { invoice_mut(invoice)? };
        let p: Payment = unsafe { json::parse(payment_json, "payment_json")? };
        let t = inv.inner.record_payment(p)?;
        unsafe { write_json_opt(&t, out_json) }
    })
}

/// Issues a credit note (`note_json`, borrowed: `{id, amount, reason?}`). `*out_json` (NULL:
/// not wanted) receives the totals as a new caller-owned JSON string.
///
/// # Safety
/// `invoice` a live handle; `note_json` NUL-terminated; `out_json` NULL or valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_billing_invoice_credit(
    invoice: *mut medcore_billing_invoice,
    note_json: *const c_char,
    out_json: *mut *mut c_char,
) -> medcore_status {
    status(|| {
        let inv = unsafe { invoice_mut(invoice)? };
        let n: CreditNote = unsafe { json::parse(note_json, "note_json")? };
        let t = inv.inner.credit(n)?;
        unsafe { write_json_opt(&t, out_json) }
    })
}

/// Records a refund (`refund_json`, borrowed: `{id, amount, method, reason?}`). `*out_json`
/// (NULL: not wanted) receives the totals as a new caller-owned JSON string.
///
/// # Safety
/// `invoice` a live handle; `refund_json` NUL-terminated; `out_json` NULL or valid for
/// writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_billing_invoice_refund(
    invoice: *mut medcore_billing_invoice,
    refund_json: *const c_char,
    out_json: *mut *mut c_char,
) -> medcore_status {
    status(|| {
        let inv = unsafe { invoice_mut(invoice)? };
        let r: Refund = unsafe { json::parse(refund_json, "refund_json")? };
        let t = inv.inner.refund(r)?;
        unsafe { write_json_opt(&t, out_json) }
    })
}

/// Voids the invoice (a draft, or an issued invoice with no payments).
///
/// # Safety
/// `invoice` a live handle.
#[no_mangle]
pub unsafe extern "C" fn medcore_billing_invoice_void(
    invoice: *mut medcore_billing_invoice,
) -> medcore_status {
    status(|| {
        let inv = unsafe { invoice_mut(invoice)? };
        Ok(inv.inner.void()?)
    })
}

// ---- adjudication ----

/// An insurance plan that adjudicates claims against plan-year accumulators. Immutable: one
/// handle may be shared by threads. Free with `medcore_billing_plan_free`.
pub struct medcore_billing_plan {
    inner: Plan,
}

/// A plan from JSON (`plan_json`, borrowed): `{id, name?, currency, deductible_individual,
/// deductible_family?, oop_max_individual, oop_max_family?, coinsurance (fraction, e.g.
/// "0.20"), benefits: [{category, covered? (default true), copay?, coinsurance?,
/// deductible_applies? (default true), preauth_required?, per_service_limit?, annual_limit?,
/// annual_visit_limit?}]}`. The plan is validated (`MEDCORE_BILLING_INVALID_VALUE`). `*out`
/// receives a new caller-owned handle.
///
/// # Safety
/// `plan_json` NUL-terminated; `out` valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_billing_plan_from_json(
    plan_json: *const c_char,
    out: *mut *mut medcore_billing_plan,
) -> medcore_status {
    status(|| {
        let inner: Plan = unsafe { json::parse(plan_json, "plan_json")? };
        inner.validate()?;
        let h = Box::into_raw(Box::new(medcore_billing_plan { inner }));
        unsafe { write(out, h, "out") }
    })
}

/// Frees a plan. NULL is allowed.
///
/// # Safety
/// `plan` NULL or a live handle not used afterwards.
#[no_mangle]
pub unsafe extern "C" fn medcore_billing_plan_free(plan: *mut medcore_billing_plan) {
    crate::ffi::boundary(|| {
        if !plan.is_null() {
            // SAFETY: made by Box::into_raw in `medcore_billing_plan_from_json`.
            drop(unsafe { Box::from_raw(plan) });
        }
    })
}

unsafe fn accumulators(s: *const c_char) -> Result<Accumulators, Failure> {
    if s.is_null() {
        return Ok(Accumulators::default());
    }
    unsafe { json::parse(s, "accumulators_json") }
}

/// Adjudicates one claim. `claim_json` (borrowed) is `{id, member_id, lines: [{id, category,
/// code?, billed, allowed?, preauthorized?}]}`; `accumulators_json` the plan-year
/// accumulators returned by an earlier call, or NULL at the start of the plan year.
/// `*out_adjudication_json` receives a new caller-owned string `{claim_id, member_id,
/// currency, lines: [{line_id, billed, allowed, deductible, copay, coinsurance, plan_pays,
/// patient_pays, adjustments: [{group ("CO", "PR"), code (CARC), amount}]}], summary:
/// {billed, allowed, plan_pays, patient_pays, provider_write_off, deductible, copay,
/// coinsurance, deductible_remaining, out_of_pocket_remaining}}`; `*out_accumulators_json`
/// the updated accumulators `{members: {id: {deductible, out_of_pocket}}, family_deductible,
/// family_out_of_pocket, category_paid, category_visits}` (pass them to the next call). On
/// failure nothing is written and the caller's accumulators stay valid.
///
/// # Safety
/// `plan` a live handle; `claim_json` NUL-terminated; `accumulators_json` NULL or
/// NUL-terminated; both out-pointers valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_billing_plan_adjudicate(
    plan: *const medcore_billing_plan,
    claim_json: *const c_char,
    accumulators_json: *const c_char,
    out_adjudication_json: *mut *mut c_char,
    out_accumulators_json: *mut *mut c_char,
) -> medcore_status {
    status(|| {
        let p = unsafe { handle(plan, "plan")? };
        if out_adjudication_json.is_null() || out_accumulators_json.is_null() {
            return Err(Failure::invalid("an out-pointer is NULL"));
        }
        let claim: BenefitClaim = unsafe { json::parse(claim_json, "claim_json")? };
        let mut acc = unsafe { accumulators(accumulators_json)? };
        let a = p.inner.adjudicate(&claim, &mut acc)?;
        let (a, acc) = (json::to_text(&a)?, json::to_text(&acc)?);
        // SAFETY: both checked non-NULL; the caller guarantees they are valid for writes.
        unsafe {
            out_adjudication_json.write(crate::strings::new_string(&a));
            out_accumulators_json.write(crate::strings::new_string(&acc));
        }
        Ok(())
    })
}

/// Adjudicates a plan year's claims in order, carrying the accumulators: `claims_json` is a
/// JSON array of `medcore_billing_plan_adjudicate` claims, `accumulators_json` as there.
/// `*out_adjudications_json` receives a new caller-owned JSON array of adjudications,
/// `*out_accumulators_json` the accumulators after the last claim. The first failing claim
/// fails the call (its message names it) and nothing is written.
///
/// # Safety
/// `plan` a live handle; `claims_json` NUL-terminated; `accumulators_json` NULL or
/// NUL-terminated; both out-pointers valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_billing_plan_adjudicate_many(
    plan: *const medcore_billing_plan,
    claims_json: *const c_char,
    accumulators_json: *const c_char,
    out_adjudications_json: *mut *mut c_char,
    out_accumulators_json: *mut *mut c_char,
) -> medcore_status {
    status(|| {
        let p = unsafe { handle(plan, "plan")? };
        if out_adjudications_json.is_null() || out_accumulators_json.is_null() {
            return Err(Failure::invalid("an out-pointer is NULL"));
        }
        let claims: Vec<BenefitClaim> = unsafe { json::parse(claims_json, "claims_json")? };
        let mut acc = unsafe { accumulators(accumulators_json)? };
        let a = p.inner.adjudicate_many(&claims, &mut acc)?;
        let (a, acc) = (json::to_text(&a)?, json::to_text(&acc)?);
        // SAFETY: both checked non-NULL; the caller guarantees they are valid for writes.
        unsafe {
            out_adjudications_json.write(crate::strings::new_string(&a));
            out_accumulators_json.write(crate::strings::new_string(&acc));
        }
        Ok(())
    })
}
