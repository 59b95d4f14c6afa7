//! A parsed message: a flat, zero-copy tree of segments, fields, repetitions, components and
//! subcomponents, with typed views over it.
//!
//! The message borrows its input (unless the input had to be transcoded from a single-byte
//! character set). Every node is a byte range of the text; values are decoded from HL7 escapes
//! only when asked ([`Field::decoded`] and friends).

use crate::delimiters::Delimiters;
use crate::error::Warning;
use crate::escape;
use std::borrow::Cow;

/// A byte range of the message text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Span {
    pub start: u32,
    pub end: u32,
}

/// A node with a range of children in the next level of the tree. `count == 0` marks a leaf:
/// it has one implicit child with the same span, and so on down to the subcomponent.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Node {
    pub span: Span,
    pub first: u32,
    pub count: u32,
}

impl Node {
    pub(crate) fn leaf(span: Span) -> Node {
        Node {
            span,
            first: 0,
            count: 0,
        }
    }

    /// A node whose `count` children end just before index `end` of the next level.
    pub(crate) fn parent(span: Span, end: u32, count: u32) -> Node {
        Node {
            span,
            first: end - count,
            count,
        }
    }

    /// The number of children (a leaf has its one implicit child).
    fn children(&self) -> usize {
        self.count.max(1) as usize
    }

    /// Child `n` (1-based): from `level` when stored, else the implicit leaf.
    fn child(&self, n: usize, level: &[Node]) -> Option<Node> {
        let i = n.checked_sub(1)?;
        if self.count == 0 {
            return (i == 0).then_some(Node::leaf(self.span));
        }
        (i < self.count as usize).then(|| level[self.first as usize + i])
    }

    /// Every child, in order (the implicit one for a leaf).
    fn children_of(self, level: &[Node]) -> impl ExactSizeIterator<Item = Node> + '_ {
        (0..self.children()).map(move |i| {
            if self.count == 0 {
                Node::leaf(self.span)
            } else {
                level[self.first as usize + i]
            }
        })
    }

    fn child_spans(self, level: &[Span]) -> impl ExactSizeIterator<Item = Span> + '_ {
        (0..self.children()).map(move |i| {
            if self.count == 0 {
                self.span
            } else {
                level[self.first as usize + i]
            }
        })
    }

    fn child_span(&self, n: usize, level: &[Span]) -> Option<Span> {
        let i = n.checked_sub(1)?;
        if self.count == 0 {
            return (i == 0).then_some(self.span);
        }
        (i < self.count as usize).then(|| level[self.first as usize + i])
    }
}

/// A segment: its id, its fields and where it starts.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SegNode {
    pub span: Span,
    pub id: Span,
    pub first: u32,
    pub count: u32,
    pub line: u32,
}

/// The storage of a parsed message; filled by the parser.
#[derive(Debug, Default, Clone)]
pub(crate) struct Tree {
    pub segs: Vec<SegNode>,
    pub fields: Vec<Node>,
    pub reps: Vec<Node>,
    pub comps: Vec<Node>,
    pub subs: Vec<Span>,
}

impl Tree {
    /// Bytes of heap memory held by the node arenas.
    pub(crate) fn heap_size(&self) -> usize {
        use std::mem::size_of;
        self.segs.capacity() * size_of::<SegNode>()
            + (self.fields.capacity() + self.reps.capacity() + self.comps.capacity())
                * size_of::<Node>()
            + self.subs.capacity() * size_of::<Span>()
    }
}

/// A parsed HL7 v2 message.
///
/// Create one with [`crate::parse`]. Segments are numbered from 0 in the order they appear;
/// fields, repetitions, components and subcomponents from 1, as the standard numbers them
/// (MSH-1 is the field separator and MSH-2 the encoding characters).
#[derive(Debug, Clone)]
pub struct Message<'a> {
    pub(crate) text: Cow<'a, str>,
    pub(crate) delimiters: Delimiters,
    pub(crate) tree: Cow<'a, Tree>,
    pub(crate) warnings: Vec<Warning>,
    pub(crate) charset: crate::charset::Charset,
}

