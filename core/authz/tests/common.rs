//! Helpers shared by the integration tests.
#![allow(dead_code)]

use medcore_authz::{BreakGlass, Environment, Principal, Request, Resource, Value};

/// 2026-03-02T10:00:00Z, a Monday morning.
pub const MORNING: i64 = 1_772_445_600;

pub fn principal(id: &str, role: &str, department: &str) -> Principal {
    let mut p = Principal {
        id: id.into(),
        roles: vec![role.into()],
        ..Default::default()
    };
    p.attributes.insert("department".into(), department.into());
    p
}

/// A resource of the default schema with its required attributes.
pub fn resource(kind: &str, id: &str, department: &str) -> Resource {
    let mut r = Resource {
        kind: kind.into(),
        id: id.into(),
        ..Default::default()
    };
    let a = &mut r.attributes;
    match kind {
        "Patient" | "Prescription" | "Lab" => {
            a.insert("patient".into(), "p-1".into());
            a.insert("department".into(), department.into());
            a.insert("care_team".into(), Value::Set(vec![]));
            a.insert("labels".into(), Value::Set(vec![]));
            a.insert("confidentiality".into(), "N".into());
        }
        "Bed" => {
            a.insert("department".into(), department.into());
            a.insert("ward".into(), "3B".into());
        }
        "User" => {
            a.insert("department".into(), department.into());
        }
        "Report" => {
            a.insert("department".into(), department.into());
        }
        _ => {}
    }
    r
}

pub fn request(p: Principal, action: &str, r: Resource) -> Request {
    Request {
        principal: p,
        action: action.into(),
        resource: r,
        environment: Environment {
            time: MORNING,
            purpose_of_use: Some("TREAT".into()),
            ..Default::default()
        },
    }
}

pub fn with_labels(mut r: Resource, labels: &[&str]) -> Resource {
    r.attributes.insert(
        "labels".into(),
        Value::Set(labels.iter().map(|l| Value::from(*l)).collect()),
    );
    r
}

pub fn with_care_team(mut r: Resource, members: &[&str]) -> Resource {
    r.attributes.insert(
        "care_team".into(),
        Value::Set(members.iter().map(|l| Value::from(*l)).collect()),
    );
    r
}

pub fn break_glass(mut req: Request, purpose: &str, reason: &str) -> Request {
    req.environment.purpose_of_use = Some(purpose.into());
    req.environment.break_glass = Some(BreakGlass {
        reason: reason.into(),
        expires_at: None,
    });
    req
}
