//! The tolerant structure matcher: walks a message's segment ids against a message structure
//! (groups, order, required and repeating elements), reports every deviation and
//! re-synchronizes after an unexpected segment.

use crate::defs::Element;
use crate::profile::{Profile, Usage};

/// What the matcher found about one segment position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Finding<'a> {
    /// A required segment (or the first required segment of a required group) is absent;
    /// it was expected before the segment at `at` (or at the end when `at` is the count).
    Missing {
        at: usize,
        segment: &'a str,
        group: Option<&'a str>,
    },
    /// The segment at `at` belongs to the structure, but not here.
    OutOfOrder { at: usize, expected: Vec<&'a str> },
    /// The segment at `at` repeats more than its element allows.
    TooMany { at: usize, max: u32 },
    /// The segment at `at` is not part of the structure at all.
    NotInStructure { at: usize },
    /// The segment at `at` is a segment the profile forbids (usage X).
    NotSupported { at: usize },
}

#[derive(Clone, Copy)]
struct Frame<'a> {
    elems: &'a [Element],
    choice: bool,
    idx: usize,
    count: u32,
}

struct Matcher<'a> {
    profile: &'a Profile,
}

impl<'a> Matcher<'a> {
    fn min(&self, e: &Element) -> u32 {
        if let Element::Segment { id, min, .. } = e {
            if let Some(u) = self.profile.segment(id).and_then(|s| s.usage) {
                return match u {
                    Usage::R => (*min).max(1),
                    _ => 0,
                };
            }
        }
        e.min()
    }

    fn max(&self, e: &Element) -> Option<u32> {
        if let Element::Segment { id, max, .. } = e {
            if let Some(m) = self.profile.segment(id).and_then(|s| s.max) {
                return u32::try_from(m).ok();
            }
            return *max;
        }
        e.max()
    }