/// The three parts of MSH-9: message code, trigger event and message structure.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct MessageType {
    /// MSH-9.1, e.g. `ADT`.
    pub code: String,
    /// MSH-9.2, e.g. `A01`.
    pub trigger: String,
    /// MSH-9.3, e.g. `ADT_A01` (empty when the sender left it out).
    pub structure: String,
}

impl<'a> Message<'a> {
    /// The message text the offsets refer to: the input itself, or its UTF-8 transcoding when
    /// MSH-18 named a single-byte character set.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The delimiters read from MSH-1 and MSH-2.
    pub fn delimiters(&self) -> &Delimiters {
        &self.delimiters
    }

    /// The character set the input was read in (from MSH-18, or detected).
    pub fn charset(&self) -> crate::charset::Charset {
        self.charset
    }

    /// Everything the parser tolerated (line endings, BOM, MLLP framing, trailing delimiters...).
    pub fn warnings(&self) -> &[Warning] {
        &self.warnings
    }

    /// Bytes of heap memory this message holds (its text and node arenas when owned, and its
    /// warnings), for hosts whose garbage collector must be told about memory it does not see.
    pub fn heap_size(&self) -> usize {
        let text = match &self.text {
            Cow::Owned(t) => t.capacity(),
            Cow::Borrowed(_) => 0,
        };
        let tree = match &self.tree {
            Cow::Owned(t) => t.heap_size(),
            Cow::Borrowed(_) => 0,
        };
        text + tree
            + self.warnings.capacity() * std::mem::size_of::<Warning>()
            + self
                .warnings
                .iter()
                .map(|w| w.message.capacity())
                .sum::<usize>()
    }

    /// The number of segments.
    pub fn segment_count(&self) -> usize {
        self.tree.segs.len()
    }

    /// The segment at 0-based position `index`.
    pub fn segment(&self, index: usize) -> Option<Segment<'_>> {
        (index < self.tree.segs.len()).then(|| Segment {
            msg: self.view(),
            index: index as u32,
        })
    }

    /// All segments in order.
    pub fn segments(&self) -> impl ExactSizeIterator<Item = Segment<'_>> + '_ {
        let msg = self.view();
        (0..self.tree.segs.len() as u32).map(move |index| Segment { msg, index })
    }

    /// The segments with the given id (e.g. every `OBX`), in order.
    pub fn segments_with_id<'s>(&'s self, id: &'s str) -> impl Iterator<Item = Segment<'s>> + 's {
        self.segments().filter(move |s| s.id() == id)
    }

    /// The `occurrence`-th (1-based) segment with the given id.
    pub fn find_segment(&self, id: &str, occurrence: usize) -> Option<Segment<'_>> {
        let n = occurrence.checked_sub(1)?;
        self.segments().filter(|s| s.id() == id).nth(n)
    }

    /// The decoded value at an HL7 path such as `PID-5-1`, `PID-3(2)-1` or `OBX(3)-5`
    /// (see [`crate::Path`]). `Ok(None)` when the message has nothing there.
    pub fn get(&self, path: &str) -> Result<Option<Cow<'_, str>>, crate::Hl7Error> {
        let path: crate::Path = path.parse()?;
        Ok(self.value(&path))
    }

    /// The decoded value at a parsed path. As in HAPI's Terser, a path that stops above a leaf
    /// (a field with components, say) gives the first leaf below it: `PID-5` is `PID-5-1-1`.
    pub fn value(&self, path: &crate::Path) -> Option<Cow<'_, str>> {
        let seg = self.find_segment(&path.segment, path.occurrence)?;
        if seg.id() == "MSH" && path.field <= 2 {
            // MSH-1 and MSH-2 are delimiters, never escaped or split.
            return seg.field(path.field).map(|f| Cow::Borrowed(f.raw()));
        }
        let comp = seg
            .field(path.field)?
            .repetition(path.repetition)?
            .component(path.component.unwrap_or(1))?;
        comp.subcomponent(path.subcomponent.unwrap_or(1))
            .map(|s| s.decoded())
    }

    /// MSH-12.1, the HL7 version (e.g. `2.5.1`).
    pub fn version(&self) -> Option<&str> {
        self.header_value(12)
    }

    /// MSH-10, the message control id.
    pub fn control_id(&self) -> Option<&str> {
        self.header_value(10)
    }

    /// MSH-9 split into code, trigger event and structure.
    pub fn message_type(&self) -> MessageType {
        let part = |n| {
            self.segment(0)
                .and_then(|s| s.field(9))
                .and_then(|f| f.repetition(1))
                .and_then(|r| r.component(n))
                .map(|c| c.raw().to_string())
                .unwrap_or_default()
        };
        MessageType {
            code: part(1),
            trigger: part(2),
            structure: part(3),
        }
    }

    fn header_value(&self, field: usize) -> Option<&str> {
        let v = self
            .segment(0)?
            .field(field)?
            .repetition(1)?
            .component(1)?
            .raw();
        (!v.is_empty()).then_some(v)
    }

    fn view(&self) -> &Message<'_> {
        self
    }

    fn slice(&self, span: Span) -> &str {
        self.text
            .get(span.start as usize..span.end as usize)
            .unwrap_or_default()
    }
}

