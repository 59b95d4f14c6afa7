//! Field-level checks of one segment: required fields, repetitions, withdrawn and unsupported
//! fields, lengths, data types (recursing into components and subcomponents) and tables.

use super::datatype;
use super::issue::{Issue, Location, Rule};
use super::Separators;
use crate::defs::{ComponentDef, Definitions, FieldDef, Kind, Prim};
use crate::message::{Node, Span, Tree};
use crate::profile::{FieldProfile, Profile, TableSelection, Usage};
use crate::Message;

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
fn pieces(s: &str, sep: u8) -> Pieces<'_> {
    Pieces {
        s,
        sep,
        start: 0,
        done: false,
    }
}

/// The iterator of [`pieces`].
struct Pieces<'t> {
    s: &'t str,
    sep: u8,
    start: usize,
    done: bool,
}

impl<'t> Iterator for Pieces<'t> {
    type Item = (usize, &'t str);

    #[inline]
    fn next(&mut self) -> Option<(usize, &'t str)> {
        if self.done {
            return None;
        }
        let from = self.start;
        let rest = self.s.as_bytes().get(from..).unwrap_or(&[]);
        match rest.iter().position(|b| *b == self.sep) {
            Some(p) => {
                self.start = from + p + 1;
                Some((from, self.s.get(from..from + p).unwrap_or("")))
            }
            None => {
                self.done = true;
                Some((from, self.s.get(from..).unwrap_or("")))
            }
        }
    }
}

/// How the parts of a value are found: read from the parsed tree when the segment comes from a
/// parsed message (the parser has already found every delimiter), else split from its text.
#[derive(Clone, Copy)]
enum Shape {
    /// Not from a parsed message: split the text on demand.
    Text,
    /// The parser found no delimiter inside the value: it is its own only part, down to the
    /// subcomponent.
    Leaf,
    /// A field with several repetitions (in `Tree::reps`).
    Field(Node),
    /// A repetition with several components (in `Tree::comps`).
    Rep(Node),
    /// A component with several subcomponents (in `Tree::subs`).
    Comp(Node),
}

/// The parts of a value one level down, each with its byte position in the value and shape.
enum Parts<'t> {
    Text(Pieces<'t>),
    One(Option<&'t str>),
    Nodes {
        text: &'t str,
        start: u32,
        nodes: std::slice::Iter<'t, Node>,
        reps: bool,
    },
    Spans {
        text: &'t str,
        start: u32,
        spans: std::slice::Iter<'t, Span>,
    },
}

impl<'t> Parts<'t> {
    /// The parts of `value` (of `shape`), splitting text on `sep`; `msg` is the parsed message
    /// the tree shapes point into.
    #[inline]
    fn of(msg: Option<&'t Message<'t>>, value: &'t str, shape: Shape, sep: u8) -> Parts<'t> {
        let tree = |node: Node| -> Option<(&'t str, &'t Tree)> {
            let m = msg?;
            (node.count > 0).then_some((&*m.text, &*m.tree))
        };
        match shape {
            Shape::Leaf => Parts::One(Some(value)),
            Shape::Field(n) | Shape::Rep(n) => match tree(n) {
                Some((text, t)) => {
                    let reps = matches!(shape, Shape::Field(_));
                    let level = if reps { &t.reps } else { &t.comps };
                    let (first, end) = (n.first as usize, (n.first + n.count) as usize);
                    Parts::Nodes {
                        text,
                        start: n.span.start,
                        nodes: level.get(first..end).unwrap_or(&[]).iter(),
                        reps,
                    }
                }
                None => Parts::Text(pieces(value, sep)),
            },
            Shape::Comp(n) => match tree(n) {
                Some((text, t)) => {
                    let (first, end) = (n.first as usize, (n.first + n.count) as usize);
                    Parts::Spans {
                        text,
                        start: n.span.start,
                        spans: t.subs.get(first..end).unwrap_or(&[]).iter(),
                    }
                }
                None => Parts::Text(pieces(value, sep)),
            },
            Shape::Text => Parts::Text(pieces(value, sep)),
        }
    }
}

#[inline]
fn slice(text: &str, span: Span) -> &str {
    text.get(span.start as usize..span.end as usize)
        .unwrap_or_default()
}

impl<'t> Iterator for Parts<'t> {
    type Item = (usize, &'t str, Shape);

    #[inline(always)]
    fn next(&mut self) -> Option<Self::Item> {
        match self {
            Parts::Text(p) => p.next().map(|(pos, s)| (pos, s, Shape::Text)),
            Parts::One(v) => v.take().map(|s| (0, s, Shape::Leaf)),
            Parts::Nodes {
                text,
                start,
                nodes,
                reps,
            } => nodes.next().map(|n| {
                let shape = match (n.count, *reps) {
                    (0, _) => Shape::Leaf,
                    (_, true) => Shape::Rep(*n),
                    (_, false) => Shape::Comp(*n),
                };
                (
                    n.span.start.saturating_sub(*start) as usize,
                    slice(text, n.span),
                    shape,
                )
            }),
            Parts::Spans { text, start, spans } => spans.next().map(|sp| {
                (
                    sp.start.saturating_sub(*start) as usize,
                    slice(text, *sp),
                    Shape::Leaf,
                )
            }),
        }
    }
}

/// Appends a definition name as prose: `Patient_Name` -> `patient name`.
fn push_readable(out: &mut String, name: &str) {
    if name.is_ascii() {
        out.reserve(name.len());
        for b in name.bytes() {
            out.push(if b == b'_' {
                ' '
            } else {
                char::from(b.to_ascii_lowercase())
            });
        }
        return;
    }
    for (i, word) in name.split('_').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let start = out.len();
        out.push_str(word);
        if let Some(w) = out.get_mut(start..) {
            w.make_ascii_lowercase();
        }
    }
}

/// Appends a number in decimal.
fn push_number(out: &mut String, n: usize) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    let mut v = n;
    loop {
        i -= 1;
        digits[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    for d in &digits[i..] {
        out.push(char::from(*d));
    }
}

/// `true` when a component has no table to check (neither its own nor, for the identifier
/// of a coded value, the field's).
fn ctable_is_none(coded: bool, k: usize, table: Option<&str>, cdef: &ComponentDef) -> bool {
    cdef.table.is_none() && !(coded && k == 0 && table.is_some())
}

/// Where a value is inside the segment being checked (cheap to copy; turned into a
/// [`Location`] only when an issue is reported).
/// Numbers are 1-based; 0 is "none" for the repetition, component and subcomponent.
#[derive(Clone, Copy)]
struct Loc {
    field: u32,
    repetition: u32,
    component: u32,
    subcomponent: u32,
    offset: usize,
}

impl Loc {
    /// Field `field`, starting `offset` bytes into the segment.
    fn field(field: usize, offset: usize) -> Loc {
        Loc {
            field: n32(field),
            repetition: 0,
            component: 0,
            subcomponent: 0,
            offset,
        }
    }
}

fn n32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn nonzero(n: u32) -> Option<usize> {
    (n > 0).then_some(n as usize)
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
    /// The parsed message the segments come from, whose tree then saves splitting values again.
    pub msg: Option<&'a Message<'a>>,
}

impl SegmentCheck<'_> {
    fn push(&mut self, base: &Location, rule: Rule, loc: Loc, message: impl FnOnce() -> String) {
        if let Some(sev) = self
            .profile
            .field_severity_of(rule, &base.segment, loc.field as usize)
        {
            self.issues.push(Issue {
                severity: sev,
                code: rule.code(),
                rule,
                segment: base.segment.clone(),
                segment_index: base.segment_index,
                field: Some(loc.field as usize),
                repetition: nonzero(loc.repetition),
                component: nonzero(loc.component),
                subcomponent: nonzero(loc.subcomponent),
                line: base.line,
                offset: base.offset + loc.offset,
                message: message(),
            });
        }
    }

    /// Names a value for a message, e.g. `PID-5 (patient name) component 1 (family name)`,
    /// followed by `rest`.
    fn label(base: &Location, loc: Loc, label: Label<'_>, rest: &str) -> String {
        let mut s = String::with_capacity(96 + rest.len());
        s.push_str(&base.segment);
        s.push('-');
        push_number(&mut s, loc.field as usize);
        if !label.field_name.is_empty() {
            s.push_str(" (");
            push_readable(&mut s, label.field_name);
            s.push(')');
        }
        for (what, part) in [
            (" component ", label.component),
            (" subcomponent ", label.subcomponent),
        ] {
            if let Some((k, n)) = part {
                s.push_str(what);
                push_number(&mut s, k);
                s.push_str(" (");
                push_readable(&mut s, n);
                s.push(')');
            }
        }
        s.push_str(rest);
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
        parsed: Option<usize>,
    ) {
        let defs = self.defs.segment(id).unwrap_or(&[]);
        let seg_over = self.profile.segment(id).filter(|s| !s.fields.is_empty());
        let is_msh = matches!(id, "MSH" | "FHS" | "BHS");
        let mut it = pieces(text, self.seps.field);
        let _ = it.next(); // the segment id
                           // Header segments number their fields from the separator itself; their text is split.
        let msg = self.msg;
        let mut tree = parsed.filter(|_| !is_msh).and_then(|i| {
            let m = msg?;
            let seg = m.tree.segs.get(i)?;
            let fields = m
                .tree
                .fields
                .get(seg.first as usize..(seg.first + seg.count) as usize)?;
            ((seg.span.end - seg.span.start) as usize == text.len())
                .then(|| (&*m.text, seg.span.start, fields.iter()))
        });
        let mut msh1 = is_msh.then(|| (3usize, text.get(3..4).unwrap_or(""), Shape::Text));
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
                (None, Some((mtext, seg_start, fields))) => fields.next().map(|f| {
                    let shape = if f.count == 0 {
                        Shape::Leaf
                    } else {
                        Shape::Field(*f)
                    };
                    (
                        f.span.start.saturating_sub(*seg_start) as usize,
                        slice(mtext, f.span),
                        shape,
                    )
                }),
                (None, None) => it.next().map(|(p, v)| (p, v, Shape::Text)),
            };
            if next.is_none() && field_no > limit {
                break;
            }
            if next.is_none() && seg_over.is_none() {
                // The remaining fields are all absent: only required ones are reported.
                for (i, d) in defs.iter().enumerate().skip(field_no - 1) {
                    if d.min > 0 {
                        let loc = Loc::field(i + 1, text.len());
                        let label = Label {
                            field_name: &d.name,
                            component: None,
                            subcomponent: None,
                        };
                        self.push(base, Rule::FieldRequired, loc, || {
                            Self::label(base, loc, label, " is required but empty")
                        });
                    }
                }
                break;
            }
            let (pos, raw, fshape) = next.unwrap_or((text.len(), "", Shape::Text));
            let def = defs.get(field_no - 1);
            let over = seg_over.and_then(|s| {
                s.fields
                    .iter()
                    .find(|(k, _)| k.parse::<usize>().ok() == Some(field_no))
                    .map(|(_, v)| v)
            });
            let loc = Loc::field(field_no, pos);
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
                        Self::label(base, loc, label, " is required but empty")
                    });
                }
                continue;
            }
            if eff.usage == Some(Usage::X) {
                self.push(base, Rule::FieldNotSupported, loc, || {
                    Self::label(
                        base,
                        loc,
                        label,
                        " is valued, but the profile does not support it (usage X)",
                    )
                });
                continue;
            }
            if eff.withdrawn {
                let v = self.defs.version();
                self.push(base, Rule::FieldWithdrawn, loc, || {
                    let mut m = Self::label(base, loc, label, " is valued, but HL7 ");
                    m.push_str(v);
                    m.push_str(" has withdrawn this field");
                    m
                });
                continue;
            }
            if raw == "\"\"" || (is_msh && field_no <= 2) {
                continue; // explicit null, or the delimiters themselves
            }
            let mut kind = eff.kind;
            if id == "OBX" && field_no == 5 && eff.datatype == "varies" {
                match obx_type.map(|t| self.defs.kind_of(t)) {
                    Some(k) if !matches!(k, Kind::Text) => kind = k,
                    _ => continue,
                }
            }
            let exempt = is_msh && matches!(field_no, 9 | 11 | 12);
            let mut reps = 0usize;
            for (rpos, rep, rshape) in Parts::of(msg, raw, fshape, self.seps.repetition) {
                reps += 1;
                let rloc = Loc {
                    repetition: n32(reps),
                    offset: loc.offset + rpos,
                    ..loc
                };
                if let Some(max) = eff.max {
                    if reps == max as usize + 1 {
                        self.push(base, Rule::FieldRepetition, rloc, || {
                            let mut m = Self::label(base, rloc, label, " repeats more than the ");
                            push_number(&mut m, max as usize);
                            m.push_str(if max == 1 {
                                " time allowed"
                            } else {
                                " times allowed"
                            });
                            m
                        });
                    }
                }
                if let Some(len) = eff.length {
                    let chars = rep.chars().count();
                    if chars > len {
                        self.push(base, Rule::Length, rloc, || {
                            let mut m = Self::label(base, rloc, label, " is ");
                            push_number(&mut m, chars);
                            m.push_str(" characters long; at most ");
                            push_number(&mut m, len);
                            m.push_str(" allowed");
                            m
                        });
                    }
                }
                if rep.is_empty()
                    || rep == "\"\""
                    || (matches!(kind, Kind::Text) && (eff.table.is_none() || exempt))
                {
                    continue;
                }
                self.value(base, kind, eff.table, rep, rshape, rloc, 0, label, exempt);
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
            repetition: 1,
            component: 1,
            subcomponent: 0,
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
        shape: Shape,
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
                let (_, first, _) =
                    Parts::of(self.msg, text, shape, sep)
                        .next()
                        .unwrap_or((0, "", Shape::Leaf));
                if !first.is_empty() {
                    let l = Self::sub_loc(loc, depth, 1, 0);
                    if let Err(e) = datatype::parse_datetime(first) {
                        self.push(base, Rule::DataType, l, || {
                            Self::label(base, loc, label, ": ") + &e
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
                // A leaf has no third component.
                if coded && !matches!(shape, Shape::Leaf) {
                    if let Some((_, cs, _)) = Parts::of(self.msg, text, shape, sep).nth(2) {
                        coding_system_is_hl7 = cs.is_empty() || cs.starts_with("HL7");
                    }
                }
                for (k, (cpos, ctext, cshape)) in Parts::of(self.msg, text, shape, sep).enumerate()
                {
                    if ctext.is_empty() || ctext == "\"\"" {
                        continue;
                    }
                    let Some(cdef) = comps.get(k) else {
                        break;
                    };
                    if matches!(cdef.kind, Kind::Text) && ctable_is_none(coded, k, table, cdef) {
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
                        cshape,
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
                Self::label(base, loc, label, ": ") + &e
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
            let mut m = Self::label(base, loc, label, ": '");
            m.push_str(value);
            m.push_str("' is not in HL7 table ");
            m.push_str(table);
            m.push_str(" (");
            m.push_str(&def.name);
            m.push(')');
            m
        });
    }

    fn sub_loc(loc: Loc, depth: usize, k: usize, pos: usize) -> Loc {
        let mut l = loc;
        l.offset += pos;
        if depth == 0 {
            l.component = n32(k);
        } else {
            l.subcomponent = n32(k);
        }
        l
    }
}
