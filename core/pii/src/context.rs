//! Field contexts: where a value lives (tenant, table, column, record). The context is bound into
//! every ciphertext as additional authenticated data, so a ciphertext copied to another row, column,
//! table or tenant fails to decrypt.

use serde::{Deserialize, Serialize};

/// The full location of one encrypted field.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub struct FieldContext {
    /// Tenant (organization, hospital) the record belongs to.
    pub tenant: String,
    /// Table (or resource type) name.
    pub table: String,
    /// Column (or attribute) name.
    pub column: String,
    /// Primary key of the row.
    pub record_id: String,
}

impl FieldContext {
    /// Builds a context from its four parts.
    pub fn new(
        tenant: impl Into<String>,
        table: impl Into<String>,
        column: impl Into<String>,
        record_id: impl Into<String>,
    ) -> Self {
        FieldContext {
            tenant: tenant.into(),
            table: table.into(),
            column: column.into(),
            record_id: record_id.into(),
        }
    }

    /// The column part of this context (for deterministic encryption and blind indexes).
    pub fn column_context(&self) -> ColumnContext {
        ColumnContext::new(&*self.tenant, &*self.table, &*self.column)
    }
}

/// The location of a column, without a record id. Deterministic encryption and blind indexes bind
/// this, so equal values in different rows of one column give equal ciphertexts (that is their
/// purpose), while the same value in another column or tenant does not.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub struct ColumnContext {
    /// Tenant (organization, hospital).
    pub tenant: String,
    /// Table (or resource type) name.
    pub table: String,
    /// Column (or attribute) name.
    pub column: String,
}

impl ColumnContext {
    /// Builds a column context from its three parts.
    pub fn new(
        tenant: impl Into<String>,
        table: impl Into<String>,
        column: impl Into<String>,
    ) -> Self {
        ColumnContext {
            tenant: tenant.into(),
            table: table.into(),
            column: column.into(),
        }
    }

    /// The field context of one record in this column.
    pub fn field(&self, record_id: impl Into<String>) -> FieldContext {
        FieldContext {
            tenant: self.tenant.clone(),
            table: self.table.clone(),
            column: self.column.clone(),
            record_id: record_id.into(),
        }
    }
}

/// Domain label that starts every AAD.
const AAD_LABEL: &[u8] = b"medcore-pii/aad/v1";

/// Where additional authenticated data is written: a `Vec`, or an [`InlineAad`] on the stack.
pub(crate) trait AadSink {
    /// Empties the buffer.
    fn clear(&mut self);
    /// Appends bytes.
    fn put(&mut self, bytes: &[u8]);
}

impl AadSink for Vec<u8> {
    fn clear(&mut self) {
        Vec::clear(self);
    }
    fn put(&mut self, bytes: &[u8]) {
        self.extend_from_slice(bytes);
    }
}

/// A stack buffer for the AAD of one field: no allocation unless the context is longer than
/// [`InlineAad::CAPACITY`] bytes, when it moves to the heap.
pub(crate) struct InlineAad {
    bytes: [u8; InlineAad::CAPACITY],
    len: usize,
    spill: Vec<u8>,
}

impl InlineAad {
    /// Bytes held without allocating.
    pub const CAPACITY: usize = 256;

    /// An empty buffer.
    pub fn new() -> Self {
        InlineAad {
            bytes: [0; InlineAad::CAPACITY],
            len: 0,
            spill: Vec::new(),
        }
    }

    /// The bytes written.
    pub fn as_slice(&self) -> &[u8] {
        if self.spill.is_empty() {
            self.bytes.get(..self.len).unwrap_or_default()
        } else {
            &self.spill
        }
    }
}

impl AadSink for InlineAad {
    fn clear(&mut self) {
        self.len = 0;
        self.spill.clear();
    }
    fn put(&mut self, bytes: &[u8]) {
        if self.spill.is_empty() {
            if let Some(dst) = self.bytes.get_mut(self.len..self.len + bytes.len()) {
                dst.copy_from_slice(bytes);
                self.len += bytes.len();
                return;
            }
            self.spill
                .extend_from_slice(self.bytes.get(..self.len).unwrap_or_default());
        }
        self.spill.extend_from_slice(bytes);
    }
}

/// Writes the additional authenticated data into `out` (cleared first):
/// `"medcore-pii/aad/v1" || header || len32(tenant) || tenant || len32(table) || table ||
/// len32(column) || column || len32(record_id) || record_id`, lengths as big-endian `u32`.
/// Deterministic encryption passes `None` for the record id, which is encoded as length
/// `0xFFFF_FFFF` so it can never collide with an empty record id.
pub(crate) fn write_aad(
    out: &mut impl AadSink,
    header: &[u8],
    tenant: &str,
    table: &str,
    column: &str,
    record_id: Option<&str>,
) {
    out.clear();
    out.put(AAD_LABEL);
    out.put(header);
    for part in [tenant, table, column] {
        push_len_prefixed(out, part.as_bytes());
    }
    match record_id {
        Some(r) => push_len_prefixed(out, r.as_bytes()),
        None => out.put(&u32::MAX.to_be_bytes()),
    }
}

/// Appends `len32(bytes) || bytes`.
pub(crate) fn push_len_prefixed(out: &mut impl AadSink, bytes: &[u8]) {
    let len = u32::try_from(bytes.len()).unwrap_or(u32::MAX - 1);
    out.put(&len.to_be_bytes());
    out.put(bytes);
}