/// One segment of a message.
#[derive(Clone, Copy)]
pub struct Segment<'m> {
    msg: &'m Message<'m>,
    index: u32,
}

impl<'m> Segment<'m> {
    fn node(&self) -> SegNode {
        self.msg.tree.segs[self.index as usize]
    }

    /// The segment id, e.g. `PID`.
    pub fn id(&self) -> &'m str {
        self.msg.slice(self.node().id)
    }

    /// 0-based position of the segment in the message.
    pub fn index(&self) -> usize {
        self.index as usize
    }

    /// 1-based line of the input where the segment starts.
    pub fn line(&self) -> usize {
        self.node().line as usize
    }

    /// 0-based byte offset in the message text where the segment starts.
    pub fn offset(&self) -> usize {
        self.node().span.start as usize
    }

    /// The whole segment as written, without its terminator.
    pub fn raw(&self) -> &'m str {
        self.msg.slice(self.node().span)
    }

    /// The number of the last field present (trailing empty fields count when written).
    pub fn field_count(&self) -> usize {
        self.node().count as usize
    }

    /// Field `number` (1-based; MSH-1 is the field separator). `None` when not present.
    pub fn field(&self, number: usize) -> Option<Field<'m>> {
        let node = self.node();
        let i = number.checked_sub(1)?;
        (i < node.count as usize).then(|| Field {
            msg: self.msg,
            node: self.msg.tree.fields[node.first as usize + i],
            number: number as u32,
        })
    }

    /// All fields present, from field 1.
    pub fn fields(&self) -> impl ExactSizeIterator<Item = Field<'m>> + 'm {
        let (msg, node) = (self.msg, self.node());
        (0..node.count).map(move |i| Field {
            msg,
            node: msg.tree.fields[(node.first + i) as usize],
            number: i + 1,
        })
    }
}

impl std::fmt::Debug for Segment<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Segment")
            .field("id", &self.id())
            .field("index", &self.index())
            .field("line", &self.line())
            .finish()
    }
}

