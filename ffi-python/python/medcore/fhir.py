"""FHIR R4: resources read from dicts or JSON with an exact round trip, structural validation,
HL7 v2 to FHIR (HL7 V2-to-FHIR IG) and back for PID, PV1 and OBX, Safe Harbor de-identification
and obligation-driven masking.

>>> from medcore import fhir
>>> p = fhir.parse({"resourceType": "Patient", "id": "p1", "gender": "female"})
>>> p.resource_type, p.id, p.is_valid()
('Patient', 'p1', True)
>>> [i.code for i in fhir.parse({"resourceType": "Patient", "gender": "F"}).validate()]
['FHIR_BINDING']
>>> msg = "MSH|^~\\\\&|APP|FAC|||202401021030||ADT^A01|MSG1|P|2.5\\rPID|1||12345^^^H^MR||Doe^Jane||19800101|F"
>>> c = fhir.from_v2(msg)
>>> [e["resource"]["resourceType"] for e in c.bundle.to_dict()["entry"]][-1]
'Patient'
>>> fhir.bundle_to_v2(c.bundle).pid
'PID|1||12345^^^H^MR||Doe^Jane||19800101|F'
"""

from ._native import fhir as _native

Conversion = _native.Conversion
ConvertWarning = _native.ConvertWarning
Deidentified = _native.Deidentified
Issue = _native.Issue
Masked = _native.Masked
Resource = _native.Resource
V2Segments = _native.V2Segments
apply_decision = _native.apply_decision
apply_obligations = _native.apply_obligations
apply_obligations_bundle = _native.apply_obligations_bundle
bundle_to_v2 = _native.bundle_to_v2
bundle_to_v2_batch = _native.bundle_to_v2_batch
deidentify_bundle = _native.deidentify_bundle
deidentify_resource = _native.deidentify_resource
encounter_to_pv1 = _native.encounter_to_pv1
from_v2 = _native.from_v2
from_v2_batch = _native.from_v2_batch
linkable_policy = _native.linkable_policy
observation_to_obx = _native.observation_to_obx
parse = _native.parse
parse_bundle = _native.parse_bundle
patient_to_pid = _native.patient_to_pid
v2_to_bundle_json = _native.v2_to_bundle_json
v2_to_bundle_json_batch = _native.v2_to_bundle_json_batch

__all__ = [
    "Conversion",
    "ConvertWarning",
    "Deidentified",
    "Issue",
    "Masked",
    "Resource",
    "V2Segments",
    "apply_decision",
    "apply_obligations",
    "apply_obligations_bundle",
    "bundle_to_v2",
    "bundle_to_v2_batch",
    "deidentify_bundle",
    "deidentify_resource",
    "encounter_to_pv1",
    "from_v2",
    "from_v2_batch",
    "linkable_policy",
    "observation_to_obx",
    "parse",
    "parse_bundle",
    "patient_to_pid",
    "v2_to_bundle_json",
    "v2_to_bundle_json_batch",
]
