#!/usr/bin/env python3
"""Writes testdata/vectors/authz_default.json: requests against the embedded default hospital
policy set (core/authz/policies/default.policy) with the decisions and obligations that the
policy text and the DESIGN.md access matrix call for. Expectations are written here by hand
from the policy text, not produced by the engine."""
import json, pathlib

T = 1772445600  # 2026-03-02T10:00:00Z

def principal(pid, role, dept="cardiology", **attrs):
    a = {"department": dept} if dept is not None else {}
    a.update(attrs)
    return {"id": pid, "roles": [role] if isinstance(role, str) else role, "attributes": a}

def clinical(kind, rid, dept="cardiology", labels=(), team=(), conf="N", patient="p-1", **extra):
    a = {"patient": patient, "department": dept, "care_team": list(team), "labels": list(labels), "confidentiality": conf}
    a.update(extra)
    return {"type": kind, "id": rid, "attributes": a}

def plain(kind, rid, **attrs):
    return {"type": kind, "id": rid, "attributes": attrs}

def env(purpose="TREAT", bg=None):
    e = {"time": T, "purpose_of_use": purpose}
    if bg is not None:
        e["break_glass"] = {"reason": bg}
    return e

def mask(f, k=None): return {"code": "MASK", "field": f, "kind": k or f}
def audit(l): return {"code": "AUDIT", "level": l}
REASON = {"code": "REQUIRE_REASON"}
ENCRYPT = {"code": "ENCRYPT"}
def redact(f): return {"code": "REDACT", "field": f}

cases = []
def case(name, p, action, r, effect, determining, obligations, e=None, errors=False):
    cases.append({
        "name": name,
        "request": {"principal": p, "action": action, "resource": r, "environment": e or env()},
        "expect": {"effect": effect, "determining": determining, "obligations": obligations, "has_errors": errors},
    })