macro_rules! value_methods {
    ($span:expr) => {
        /// The text as written, still HL7-escaped.
        pub fn raw(&self) -> &'m str {
            self.msg.slice($span(self))
        }

        /// The value with HL7 escape sequences decoded (borrowed when there are none).
        pub fn decoded(&self) -> Cow<'m, str> {
            escape::decode(self.raw(), &self.msg.delimiters)
        }

        /// 0-based byte offset of the value in the message text.
        pub fn offset(&self) -> usize {
            $span(self).start as usize
        }

        /// True when nothing was sent.
        pub fn is_empty(&self) -> bool {
            let s = $span(self);
            s.start == s.end
        }

        /// True when the explicit null `""` was sent (which means "delete the value").
        pub fn is_null(&self) -> bool {
            self.raw() == "\"\""
        }
    };
}

/// One field of a segment, with its repetitions.
#[derive(Clone, Copy)]
pub struct Field<'m> {
    msg: &'m Message<'m>,
    node: Node,
    number: u32,
}

impl<'m> Field<'m> {
    value_methods!(|s: &Self| s.node.span);

    /// The field number (1-based).
    pub fn number(&self) -> usize {
        self.number as usize
    }

    /// The number of repetitions (at least 1).
    pub fn repetition_count(&self) -> usize {
        self.node.children()
    }

    /// Repetition `n` (1-based).
    pub fn repetition(&self, n: usize) -> Option<Repetition<'m>> {
        let node = self.node.child(n, &self.msg.tree.reps)?;
        Some(Repetition {
            msg: self.msg,
            node,
        })
    }

    /// All repetitions.
    pub fn repetitions(&self) -> impl ExactSizeIterator<Item = Repetition<'m>> + 'm {
        let msg = self.msg;
        self.node
            .children_of(&msg.tree.reps)
            .map(move |node| Repetition { msg, node })
    }
}

/// One repetition of a field, with its components.
#[derive(Clone, Copy)]
pub struct Repetition<'m> {
    msg: &'m Message<'m>,
    node: Node,
}

impl<'m> Repetition<'m> {
    value_methods!(|s: &Self| s.node.span);

    /// The number of components (at least 1).
    pub fn component_count(&self) -> usize {
        self.node.children()
    }

    /// Component `n` (1-based).
    pub fn component(&self, n: usize) -> Option<Component<'m>> {
        let node = self.node.child(n, &self.msg.tree.comps)?;
        Some(Component {
            msg: self.msg,
            node,
        })
    }

    /// All components.
    pub fn components(&self) -> impl ExactSizeIterator<Item = Component<'m>> + 'm {
        let msg = self.msg;
        self.node
            .children_of(&msg.tree.comps)
            .map(move |node| Component { msg, node })
    }
}

/// One component of a repetition, with its subcomponents.
#[derive(Clone, Copy)]
pub struct Component<'m> {
    msg: &'m Message<'m>,
    node: Node,
}

impl<'m> Component<'m> {
    value_methods!(|s: &Self| s.node.span);

    /// The number of subcomponents (at least 1).
    pub fn subcomponent_count(&self) -> usize {
        self.node.children()
    }

    /// Subcomponent `n` (1-based).
    pub fn subcomponent(&self, n: usize) -> Option<Subcomponent<'m>> {
        let span = self.node.child_span(n, &self.msg.tree.subs)?;
        Some(Subcomponent {
            msg: self.msg,
            span,
        })
    }

    /// All subcomponents.
    pub fn subcomponents(&self) -> impl ExactSizeIterator<Item = Subcomponent<'m>> + 'm {
        let msg = self.msg;
        self.node
            .child_spans(&msg.tree.subs)
            .map(move |span| Subcomponent { msg, span })
    }
}

/// One subcomponent: a leaf of the tree.
#[derive(Clone, Copy)]
pub struct Subcomponent<'m> {
    msg: &'m Message<'m>,
    span: Span,
}

impl<'m> Subcomponent<'m> {
    value_methods!(|s: &Self| s.span);
}

macro_rules! debug_value {
    ($($t:ident),*) => {$(
        impl std::fmt::Debug for $t<'_> {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_tuple(stringify!($t)).field(&self.raw()).finish()
            }
        }
    )*};
}
debug_value!(Field, Repetition, Component, Subcomponent);
