//! Conversions between Python objects and the core's plain data types (serde structs), with
//! `pythonize`: dicts, lists, strings and numbers in, the same out. Exact decimals travel as
//! strings.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use serde::de::DeserializeOwned;
use serde::Serialize;

/// Reads a core value from a Python object (a dict for a struct, a string for an enum).
pub(crate) fn from_py<T: DeserializeOwned>(obj: &Bound<'_, PyAny>) -> PyResult<T> {
    pythonize::depythonize(obj).map_err(|e| PyValueError::new_err(e.to_string()))
}

/// Reads a list of core values; the message names the failing item.
pub(crate) fn list_from_py<T: DeserializeOwned>(obj: &Bound<'_, PyAny>) -> PyResult<Vec<T>> {
    let mut out = Vec::new();
    for (i, item) in obj.try_iter()?.enumerate() {
        let item = item?;
        out.push(
            pythonize::depythonize(&item)
                .map_err(|e| PyValueError::new_err(format!("item {i}: {e}")))?,
        );
    }
    Ok(out)
}

/// Writes a core value as plain Python data (dicts, lists, strings, numbers, None).
pub(crate) fn to_py<'py, T: Serialize + ?Sized>(
    py: Python<'py>,
    value: &T,
) -> PyResult<Bound<'py, PyAny>> {
    pythonize::pythonize(py, value).map_err(|e| PyValueError::new_err(e.to_string()))
}
