//! The policy syntax tree: what the text form parses into and what the JSON form serializes.

use crate::model::Obligation;
use crate::value::Value;
use serde::{Deserialize, Serialize};

/// A 1-based line and column in a policy source (0:0 when the rule came from JSON or code).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Pos {
    /// Line, from 1.
    pub line: u32,
    /// Column, from 1 (in characters).
    pub column: u32,
}

/// How the effects of several applicable rules combine.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Combining {
    /// Any applicable forbid denies; otherwise any applicable permit allows (the default).
    #[default]
    DenyOverrides,
    /// Any applicable permit allows (hard forbids still deny first).
    PermitOverrides,
    /// The first applicable permit or forbid, in source order, decides.
    FirstApplicable,
}

impl Combining {
    /// The name used in policy text.
    pub fn as_str(self) -> &'static str {
        match self {
            Combining::DenyOverrides => "deny_overrides",
            Combining::PermitOverrides => "permit_overrides",
            Combining::FirstApplicable => "first_applicable",
        }
    }

    /// Parses a name used in policy text.
    pub fn parse(s: &str) -> Option<Combining> {
        match s {
            "deny_overrides" => Some(Combining::DenyOverrides),
            "permit_overrides" => Some(Combining::PermitOverrides),
            "first_applicable" => Some(Combining::FirstApplicable),
            _ => None,
        }
    }
}

/// What a rule does when it applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleKind {
    /// Grants access.
    Permit,
    /// Refuses access.
    Forbid,
    /// Never changes the effect; attaches its obligations and advice to an allow.
    Obligate,
}

/// One rule.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Rule {
    /// Unique id (from `@id("...")`, or `source:line` by default).
    pub id: String,
    /// Permit, forbid or obligate.
    pub kind: RuleKind,
    /// A hard forbid denies whatever the combining algorithm and break-glass say.
    #[serde(default)]
    pub hard: bool,
    /// Roles the rule is about (`None`: any principal).
    #[serde(default)]
    pub roles: Option<Vec<String>>,
    /// Actions the rule is about (`None`: any action).
    #[serde(default)]
    pub actions: Option<Vec<String>>,
    /// Resource types the rule is about (`None`: any type).
    #[serde(default)]
    pub resources: Option<Vec<String>>,
    /// The rule applies only when this holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<Expr>,
    /// The rule does not apply when this holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unless: Option<Expr>,
    /// Obligations attached when the rule determines (or, for `obligate`, accompanies) the decision.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub obligations: Vec<Obligation>,
    /// Advice messages attached likewise.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub advice: Vec<String>,
    /// Where the rule starts in its source.
    #[serde(default, skip)]
    pub pos: Pos,
    /// Where each role, action and resource-type name of the scope is written.
    #[serde(default, skip)]
    pub name_pos: Vec<(String, Pos)>,
}

/// A parsed policy source: an optional combining algorithm and rules in order.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PolicyDocument {
    /// The combining algorithm declared with `combining ...;` (deny-overrides when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub combining: Option<Combining>,
    /// The rules, in source order.
    pub rules: Vec<Rule>,
}

/// The three entities an expression can name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Var {
    /// The principal; alone it stands for the principal's id.
    Principal,
    /// The resource; alone it stands for the resource's id.
    Resource,
    /// The environment (`context.time`, `context.purpose_of_use`, `context.break_glass`...).
    Context,
}

impl Var {
    /// The keyword.
    pub fn as_str(self) -> &'static str {
        match self {
            Var::Principal => "principal",
            Var::Resource => "resource",
            Var::Context => "context",
        }
    }
}

/// A comparison operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CmpOp {
    /// `==` (values of different types are unequal).
    #[serde(rename = "==")]
    Eq,
    /// `!=`.
    #[serde(rename = "!=")]
    Ne,
    /// `<` (integers only).
    #[serde(rename = "<")]
    Lt,
    /// `<=`.
    #[serde(rename = "<=")]
    Le,
    /// `>`.
    #[serde(rename = ">")]
    Gt,
    /// `>=`.
    #[serde(rename = ">=")]
    Ge,
}

impl CmpOp {
    /// The operator's text.
    pub fn as_str(self) -> &'static str {
        match self {
            CmpOp::Eq => "==",
            CmpOp::Ne => "!=",
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
        }
    }
}

/// A set operation written as a method call.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SetOp {
    /// `s.contains(x)`: x is a member of s.
    Contains,
    /// `s.containsAll(t)`: every member of t is in s.
    ContainsAll,
    /// `s.containsAny(t)`: s and t intersect.
    ContainsAny,
    /// `s.isEmpty()`.
    IsEmpty,
}

impl SetOp {
    /// The method name.
    pub fn as_str(self) -> &'static str {
        match self {
            SetOp::Contains => "contains",
            SetOp::ContainsAll => "containsAll",
            SetOp::ContainsAny => "containsAny",
            SetOp::IsEmpty => "isEmpty",
        }
    }
}

/// A condition expression.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Expr {
    /// A literal.
    Lit(Value),
    /// `principal`, `resource` (their ids) or `context`.
    Var(Var),
    /// `var.name`.
    Attr {
        /// The entity.
        var: Var,
        /// The attribute.
        name: String,
        /// Where it is written.
        #[serde(default, skip)]
        pos: Pos,
    },
    /// `[a, b, ...]`.
    Set(Vec<Expr>),
    /// `!e`.
    Not(Box<Expr>),
    /// `a && b` (short-circuit).
    And(Box<Expr>, Box<Expr>),
    /// `a || b` (short-circuit).
    Or(Box<Expr>, Box<Expr>),
    /// `a op b`.
    Cmp {
        /// The operator.
        op: CmpOp,
        /// Left operand.
        left: Box<Expr>,
        /// Right operand.
        right: Box<Expr>,
    },
    /// `item in set`: membership.
    In {
        /// The candidate member.
        item: Box<Expr>,
        /// The set.
        set: Box<Expr>,
    },
    /// `var has name`: attribute presence.
    Has {
        /// The entity.
        var: Var,
        /// The attribute.
        name: String,
        /// Where it is written.
        #[serde(default, skip)]
        pos: Pos,
    },
    /// `target.op(arg)`.
    SetOp {
        /// The operation.
        op: SetOp,
        /// The set it applies to.
        target: Box<Expr>,
        /// The argument (none for `isEmpty`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        arg: Option<Box<Expr>>,
    },
    /// `within_hours(t, "HH:MM", "HH:MM")`: the local time of day of `t` is in the window
    /// (from inclusive, to exclusive; a window may wrap past midnight).
    WithinHours {
        /// A time in seconds since the epoch.
        time: Box<Expr>,
        /// Start, minutes after midnight.
        from: u16,
        /// End, minutes after midnight.
        to: u16,
    },
    /// `consented("LABEL")`: the resource's patient has an active consent directive granting
    /// this principal disclosure of records with this label.
    Consented {
        /// The sensitivity label (for example `SUD`).
        label: String,
    },
}
