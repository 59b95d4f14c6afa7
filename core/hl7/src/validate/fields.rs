//! Field-level checks of one segment: required fields, repetitions, withdrawn and unsupported
//! fields, lengths, data types (recursing into components and subcomponents) and tables.

use super::datatype;
use super::issue::{Issue, Location, Rule};
use super::Separators;
use crate::defs::{Definitions, FieldDef};
use crate::profile::{FieldProfile, Profile, Usage};

/// The effective definition of one field after the profile's overrides.
struct Effective<'d> {
    datatype: &'d str,
    min: u32,
    max: Option<u32>,
    table: Option<&'d str>,
    length: Option<usize>,
    usage: Option<Usage>,
    withdrawn: bool,
    name: &'d str,
}

fn effective<'d>(def: Option<&'d FieldDef>, over: Option<&'d FieldProfile>) -> Effective<'d> {
    let mut e = Effective {
        datatype: def.map_or("ST", |d| d.datatype.as_str()),
        min: def.map_or(0, |d| d.min),
        max: def.and_then(|d| d.max),
        table: def.and_then(|d| d.table.as_deref()),
        length: None,
        usage: None,
        withdrawn: def.is_some_and(|d| d.max == Some(0)),
        name: def.map_or("", |d| d.name.as_str()),
    };
    if let Some(o) = over {
        if let Some(dt) = &o.datatype {
            e.datatype = dt;
        }
        if let Some(t) = &o.table {
            e.table = Some(t);
        }
        e.length = o.length;
        e.usage = o.usage;
        if let Some(m) = o.min {
            e.min = m;
        }
        if let Some(m) = o.max {
            e.max = u32::try_from(m).ok();
            e.withdrawn = false;
        }
        match o.usage {
            Some(Usage::R) => e.min = e.min.max(1),
            Some(Usage::RE | Usage::O | Usage::C) => e.min = 0,
            _ => {}
        }
        if o.usage.is_some() && o.max.is_none() && e.withdrawn {
            e.withdrawn = false;
            e.max = None;
        }
    }
    e
}

/// Splits `s` on `sep`, yielding each piece with its byte position in `s`.
fn pieces(s: &str, sep: u8) -> impl Iterator<Item = (usize, &str)> {
    let bytes = s.as_bytes();
    let mut start = 0usize;
    let mut done = false;
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        let from = start;
        match bytes[from..].iter().position(|b| *b == sep) {
            Some(p) => {
                start = from + p + 1;
                Some((from, s.get(from..from + p).unwrap_or("")))
            }
            None => {
                done = true;
                Some((from, s.get(from..).unwrap_or("")))
            }
        }
    })
}

fn readable(name: &str) -> String {
    name.replace('_', " ").to_lowercase()
}

/// Context for checking one segment.
pub(super) struct SegmentCheck<'a> {
    pub defs: &'a Definitions,
    pub profile: &'a Profile,
    pub seps: Separators,
    pub issues: &'a mut Vec<Issue>,
}