doc = principal("dr-ada", "Doctor")
onc = principal("dr-onc", "Doctor", "oncology")
case("doctor reads a patient of her department", doc, "read", clinical("Patient", "p-1"), "allow", ["matrix-doctor-rw"], [mask("ssn"), audit("low")])
case("doctor of another department is refused", onc, "read", clinical("Patient", "p-1"), "deny", ["clinical-relationship"], [])
case("care-team member of another department", onc, "read", clinical("Patient", "p-1", team=["dr-onc"]), "allow", ["matrix-doctor-rw"], [mask("ssn"), audit("low")])
case("break-glass with ETREAT and a reason", onc, "read", clinical("Patient", "p-1"), "allow", ["matrix-doctor-rw"], [mask("ssn"), REASON, audit("high")], env("ETREAT", "cardiac arrest in ED"))
case("break-glass with a blank reason is not honoured", onc, "read", clinical("Patient", "p-1"), "deny", ["clinical-relationship"], [audit("high")], env("ETREAT", "  "))
case("break-glass by a manager is not honoured", principal("m-1", "Manager", "finance"), "read", clinical("Patient", "p-1", labels=["VIP"]), "deny", ["vip-records"], [audit("high")], env("BTG", "press enquiry"))
case("manager reads a patient: identifiers masked", principal("m-1", "Manager", "finance"), "read", clinical("Patient", "p-1"), "allow", ["matrix-manager-r"], [mask("ssn"), mask("mrn"), mask("dob"), mask("phone"), mask("address"), audit("low")])
case("admin reads a patient unmasked", principal("a-1", "Admin", "it"), "read", clinical("Patient", "p-1"), "allow", ["matrix-admin-full"], [audit("low")])
case("super admin inherits admin", principal("s-1", "SuperAdmin", "it"), "read", clinical("Patient", "p-1"), "allow", ["matrix-admin-full"], [audit("low")])
case("nurse may not delete a patient", principal("n-1", "Nurse"), "delete", clinical("Patient", "p-1"), "deny", [], [])
case("super admin deletes a user", principal("s-1", "SuperAdmin", "it"), "delete", plain("User", "u-9", department="it"), "allow", ["matrix-superadmin-users-full"], [])
case("admin may not delete a user", principal("a-1", "Admin", "it"), "delete", plain("User", "u-9", department="it"), "deny", [], [])
case("pharmacist may not dispense (not in the matrix)", principal("ph-1", "Pharmacist"), "dispense", clinical("Prescription", "rx-1"), "deny", [], [])
case("admin dispenses (Full)", principal("a-1", "Admin", "it"), "dispense", clinical("Prescription", "rx-1"), "allow", ["matrix-admin-full"], [audit("low")])
case("pharmacist updates a prescription of his department", principal("ph-1", "Pharmacist"), "update", clinical("Prescription", "rx-1"), "allow", ["matrix-pharmacist-rw"], [audit("low")])
case("legal hold blocks an admin update", principal("a-1", "Admin", "it"), "update", clinical("Patient", "p-1", legal_hold=True), "deny", ["legal-hold"], [])
case("legal hold does not block reading", doc, "read", clinical("Patient", "p-1", legal_hold=True), "allow", ["matrix-doctor-rw"], [mask("ssn"), audit("low")])
case("SUD record without consent", doc, "read", clinical("Lab", "l-1", labels=["SUD"]), "deny", ["part2-sud"], [audit("medium")])
case("SUD record: break-glass does not override", doc, "read", clinical("Lab", "l-1", labels=["SUD"]), "deny", ["part2-sud"], [audit("high")], env("ETREAT", "overdose"))
case("HIV lab for a care-team doctor", doc, "read", clinical("Lab", "l-2", labels=["HIV"], team=["dr-ada"]), "allow", ["matrix-doctor-rw"], [audit("medium")])
case("HIV lab outside the care team", doc, "read", clinical("Lab", "l-2", labels=["HIV"]), "deny", ["sensitive-records"], [])
case("VIP patient outside the care team", doc, "read", clinical("Patient", "p-1", labels=["VIP"]), "deny", ["vip-records"], [])
case("very restricted confidentiality", doc, "read", clinical("Patient", "p-1", conf="V"), "deny", ["vip-records"], [])
case("manager reads a lab: notes redacted", principal("m-1", "Manager", "finance"), "read", clinical("Lab", "l-3", dept="oncology"), "allow", ["matrix-manager-r"], [redact("notes"), audit("low")])
case("manager may not export a report", principal("m-1", "Manager", "finance"), "export", plain("Report", "rep-1", department="finance"), "deny", [], [])
case("admin exports a report: encrypted, audited high", principal("a-1", "Admin", "it"), "export", plain("Report", "rep-1", department="finance"), "allow", ["matrix-admin-full"], [ENCRYPT, audit("high")])
case("lab tech may not read beds", principal("lt-1", "LabTech"), "read", plain("Bed", "b-1", department="cardiology", ward="3B"), "deny", [], [])
case("nurse updates a bed", principal("n-1", "Nurse"), "update", plain("Bed", "b-1", department="cardiology", ward="3B"), "allow", ["matrix-nurse-rw"], [])
case("doctor reads a user: SSN masked", doc, "read", plain("User", "u-2", department="it"), "allow", ["matrix-doctor-r"], [mask("ssn")])
case("missing principal department fails closed", principal("dr-x", "Doctor", None), "read", clinical("Patient", "p-1"), "deny", ["clinical-relationship"], [], errors=True)
case("unknown role gets nothing", principal("x-1", "Janitor"), "read", plain("Report", "rep-1", department="x"), "deny", [], [])

out = {
    "description": "Requests against the embedded default hospital policy set (medcore-authz) with expected effect, determining rule ids (sorted) and obligations (in order: rule obligations, then a single AUDIT at the highest level). Written by scripts/authz_vectors.py from the policy text and the DESIGN.md matrix.",
    "policy_set": "default",
    "cases": cases,
}
path = pathlib.Path(__file__).resolve().parent.parent / "testdata" / "vectors" / "authz_default.json"
path.write_text(json.dumps(out, indent=2) + "\n")
print(f"wrote {len(cases)} cases to {path}")