    /// The first required segment of an element, for reporting it missing.
    fn first_required<'e>(&self, e: &'e Element) -> Option<&'e str> {
        match e {
            Element::Segment { id, .. } => Some(id.as_str()),
            Element::Group { children, .. } => children
                .iter()
                .filter(|c| self.min(c) > 0)
                .find_map(|c| self.first_required(c))
                .or_else(|| children.iter().find_map(|c| self.first_required(c))),
        }
    }

    fn missing(&self, e: &'a Element, at: usize, out: &mut Vec<Finding<'a>>) {
        let group = match e {
            Element::Group { name, .. } => Some(name.as_str()),
            Element::Segment { .. } => None,
        };
        if let Some(segment) = self.first_required(e) {
            out.push(Finding::Missing { at, segment, group });
        }
    }

    /// Tries to start a new instance of the elements `elems` with segment `seg`.
    fn enter(
        &self,
        elems: &'a [Element],
        choice: bool,
        seg: &str,
        at: usize,
    ) -> Option<(Vec<Frame<'a>>, Vec<Finding<'a>>)> {
        let mut missing = Vec::new();
        for (j, e) in elems.iter().enumerate() {
            match e {
                Element::Segment { id, .. } if id == seg && self.max(e) != Some(0) => {
                    let frame = Frame {
                        elems,
                        choice,
                        idx: j,
                        count: 1,
                    };
                    return Some((vec![frame], missing));
                }
                Element::Group {
                    children,
                    choice: c,
                    ..
                } => {
                    if let Some((mut path, miss)) = self.enter(children, *c, seg, at) {
                        let frame = Frame {
                            elems,
                            choice,
                            idx: j,
                            count: 1,
                        };
                        path.insert(0, frame);
                        missing.extend(miss);
                        return Some((path, missing));
                    }
                }
                _ => {}
            }
            if !choice && self.min(e) > 0 {
                self.missing(e, at, &mut missing);
            }
        }
        None
    }

    /// Places segment `seg` after the current position `frames`. Of the places the segment
    /// fits, the one that skips the fewest required elements wins (the nearest on a tie).
    fn place(
        &self,
        frames: &[Frame<'a>],
        seg: &str,
        at: usize,
    ) -> Option<(Vec<Frame<'a>>, Vec<Finding<'a>>)> {
        let mut best: Option<(Vec<Frame<'a>>, Vec<Finding<'a>>)> = None;
        fn consider<'b>(
            best: &mut Option<(Vec<Frame<'b>>, Vec<Finding<'b>>)>,
            cand: (Vec<Frame<'b>>, Vec<Finding<'b>>),
        ) {
            if best.as_ref().is_none_or(|b| cand.1.len() < b.1.len()) {
                *best = Some(cand);
            }
        }
        let mut missing = Vec::new();
        let last = frames.len().checked_sub(1)?;
        for level in (0..frames.len()).rev() {
            let f = frames[level];
            let elem = f.elems.get(f.idx)?;
            let can_repeat = self.max(elem).is_none_or(|m| f.count < m);
            if level == last {
                if let Element::Segment { id, .. } = elem {
                    if id == seg && can_repeat {
                        let mut out = frames.to_vec();
                        out[level].count += 1;
                        return Some((out, missing));
                    }
                }
            } else if can_repeat {
                if let Element::Group {
                    children, choice, ..
                } = elem
                {
                    if let Some((path, miss)) = self.enter(children, *choice, seg, at) {
                        let mut out = frames[..=level].to_vec();
                        out[level].count += 1;
                        out.extend(path);
                        let mut m = missing.clone();
                        m.extend(miss);
                        consider(&mut best, (out, m));
                    }
                }
            }
            if f.count < self.min(elem) {
                self.missing(elem, at, &mut missing);
            }
            if f.choice {
                continue;
            }
            for j in f.idx + 1..f.elems.len() {
                let e = &f.elems[j];
                let hit = match e {
                    Element::Segment { id, .. } if id == seg && self.max(e) != Some(0) => {
                        Some((Vec::new(), Vec::new()))
                    }
                    Element::Group {
                        children, choice, ..
                    } => self.enter(children, *choice, seg, at),
                    _ => None,
                };
                if let Some((path, miss)) = hit {
                    let mut out = frames[..level].to_vec();
                    out.push(Frame {
                        idx: j,
                        count: 1,
                        ..f
                    });
                    out.extend(path);
                    let mut m = missing.clone();
                    m.extend(miss);
                    consider(&mut best, (out, m));
                    if best.as_ref().is_some_and(|b| b.1.is_empty()) {
                        return best;
                    }
                }
                if self.min(e) > 0 {
                    self.missing(e, at, &mut missing);
                }
            }
            if best.as_ref().is_some_and(|b| b.1.len() <= missing.len()) {
                break;
            }
        }
        best
    }

    /// The required elements not yet seen after the final position.
    fn finish(&self, frames: &[Frame<'a>], at: usize, out: &mut Vec<Finding<'a>>) {
        for f in frames.iter().rev() {
            if let Some(elem) = f.elems.get(f.idx) {
                if f.count < self.min(elem) {
                    self.missing(elem, at, out);
                }
            }
            if f.choice {
                continue;
            }
            for e in f.elems.iter().skip(f.idx + 1) {
                if self.min(e) > 0 {
                    self.missing(e, at, out);
                }
            }
        }
    }
}

fn contains(elems: &[Element], seg: &str) -> bool {
    elems.iter().any(|e| match e {
        Element::Segment { id, .. } => id == seg,
        Element::Group { children, .. } => contains(children, seg),
    })
}