impl SegmentCheck<'_> {
    fn push(&mut self, rule: Rule, loc: &Location, message: String) {
        let sev = match loc.field {
            Some(f) => self.profile.field_severity_of(rule, &loc.segment, f),
            None => self.profile.severity_of(rule),
        };
        if let Some(sev) = sev {
            self.issues.push(Issue::new(sev, rule, loc, message));
        }
    }

    /// Checks the fields of one segment. `text` is the segment's text (from its id to before
    /// the segment separator), `base` the location of the segment (offset of its first byte).
    pub fn check(&mut self, id: &str, text: &str, base: &Location, obx_type: Option<&str>) {
        let defs = self.defs.segment(id).unwrap_or(&[]);
        let is_msh = matches!(id, "MSH" | "FHS" | "BHS");
        // Field values with their byte positions in `text`.
        let mut values: Vec<(usize, &str)> = Vec::with_capacity(defs.len() + 1);
        let fsep = self.seps.field;
        let mut it = pieces(text, fsep);
        let _ = it.next(); // the segment id
        if is_msh {
            // MSH-1 is the field separator itself, MSH-2 the encoding characters.
            values.push((3, text.get(3..4).unwrap_or("")));
        }
        values.extend(it);
        let n = defs.len().max(values.len());
        for i in 0..n {
            let field_no = i + 1;
            let (pos, raw) = values.get(i).copied().unwrap_or((text.len(), ""));
            let def = defs.get(i);
            let over = self.profile.field(id, field_no);
            let loc = Location {
                field: Some(field_no),
                offset: base.offset + pos,
                ..base.clone()
            };
            if def.is_none() && over.is_none() {
                if !raw.is_empty() {
                    self.push(
                        Rule::FieldUndefined,
                        &loc,
                        format!(
                            "{id}-{field_no} is valued, but {id} has only {} fields in HL7 {}",
                            defs.len(),
                            self.defs.version()
                        ),
                    );
                }
                continue;
            }
            let eff = effective(def, over);
            let label = if eff.name.is_empty() {
                format!("{id}-{field_no}")
            } else {
                format!("{id}-{field_no} ({})", readable(eff.name))
            };
            if raw.is_empty() {
                if eff.min > 0 {
                    self.push(
                        Rule::FieldRequired,
                        &loc,
                        format!("{label} is required but empty"),
                    );
                }
                continue;
            }
            if eff.usage == Some(Usage::X) {
                self.push(
                    Rule::FieldNotSupported,
                    &loc,
                    format!("{label} is valued, but the profile does not support it (usage X)"),
                );
                continue;
            }
            if eff.withdrawn {
                self.push(
                    Rule::FieldWithdrawn,
                    &loc,
                    format!(
                        "{label} is valued, but HL7 {} has withdrawn this field",
                        self.defs.version()
                    ),
                );
                continue;
            }
            if raw == "\"\"" {
                continue; // explicit null: present, no value to check
            }
            if is_msh && field_no <= 2 {
                continue;
            }
            let mut datatype = eff.datatype;
            if id == "OBX" && field_no == 5 {
                match obx_type {
                    Some(t)
                        if self.defs.datatype(t).is_some() || datatype::is_checked_primitive(t) =>
                    {
                        datatype = t
                    }
                    _ => continue,
                }
            }
            let mut reps = 0usize;
            for (rpos, rep) in pieces(raw, self.seps.repetition) {
                reps += 1;
                let rloc = Location {
                    repetition: Some(reps),
                    offset: loc.offset + rpos,
                    ..loc.clone()
                };
                if let Some(max) = eff.max {
                    if reps == max as usize + 1 {
                        self.push(
                            Rule::FieldRepetition,
                            &rloc,
                            format!(
                                "{label} repeats more than the {max} time{} allowed",
                                if max == 1 { "" } else { "s" }
                            ),
                        );
                    }
                }
                if let Some(len) = eff.length {
                    let chars = rep.chars().count();
                    if chars > len {
                        self.push(
                            Rule::Length,
                            &rloc,
                            format!("{label} is {chars} characters long; at most {len} allowed"),
                        );
                    }
                }
                if rep.is_empty() || rep == "\"\"" {
                    continue;
                }
                let exempt = is_msh && matches!(field_no, 9 | 11 | 12);
                self.value(datatype, eff.table, rep, &rloc, 0, &label, exempt);
            }
        }
        if id == "MSH" {
            self.check_processing_id(&values, base);
        }
    }

    fn check_processing_id(&mut self, values: &[(usize, &str)], base: &Location) {
        let Some((pos, raw)) = values.get(10).copied() else {
            return;
        };
        let first = raw.split(self.seps.component as char).next().unwrap_or("");
        if first.is_empty() {
            return;
        }
        if !matches!(first, "P" | "D" | "T") {
            let loc = Location {
                field: Some(11),
                repetition: Some(1),
                component: Some(1),
                offset: base.offset + pos,
                ..base.clone()
            };
            self.push(
                Rule::ProcessingId,
                &loc,
                format!("MSH-11 processing id '{first}' is not P (production), D (debugging) or T (training) (HL7 table 0103)"),
            );
        }
    }

    /// Checks one value (a repetition, component or subcomponent) of type `datatype`.
    #[allow(clippy::too_many_arguments)]
    fn value(
        &mut self,
        datatype: &str,
        table: Option<&str>,
        text: &str,
        loc: &Location,
        depth: usize,
        label: &str,
        table_exempt: bool,
    ) {
        let comps = if datatype == "TS" {
            None
        } else {
            self.defs.datatype(datatype)
        };
        if datatype == "TS" {
            // TS: component 1 is a DTM (typed ST in the 2.3 definitions), component 2 the
            // deprecated degree of precision.
            let sep = if depth == 0 {
                self.seps.component
            } else {
                self.seps.subcomponent
            };
            let (_, first) = pieces(text, sep).next().unwrap_or((0, ""));
            if !first.is_empty() {
                let l = self.sub_loc(loc, depth, 1, 0);
                if let Err(e) = datatype::parse_datetime(first) {
                    self.push(Rule::DataType, &l, format!("{label}: {e}"));
                }
            }
            return;
        }
        match comps {
            Some(comps) if depth < 2 => {
                let sep = if depth == 0 {
                    self.seps.component
                } else {
                    self.seps.subcomponent
                };
                let coded = matches!(datatype, "CE" | "CWE" | "CNE");
                let mut coding_system_is_hl7 = true;
                if coded {
                    if let Some((_, cs)) = pieces(text, sep).nth(2) {
                        coding_system_is_hl7 = cs.is_empty() || cs.starts_with("HL7");
                    }
                }
                for (k, (cpos, ctext)) in pieces(text, sep).enumerate() {
                    if ctext.is_empty() || ctext == "\"\"" {
                        continue;
                    }
                    let Some(cdef) = comps.get(k) else {
                        continue;
                    };
                    let l = self.sub_loc(loc, depth, k + 1, cpos);
                    // The field's table applies to the identifier of a coded value when its
                    // coding system is an HL7 table (or not given).
                    let ctable = if coded && k == 0 {
                        if coding_system_is_hl7 {
                            table.or(cdef.table.as_deref())
                        } else {
                            None
                        }
                    } else {
                        cdef.table.as_deref()
                    };
                    let clabel = format!("{label} component {} ({})", k + 1, readable(&cdef.name));
                    self.value(
                        &cdef.datatype,
                        ctable,
                        ctext,
                        &l,
                        depth + 1,
                        &clabel,
                        table_exempt,
                    );
                }
            }
            Some(_) => {}
            None => {
                if let Err(e) = datatype::check_primitive(datatype, text) {
                    self.push(Rule::DataType, loc, format!("{label}: {e}"));
                    return;
                }
                if table_exempt {
                    return;
                }
                if let Some(t) = table {
                    self.table(t, datatype, text, loc, label);
                }
            }
        }
    }

    fn table(&mut self, table: &str, datatype: &str, value: &str, loc: &Location, label: &str) {
        if !self.profile.checks_table(table, datatype) {
            return;
        }
        let Some(def) = self.defs.table(table) else {
            return;
        };
        if def.values.is_empty()
            || def.values.contains(value)
            || self.profile.adds_value(table, value)
        {
            return;
        }
        self.push(
            Rule::TableValue,
            loc,
            format!(
                "{label}: '{value}' is not in HL7 table {table} ({})",
                def.name
            ),
        );
    }

    fn sub_loc(&self, loc: &Location, depth: usize, k: usize, pos: usize) -> Location {
        let mut l = loc.clone();
        l.offset += pos;
        if depth == 0 {
            l.component = Some(k);
        } else {
            l.subcomponent = Some(k);
        }
        l
    }
}
