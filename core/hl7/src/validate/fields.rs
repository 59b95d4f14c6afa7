//! Field-level checks of one segment: required fields, repetitions, withdrawn and unsupported
//! fields, lengths, data types (recursing into components and subcomponents) and tables.

use super::datatype;
use super::issue::{Issue, Location, Rule};
use super::Separators;
use crate::defs::{ComponentDef, Definitions, FieldDef, Kind, Prim};
use crate::profile::{FieldProfile, Profile, TableSelection, Usage};
use crate::Segment;

/// The effective definition of one field after the profile's overrides.
struct Effective<'d> {
    datatype: &'d str,
    kind: Kind,
    min: u32,
    max: Option<u32>,
    table: Option<&'d str>,
    length: Option<usize>,
    usage: Option<Usage>,
    withdrawn: bool,
    name: &'d str,
}

fn effective<'d>(
    defs: &Definitions,
    def: Option<&'d FieldDef>,
    over: Option<&'d FieldProfile>,
) -> Effective<'d> {
    let mut e = Effective {
        datatype: def.map_or("ST", |d| d.datatype.as_str()),
        kind: def.map_or(Kind::Text, |d| d.kind),
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
            e.kind = defs.kind_of(dt);
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

/// Splits `s` on `sep`, yielding each piece with its byte position in `s`. Values are short
/// (a few bytes on average), so a plain scan beats a vectorized search with its set-up cost.
fn pieces(s: &str, sep: u8) -> impl Iterator<Item = (usize, &str)> {
    let bytes = s.as_bytes();
    let mut start = 0usize;
    let mut done = false;
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        let from = start;
        let rest = bytes.get(from..).unwrap_or(&[]);
        match rest.iter().position(|b| *b == sep) {
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

/// Appends a definition name as prose: `Patient_Name` -> `patient name`.
fn push_readable(out: &mut String, name: &str) {
    out.extend(name.chars().map(|c| {
        if c == '_' {
            ' '
        } else {
            c.to_ascii_lowercase()
        }
    }));
}

/// `true` when a component has no table to check (neither its own nor, for the identifier
/// of a coded value, the field's).
fn ctable_is_none(coded: bool, k: usize, table: Option<&str>, cdef: &ComponentDef) -> bool {
    cdef.table.is_none() && !(coded && k == 0 && table.is_some())
}

/// Where a value is inside the segment being checked (cheap to copy; turned into a
/// [`Location`] only when an issue is reported).
#[derive(Clone, Copy)]
struct Loc {
    field: usize,
    repetition: Option<usize>,
    component: Option<usize>,
    subcomponent: Option<usize>,
    offset: usize,
}

/// What a value is called, for messages: rendered only when an issue is reported.
#[derive(Clone, Copy)]
struct Label<'d> {
    field_name: &'d str,
    component: Option<(usize, &'d str)>,
    subcomponent: Option<(usize, &'d str)>,
}

/// Which tables a profile checks values against, resolved once per message from
/// [`Profile::checks_table`]'s rules so the per-value test is a comparison, not a lookup.
#[derive(Clone, Copy)]
pub(super) enum TableScope {
    /// Every table.
    All,
    /// Tables of values of type ID (HL7-defined tables), plus the profile's `also` list.
    IdOnly,
    /// Only what the profile names (its `also` list or an explicit table list).
    Named,
}

impl TableScope {
    pub(super) fn of(profile: &Profile) -> TableScope {
        match &profile.tables.check {
            TableSelection::Named(n) if n == "all" => TableScope::All,
            TableSelection::Named(n) if n == "hl7" => TableScope::IdOnly,
            _ => TableScope::Named,
        }
    }

    fn checks(self, profile: &Profile, table: &str, is_id: bool) -> bool {
        match self {
            TableScope::All => true,
            TableScope::IdOnly => is_id || profile.checks_table(table, "IS"),
            TableScope::Named => profile.checks_table(table, if is_id { "ID" } else { "IS" }),
        }
    }
}

/// Context for checking one segment.
pub(super) struct SegmentCheck<'a> {
    pub defs: &'a Definitions,
    pub profile: &'a Profile,
    pub tables: TableScope,
    pub seps: Separators,
    pub issues: &'a mut Vec<Issue>,
}

impl SegmentCheck<'_> {
    fn push(&mut self, base: &Location, rule: Rule, loc: Loc, message: impl FnOnce() -> String) {
        if let Some(sev) = self
            .profile
            .field_severity_of(rule, &base.segment, loc.field)
        {
            let l = Location {
                field: Some(loc.field),
                repetition: loc.repetition,
                component: loc.component,
                subcomponent: loc.subcomponent,
                offset: base.offset + loc.offset,
                ..base.clone()
            };
            self.issues.push(Issue::new(sev, rule, &l, message()));
        }
    }

    fn label(base: &Location, loc: Loc, label: Label<'_>) -> String {
        use std::fmt::Write;
        let mut s = String::with_capacity(64);
        let _ = write!(s, "{}-{}", base.segment, loc.field);
        if !label.field_name.is_empty() {
            s.push_str(" (");
            push_readable(&mut s, label.field_name);
            s.push(')');
        }
        for (what, part) in [
            ("component", label.component),
            ("subcomponent", label.subcomponent),
        ] {
            if let Some((k, n)) = part {
                let _ = write!(s, " {what} {k} (");
                push_readable(&mut s, n);
                s.push(')');
            }
        }
        s
    }

    /// Checks the fields of one segment. `text` is the segment's text (from its id to before
    /// the segment separator), `base` the location of the segment (offset of its first byte).
    /// `parsed` is the same segment in a parsed message, whose field boundaries then save
    /// splitting the text again.
    pub fn check(
        &mut self,
        id: &str,
        text: &str,
        base: &Location,
        obx_type: Option<&str>,
        parsed: Option<Segment<'_>>,
    ) {
        let defs = self.defs.segment(id).unwrap_or(&[]);
        let seg_over = self.profile.segment(id).filter(|s| !s.fields.is_empty());
        let is_msh = matches!(id, "MSH" | "FHS" | "BHS");
        let mut it = pieces(text, self.seps.field);
        let _ = it.next(); // the segment id
                           // Header segments number their fields from the separator itself; their text is split.
        let seg_start = parsed.as_ref().map_or(0, Segment::offset);
        let mut tree = parsed
            .filter(|s| !is_msh && s.raw().len() == text.len())
            .map(|s| s.fields());
        let mut msh1 = is_msh.then(|| (3usize, text.get(3..4).unwrap_or("")));
        let max_over = seg_over.map_or(0, |s| {
            s.fields
                .keys()
                .filter_map(|k| k.parse::<usize>().ok())
                .max()
                .unwrap_or(0)
        });
        let limit = defs.len().max(max_over);
        let mut field_no = 0usize;
        loop {
            field_no += 1;
            let next = match (msh1.take(), tree.as_mut()) {
                (Some(v), _) => Some(v),
                (None, Some(fields)) => fields
                    .next()
                    .map(|f| (f.offset().saturating_sub(seg_start), f.raw())),
                (None, None) => it.next(),
            };
            if next.is_none() && field_no > limit {
                break;
            }
            let (pos, raw) = next.unwrap_or((text.len(), ""));
            let def = defs.get(field_no - 1);
            let over = seg_over.and_then(|s| {
                s.fields
                    .iter()
                    .find(|(k, _)| k.parse::<usize>().ok() == Some(field_no))
                    .map(|(_, v)| v)
            });
            let loc = Loc {
                field: field_no,
                repetition: None,
                component: None,
                subcomponent: None,
                offset: pos,
            };
            if def.is_none() && over.is_none() {
                if !raw.is_empty() {
                    let n = defs.len();
                    let v = self.defs.version();
                    self.push(base, Rule::FieldUndefined, loc, || {
                        format!(
                            "{id}-{field_no} is valued, but {id} has only {n} fields in HL7 {v}"
                        )
                    });
                }
                continue;
            }
            let eff = effective(self.defs, def, over);
            let label = Label {
                field_name: eff.name,
                component: None,
                subcomponent: None,
            };
            if raw.is_empty() {
                if eff.min > 0 {
                    self.push(base, Rule::FieldRequired, loc, || {
                        format!("{} is required but empty", Self::label(base, loc, label))
                    });
                }
                continue;
            }
            if eff.usage == Some(Usage::X) {
                self.push(base, Rule::FieldNotSupported, loc, || {
                    format!(
                        "{} is valued, but the profile does not support it (usage X)",
                        Self::label(base, loc, label)
                    )
                });
                continue;
            }
            if eff.withdrawn {
                let v = self.defs.version();
                self.push(base, Rule::FieldWithdrawn, loc, || {
                    format!(
                        "{} is valued, but HL7 {v} has withdrawn this field",
                        Self::label(base, loc, label)
                    )
                });
                continue;
            }
            if raw == "\"\"" || (is_msh && field_no <= 2) {
                continue; // explicit null, or the delimiters themselves
            }
            let mut kind = eff.kind;
            if id == "OBX" && field_no == 5 && eff.datatype == "varies" {
                match obx_type.map(|t| self.defs.kind_of(t)) {
                    Some(k) if k != Kind::Text => kind = k,
                    _ => continue,
                }
            }
            let exempt = is_msh && matches!(field_no, 9 | 11 | 12);
            let mut reps = 0usize;
            for (rpos, rep) in pieces(raw, self.seps.repetition) {
                reps += 1;
                let rloc = Loc {
                    repetition: Some(reps),
                    offset: loc.offset + rpos,
                    ..loc
                };
                if let Some(max) = eff.max {
                    if reps == max as usize + 1 {
                        self.push(base, Rule::FieldRepetition, rloc, || {
                            format!(
                                "{} repeats more than the {max} time{} allowed",
                                Self::label(base, rloc, label),
                                if max == 1 { "" } else { "s" }
                            )
                        });
                    }
                }
                if let Some(len) = eff.length {
                    let chars = rep.chars().count();
                    if chars > len {
                        self.push(base, Rule::Length, rloc, || {
                            format!(
                                "{} is {chars} characters long; at most {len} allowed",
                                Self::label(base, rloc, label)
                            )
                        });
                    }
                }
                if rep.is_empty() || rep == "\"\"" {
                    continue;
                }
                self.value(base, kind, eff.table, rep, rloc, 0, label, exempt);
            }
        }
        if id == "MSH" {
            self.check_processing_id(text, base);
        }
    }

    fn check_processing_id(&mut self, text: &str, base: &Location) {
        // MSH-11 is the 10th piece after the segment id (MSH-1 is the separator itself).
        let Some((pos, raw)) = pieces(text, self.seps.field).nth(10) else {
            return;
        };
        let first = pieces(raw, self.seps.component)
            .next()
            .map_or("", |(_, c)| c);
        if first.is_empty() || matches!(first, "P" | "D" | "T") {
            return;
        }
        let loc = Loc {
            field: 11,
            repetition: Some(1),
            component: Some(1),
            subcomponent: None,
            offset: pos,
        };
        self.push(base, Rule::ProcessingId, loc, || {
            format!("MSH-11 processing id '{first}' is not P (production), D (debugging) or T (training) (HL7 table 0103)")
        });
    }

    /// Checks one value (a repetition, component or subcomponent) of the given kind.
    #[allow(clippy::too_many_arguments)]
    fn value(
        &mut self,
        base: &Location,
        kind: Kind,
        table: Option<&str>,
        text: &str,
        loc: Loc,
        depth: usize,
        label: Label<'_>,
        table_exempt: bool,
    ) {
        let sep = if depth == 0 {
            self.seps.component
        } else {
            self.seps.subcomponent
        };
        let prim = match kind {
            Kind::Text => {
                if let (Some(t), false) = (table, table_exempt) {
                    self.table(base, t, false, text, loc, label);
                }
                return;
            }
            Kind::Ts => {
                // TS: component 1 is a DTM (typed ST in the 2.3 definitions), component 2 the
                // deprecated degree of precision.
                let (_, first) = pieces(text, sep).next().unwrap_or((0, ""));
                if !first.is_empty() {
                    let l = Self::sub_loc(loc, depth, 1, 0);
                    if let Err(e) = datatype::parse_datetime(first) {
                        self.push(base, Rule::DataType, l, || {
                            format!("{}: {e}", Self::label(base, loc, label))
                        });
                    }
                }
                return;
            }
            Kind::Composite { .. } if depth >= 2 => return,
            Kind::Composite { index, coded } => {
                let defs = self.defs;
                let comps = defs.composite(index);
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
                        break;
                    };
                    if cdef.kind == Kind::Text && ctable_is_none(coded, k, table, cdef) {
                        continue;
                    }
                    let l = Self::sub_loc(loc, depth, k + 1, cpos);
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
                    let mut clabel = label;
                    if depth == 0 {
                        clabel.component = Some((k + 1, &cdef.name));
                    } else {
                        clabel.subcomponent = Some((k + 1, &cdef.name));
                    }
                    self.value(
                        base,
                        cdef.kind,
                        ctable,
                        ctext,
                        l,
                        depth + 1,
                        clabel,
                        table_exempt,
                    );
                }
                return;
            }
            Kind::Prim(p) => p,
        };
        let checked = match prim {
            Prim::Nm => datatype::check_numeric(text),
            Prim::Si => datatype::check_sequence_id(text),
            Prim::Dt => datatype::check_date(text),
            Prim::Tm => datatype::check_time(text),
            Prim::Dtm => datatype::parse_datetime(text).map(|_| ()),
            Prim::Id | Prim::Is => datatype::check_code(text),
        };
        if let Err(e) = checked {
            self.push(base, Rule::DataType, loc, || {
                format!("{}: {e}", Self::label(base, loc, label))
            });
            return;
        }
        if table_exempt {
            return;
        }
        if let Some(t) = table {
            self.table(base, t, prim == Prim::Id, text, loc, label);
        }
    }

    fn table(
        &mut self,
        base: &Location,
        table: &str,
        is_id: bool,
        value: &str,
        loc: Loc,
        label: Label<'_>,
    ) {
        if !self.tables.checks(self.profile, table, is_id) {
            return;
        }
        let Some(def) = self.defs.table(table) else {
            return;
        };
        if def.is_empty() || def.contains(value) || self.profile.adds_value(table, value) {
            return;
        }
        self.push(base, Rule::TableValue, loc, || {
            format!(
                "{}: '{value}' is not in HL7 table {table} ({})",
                Self::label(base, loc, label),
                def.name
            )
        });
    }

    fn sub_loc(loc: Loc, depth: usize, k: usize, pos: usize) -> Loc {
        let mut l = loc;
        l.offset += pos;
        if depth == 0 {
            l.component = Some(k);
        } else {
            l.subcomponent = Some(k);
        }
        l
    }
}
