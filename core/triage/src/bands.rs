//! Band tables: the rows of a scoring chart, and how a measurement is placed in one.
//!
//! # Values between printed rows
//!
//! Charts print their rows at the resolution observations are recorded at (whole breaths and
//! beats, one decimal of a degree). A measurement can still fall between two printed rows:
//! a temperature of 38.05 °C lies between the rows "36.1–38.0" and "38.1–39.0", a respiration
//! rate of 20.5 between "12–20" and "21–24". medcore scores such a value with the **more
//! abnormal of the two neighbouring rows** (the one with more points). The rule
//!
//! * agrees with the chart on every printed value,
//! * never under-scores: whichever way the value would be rounded, the result is at least
//!   that rounding's score, and
//! * needs no rounding of binary floating-point numbers (38.05 is not exactly representable).
//!
//! The chosen row is reported in the breakdown with a note, so the decision is visible.

use crate::error::TriageError;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// One row of a scoring chart: an inclusive range of printed values and its points.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Band {
    /// Lowest printed value of the row, inclusive; `None` for an open lower end ("≤ 8").
    pub min: Option<f64>,
    /// Highest printed value of the row, inclusive; `None` for an open upper end ("≥ 25").
    pub max: Option<f64>,
    /// Points scored by the row.
    pub points: u8,
    /// The row as printed, e.g. `"21–24"`.
    pub label: Cow<'static, str>,
}

impl Band {
    /// A row known at compile time.
    pub const fn fixed(
        min: Option<f64>,
        max: Option<f64>,
        points: u8,
        label: &'static str,
    ) -> Band {
        Band {
            min,
            max,
            points,
            label: Cow::Borrowed(label),
        }
    }
}

/// Where a value fell in a band table.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Placement<'a> {
    /// The row that scored.
    pub band: &'a Band,
    /// True when the value lay between two printed rows and the more abnormal one was taken.
    pub between_rows: bool,
}

/// Places `value` in `bands` (sorted ascending, validated by [`validate_bands`]).
///
/// The row is found by counting the rows whose upper end lies below the value, which costs
/// the same for every value (no data-dependent branches on the common path).
#[inline]
pub fn place(bands: &[Band], value: f64) -> Option<Placement<'_>> {
    let (last, head) = bands.split_last()?;
    let mut j = 0usize;
    for b in head {
        j += usize::from(value > b.max.unwrap_or(f64::INFINITY));
    }
    let band = bands.get(j).unwrap_or(last);
    let in_gap = band.min.is_some_and(|m| value < m);
    if !in_gap {
        return Some(Placement {
            band,
            between_rows: false,
        });
    }
    // Between the previous row's max and this row's min: the more abnormal row scores.
    match j.checked_sub(1).and_then(|i| bands.get(i)) {
        Some(prev) if prev.points >= band.points => Some(Placement {
            band: prev,
            between_rows: true,
        }),
        Some(_) => Some(Placement {
            band,
            between_rows: true,
        }),
        None => Some(Placement {
            band,
            between_rows: false,
        }),
    }
}

/// Checks a band table supplied as data: non-empty, open at both ends, ascending and
/// non-overlapping. `location` names the table in error messages.
pub fn validate_bands(location: &str, bands: &[Band]) -> Result<(), TriageError> {
    let first = bands
        .first()
        .ok_or_else(|| TriageError::table(location, "a band table needs at least one row"))?;
    if first.min.is_some() {
        return Err(TriageError::table(
            format!("{location}[0].min"),
            "the first row must be open below (min: null) so every value is scored",
        ));
    }
    if bands.last().and_then(|b| b.max).is_some() {
        return Err(TriageError::table(
            format!("{location}[{}].max", bands.len() - 1),
            "the last row must be open above (max: null) so every value is scored",
        ));
    }
    let mut prev_max: Option<f64> = None;
    for (i, band) in bands.iter().enumerate() {
        for (name, v) in [("min", band.min), ("max", band.max)] {
            if let Some(v) = v {
                if !v.is_finite() {
                    return Err(TriageError::table(
                        format!("{location}[{i}].{name}"),
                        "bounds must be finite numbers",
                    ));
                }
            }
        }
        if let (Some(lo), Some(hi)) = (band.min, band.max) {
            if lo > hi {
                return Err(TriageError::table(
                    format!("{location}[{i}]"),
                    format!("min {lo} is above max {hi}"),
                ));
            }
        }
        if i > 0 {
            let lo = band.min.ok_or_else(|| {
                TriageError::table(
                    format!("{location}[{i}].min"),
                    "only the first row may be open below",
                )
            })?;
            let pm = prev_max.ok_or_else(|| {
                TriageError::table(
                    format!("{location}[{}].max", i - 1),
                    "only the last row may be open above",
                )
            })?;
            if lo <= pm {
                return Err(TriageError::table(
                    format!("{location}[{i}].min"),
                    format!("row starts at {lo}, overlapping the previous row ending at {pm}"),
                ));
            }
        }
        prev_max = band.max;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: &[Band] = &[
        Band::fixed(None, Some(8.0), 3, "≤8"),
        Band::fixed(Some(9.0), Some(11.0), 1, "9–11"),
        Band::fixed(Some(12.0), Some(20.0), 0, "12–20"),
        Band::fixed(Some(21.0), None, 2, "≥21"),
    ];

    #[test]
    fn printed_values_and_gaps() {
        assert_eq!(place(T, 8.0).map(|p| p.band.points), Some(3));
        assert_eq!(place(T, 9.0).map(|p| p.band.points), Some(1));
        let gap = place(T, 8.5).expect("placed");
        assert_eq!((gap.band.points, gap.between_rows), (3, true));
        let gap = place(T, 11.5).expect("placed");
        assert_eq!((gap.band.points, gap.between_rows), (1, true));
        let gap = place(T, 20.5).expect("placed");
        assert_eq!((gap.band.points, gap.between_rows), (2, true));
        assert!(validate_bands("t", T).is_ok());
    }

    #[test]
    fn malformed_tables_are_rejected() {
        let overlapping = vec![
            Band::fixed(None, Some(10.0), 1, "a"),
            Band::fixed(Some(10.0), None, 0, "b"),
        ];
        let err = validate_bands("t", &overlapping).unwrap_err();
        assert_eq!(err.code(), "TRIAGE_INVALID_TABLE");
        assert!(validate_bands("t", &[]).is_err());
        assert!(validate_bands("t", &[Band::fixed(Some(1.0), None, 0, "x")]).is_err());
    }
}