/// The segments that could come next after `frames` (for messages that name them).
fn expected_next<'a>(m: &Matcher<'a>, frames: &[Frame<'a>]) -> Vec<&'a str> {
    let mut out: Vec<&'a str> = Vec::new();
    for f in frames.iter().rev() {
        for e in f.elems.iter().skip(f.idx + 1) {
            if let Some(s) = m.first_required(e) {
                if !out.contains(&s) {
                    out.push(s);
                }
            }
            if m.min(e) > 0 {
                return out;
            }
        }
    }
    out
}

/// Matches `segments` (segment ids in message order) against `structure`; `ignore(i)` says
/// that segment `i` takes no part in the structure (e.g. an allowed Z-segment).
pub(crate) fn match_structure<'a>(
    structure: &'a [Element],
    segments: &[&str],
    profile: &'a Profile,
    ignore: &dyn Fn(usize) -> bool,
) -> Vec<Finding<'a>> {
    let m = Matcher { profile };
    let mut findings = Vec::new();
    let mut frames: Vec<Frame<'_>> = Vec::new();
    for (i, seg) in segments.iter().enumerate() {
        if ignore(i) {
            continue;
        }
        if profile.segment(seg).and_then(|s| s.usage) == Some(Usage::X) {
            findings.push(Finding::NotSupported { at: i });
            continue;
        }
        let placed = if frames.is_empty() {
            m.enter(structure, false, seg, i)
        } else {
            m.place(&frames, seg, i)
        };
        match placed {
            Some((f, miss)) => {
                frames = f;
                findings.extend(miss);
            }
            None => {
                let at_limit = frames.last().and_then(|f| match f.elems.get(f.idx) {
                    Some(e @ Element::Segment { id, .. }) if id == seg => m.max(e),
                    _ => None,
                });
                if let Some(max) = at_limit {
                    findings.push(Finding::TooMany { at: i, max });
                } else if contains(structure, seg) {
                    findings.push(Finding::OutOfOrder {
                        at: i,
                        expected: expected_next(&m, &frames),
                    });
                } else {
                    findings.push(Finding::NotInStructure { at: i });
                }
            }
        }
    }
    if frames.is_empty() {
        for e in structure {
            if m.min(e) > 0 {
                m.missing(e, segments.len(), &mut findings);
            }
        }
    } else {
        m.finish(&frames, segments.len(), &mut findings);
    }
    // A segment reported missing that turns up later out of order is one problem, not two:
    // keep the out-of-order report.
    let mut drop = vec![false; findings.len()];
    for (k, f) in findings.iter().enumerate() {
        if let Finding::OutOfOrder { at, .. } = f {
            let id = segments.get(*at).copied().unwrap_or("");
            if let Some(p) = findings.iter().enumerate().position(|(q, g)| {
                !drop[q]
                    && matches!(g, Finding::Missing { segment, group: None, .. } if *segment == id)
            }) {
                drop[p] = true;
            }
            let _ = k;
        }
    }
    findings
        .into_iter()
        .zip(drop)
        .filter_map(|(f, d)| (!d).then_some(f))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::defs::definitions;

    fn run(v: &str, s: &str, segs: &[&str]) -> Vec<Finding<'static>> {
        let d = definitions(v).unwrap();
        let profile: &'static Profile = Box::leak(Box::new(Profile::lenient()));
        match_structure(d.structure(s).unwrap(), segs, profile, &|_| false)
    }

    #[test]
    fn conformant_messages_have_no_findings() {
        assert_eq!(run("2.5", "ADT_A01", &["MSH", "EVN", "PID", "PV1"]), vec![]);
        assert_eq!(
            run(
                "2.5",
                "ADT_A01",
                &[
                    "MSH", "EVN", "PID", "NK1", "NK1", "PV1", "OBX", "AL1", "DG1", "IN1", "IN2",
                    "IN1"
                ]
            ),
            vec![]
        );
        assert_eq!(
            run(
                "2.5.1",
                "ORU_R01",
                &["MSH", "PID", "PV1", "ORC", "OBR", "NTE", "OBX", "NTE", "OBX", "OBR", "OBX"]
            ),
            vec![]
        );
    }

    #[test]
    fn missing_required_segment() {
        let f = run("2.5", "ADT_A01", &["MSH", "EVN", "PID", "NK1"]);
        assert_eq!(
            f,
            vec![Finding::Missing {
                at: 4,
                segment: "PV1",
                group: None
            }]
        );
        let f = run("2.5", "ADT_A01", &["MSH", "PID", "PV1"]);
        assert_eq!(
            f,
            vec![Finding::Missing {
                at: 1,
                segment: "EVN",
                group: None
            }]
        );
    }

    #[test]
    fn out_of_order_is_one_finding() {
        let f = run("2.5", "ADT_A01", &["MSH", "EVN", "PV1", "PID"]);
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(matches!(f[0], Finding::OutOfOrder { at: 3, .. }), "{f:?}");
    }

    #[test]
    fn too_many_and_unexpected() {
        let f = run("2.5", "ADT_A01", &["MSH", "EVN", "PID", "PID", "PV1"]);
        assert_eq!(f, vec![Finding::TooMany { at: 3, max: 1 }]);
        let f = run("2.5", "ADT_A01", &["MSH", "EVN", "PID", "ORC", "PV1"]);
        assert_eq!(f, vec![Finding::NotInStructure { at: 3 }]);
    }
}
