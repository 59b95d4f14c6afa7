//! FHIR R4 resources (https://hl7.org/fhir/R4/resourcelist.html) and their backbone elements.
//!
//! Each model lists the R4 elements the HL7 v2 conversion and its reference bundles use; the rest
//! of a resource is kept in `extra` on a lenient read and reported on a strict one.

use super::*;

fhir_type! {
    /// Patient: demographics of a person receiving care.
    Patient {
        id: Option<String>,
        meta: Option<Meta>,
        implicit_rules: Option<String>,
        language: Option<String>,
        text: Option<Narrative>,
        contained: Vec<Resource>,
        extension: Vec<Extension>,
        modifier_extension: Vec<Extension>,
        identifier: Vec<Identifier>,
        active: Option<bool>,
        name: Vec<HumanName>,
        telecom: Vec<ContactPoint>,
        gender: Option<String>,
        birth_date: Option<String>,
        address: Vec<Address>,
        marital_status: Option<CodeableConcept>,
        photo: Vec<Attachment>,
        contact: Vec<PatientContact>,
        communication: Vec<PatientCommunication>,
        general_practitioner: Vec<Reference>,
        managing_organization: Option<Reference>,
        link: Vec<PatientLink>,
    }
    choices { deceased: PatientDeceased, multiple_birth: PatientMultipleBirth }
}

choice! {
    /// `Patient.deceased[x]`.
    PatientDeceased {
        Boolean(bool) = "deceasedBoolean",
        DateTime(String) = "deceasedDateTime",
    }
}

choice! {
    /// `Patient.multipleBirth[x]`.
    PatientMultipleBirth {
        Boolean(bool) = "multipleBirthBoolean",
        Integer(i64) = "multipleBirthInteger",
    }
}

fhir_type! {
    /// `Patient.contact`: a contact party for the patient.
    PatientContact {
        id: Option<String>,
        extension: Vec<Extension>,
        modifier_extension: Vec<Extension>,
        relationship: Vec<CodeableConcept>,
        name: Option<HumanName>,
        telecom: Vec<ContactPoint>,
        address: Option<Address>,
        gender: Option<String>,
        organization: Option<Reference>,
        period: Option<Period>,
    }
}

fhir_type! {
    /// A language the person can communicate in (Patient and RelatedPerson).
    PatientCommunication {
        id: Option<String>,
        extension: Vec<Extension>,
        modifier_extension: Vec<Extension>,
        language: Option<CodeableConcept>,
        preferred: Option<bool>,
    }
}

fhir_type! {
    /// `Patient.link`: another patient resource about the same person.
    PatientLink {
        id: Option<String>,
        extension: Vec<Extension>,
        modifier_extension: Vec<Extension>,
        other: Option<Reference>,
        type_: Option<String>,
    }
}

fhir_type! {
    /// Encounter: an interaction between a patient and providers.
    Encounter {
        id: Option<String>,
        meta: Option<Meta>,
        implicit_rules: Option<String>,
        language: Option<String>,
        text: Option<Narrative>,
        contained: Vec<Resource>,
        extension: Vec<Extension>,
        modifier_extension: Vec<Extension>,
        identifier: Vec<Identifier>,
        status: Option<String>,
        status_history: Vec<serde_json::Value>,
        class_: Option<Coding>,
        class_history: Vec<serde_json::Value>,
        type_: Vec<CodeableConcept>,
        service_type: Option<CodeableConcept>,
        priority: Option<CodeableConcept>,
        subject: Option<Reference>,
        episode_of_care: Vec<Reference>,
        based_on: Vec<Reference>,
        participant: Vec<EncounterParticipant>,
        appointment: Vec<Reference>,
        period: Option<Period>,
        length: Option<Quantity>,
        reason_code: Vec<CodeableConcept>,
        reason_reference: Vec<Reference>,
        diagnosis: Vec<EncounterDiagnosis>,
        account: Vec<Reference>,
        hospitalization: Option<EncounterHospitalization>,
        location: Vec<EncounterLocation>,
        service_provider: Option<Reference>,
        part_of: Option<Reference>,
    }
}

fhir_type! {
    /// `Encounter.participant`.
    EncounterParticipant {
        id: Option<String>,
        extension: Vec<Extension>,
        modifier_extension: Vec<Extension>,
        type_: Vec<CodeableConcept>,
        period: Option<Period>,
        individual: Option<Reference>,
    }
}

fhir_type! {
    /// `Encounter.diagnosis`.
    EncounterDiagnosis {
        id: Option<String>,
        extension: Vec<Extension>,
        modifier_extension: Vec<Extension>,
        condition: Option<Reference>,
        use_: Option<CodeableConcept>,
        rank: Option<u32>,
    }
}

fhir_type! {
    /// `Encounter.hospitalization`.
    EncounterHospitalization {
        id: Option<String>,
        extension: Vec<Extension>,
        modifier_extension: Vec<Extension>,
        pre_admission_identifier: Option<Identifier>,
        origin: Option<Reference>,
        admit_source: Option<CodeableConcept>,
        re_admission: Option<CodeableConcept>,
        diet_preference: Vec<CodeableConcept>,
        special_courtesy: Vec<CodeableConcept>,
        special_arrangement: Vec<CodeableConcept>,
        destination: Option<Reference>,
        discharge_disposition: Option<CodeableConcept>,
    }
}

fhir_type! {
    /// `Encounter.location`.
    EncounterLocation {
        id: Option<String>,
        extension: Vec<Extension>,
        modifier_extension: Vec<Extension>,
        location: Option<Reference>,
        status: Option<String>,
        physical_type: Option<CodeableConcept>,
        period: Option<Period>,
    }
}

fhir_type! {
    /// Observation: measurements and simple assertions.
    Observation {
        id: Option<String>,
        meta: Option<Meta>,
        implicit_rules: Option<String>,
        language: Option<String>,
        text: Option<Narrative>,
        contained: Vec<Resource>,
        extension: Vec<Extension>,
        modifier_extension: Vec<Extension>,
        identifier: Vec<Identifier>,
        based_on: Vec<Reference>,
        part_of: Vec<Reference>,
        status: Option<String>,
        category: Vec<CodeableConcept>,
        code: Option<CodeableConcept>,
        subject: Option<Reference>,
        focus: Vec<Reference>,
        encounter: Option<Reference>,
        issued: Option<String>,
        performer: Vec<Reference>,
        data_absent_reason: Option<CodeableConcept>,
        interpretation: Vec<CodeableConcept>,
        note: Vec<Annotation>,
        body_site: Option<CodeableConcept>,
        method: Option<CodeableConcept>,
        specimen: Option<Reference>,
        device: Option<Reference>,
        reference_range: Vec<ObservationReferenceRange>,
        has_member: Vec<Reference>,
        derived_from: Vec<Reference>,
        component: Vec<ObservationComponent>,
    }
    choices { effective: ObservationEffective, value: ObservationValue }
}

choice! {
    /// `Observation.effective[x]`.
    ObservationEffective {
        DateTime(String) = "effectiveDateTime",
        Period(Period) = "effectivePeriod",
        Instant(String) = "effectiveInstant",
        Timing(Timing) = "effectiveTiming",
    }
}

choice! {
    /// `Observation.value[x]` (also `Observation.component.value[x]`).
    ObservationValue {
        Quantity(Quantity) = "valueQuantity",
        CodeableConcept(CodeableConcept) = "valueCodeableConcept",
        String(String) = "valueString",
        Boolean(bool) = "valueBoolean",
        Integer(i64) = "valueInteger",
        Range(Range) = "valueRange",
        Ratio(Ratio) = "valueRatio",
        SampledData(serde_json::Value) = "valueSampledData",
        Time(String) = "valueTime",
        DateTime(String) = "valueDateTime",
        Period(Period) = "valuePeriod",
    }
}

fhir_type! {
    /// `Observation.referenceRange`.
    ObservationReferenceRange {
        id: Option<String>,
        extension: Vec<Extension>,
        modifier_extension: Vec<Extension>,
        low: Option<Quantity>,
        high: Option<Quantity>,
        type_: Option<CodeableConcept>,
        applies_to: Vec<CodeableConcept>,
        age: Option<Range>,
        text: Option<String>,
    }
}

fhir_type! {
    /// `Observation.component`.
    ObservationComponent {
        id: Option<String>,
        extension: Vec<Extension>,
        modifier_extension: Vec<Extension>,
        code: Option<CodeableConcept>,
        data_absent_reason: Option<CodeableConcept>,
        interpretation: Vec<CodeableConcept>,
        reference_range: Vec<ObservationReferenceRange>,
    }
    choices { value: ObservationValue }
}

fhir_type! {
    /// MessageHeader: the header of a FHIR message.
    MessageHeader {
        id: Option<String>,
        meta: Option<Meta>,
        implicit_rules: Option<String>,
        language: Option<String>,
        text: Option<Narrative>,
        contained: Vec<Resource>,
        extension: Vec<Extension>,
        modifier_extension: Vec<Extension>,
        destination: Vec<MessageHeaderDestination>,
        sender: Option<Reference>,
        enterer: Option<Reference>,
        author: Option<Reference>,
        source: Option<MessageHeaderSource>,
        responsible: Option<Reference>,
        reason: Option<CodeableConcept>,
        response: Option<serde_json::Value>,
        focus: Vec<Reference>,
        definition: Option<String>,
    }
    choices { event: MessageHeaderEvent }
}

choice! {
    /// `MessageHeader.event[x]`.
    MessageHeaderEvent {
        Coding(Coding) = "eventCoding",
        Uri(String) = "eventUri",
    }
}

fhir_type! {
    /// `MessageHeader.destination`.
    MessageHeaderDestination {
        id: Option<String>,
        extension: Vec<Extension>,
        modifier_extension: Vec<Extension>,
        name: Option<String>,
        target: Option<Reference>,
        endpoint: Option<String>,
        receiver: Option<Reference>,
    }
}

fhir_type! {
    /// `MessageHeader.source`.
    MessageHeaderSource {
        id: Option<String>,
        extension: Vec<Extension>,
        modifier_extension: Vec<Extension>,
        name: Option<String>,
        software: Option<String>,
        version: Option<String>,
        contact: Option<ContactPoint>,
        endpoint: Option<String>,
    }
}

fhir_type! {
    /// Provenance: who did what, when, to which resources.
    Provenance {
        id: Option<String>,
        meta: Option<Meta>,
        implicit_rules: Option<String>,
        language: Option<String>,
        text: Option<Narrative>,
        contained: Vec<Resource>,
        extension: Vec<Extension>,
        modifier_extension: Vec<Extension>,
        target: Vec<Reference>,
        recorded: Option<String>,
        policy: Vec<String>,
        location: Option<Reference>,
        reason: Vec<CodeableConcept>,
        activity: Option<CodeableConcept>,
        agent: Vec<ProvenanceAgent>,
        entity: Vec<ProvenanceEntity>,
        signature: Vec<serde_json::Value>,
    }
    choices { occurred: ProvenanceOccurred }
}

choice! {
    /// `Provenance.occurred[x]`.
    ProvenanceOccurred {
        Period(Period) = "occurredPeriod",
        DateTime(String) = "occurredDateTime",
    }
}

fhir_type! {
    /// `Provenance.agent`.
    ProvenanceAgent {
        id: Option<String>,
        extension: Vec<Extension>,
        modifier_extension: Vec<Extension>,
        type_: Option<CodeableConcept>,
        role: Vec<CodeableConcept>,
        who: Option<Reference>,
        on_behalf_of: Option<Reference>,
    }
}

fhir_type! {
    /// `Provenance.entity`.
    ProvenanceEntity {
        id: Option<String>,
        extension: Vec<Extension>,
        modifier_extension: Vec<Extension>,
        role: Option<String>,
        what: Option<Reference>,
        agent: Vec<ProvenanceAgent>,
    }
}

fhir_type! {
    /// RelatedPerson: a person related to the patient.
    RelatedPerson {
        id: Option<String>,
        meta: Option<Meta>,
        implicit_rules: Option<String>,
        language: Option<String>,
        text: Option<Narrative>,
        contained: Vec<Resource>,
        extension: Vec<Extension>,
        modifier_extension: Vec<Extension>,
        identifier: Vec<Identifier>,
        active: Option<bool>,
        patient: Option<Reference>,
        relationship: Vec<CodeableConcept>,
        name: Vec<HumanName>,
        telecom: Vec<ContactPoint>,
        gender: Option<String>,
        birth_date: Option<String>,
        address: Vec<Address>,
        photo: Vec<Attachment>,
        period: Option<Period>,
        communication: Vec<PatientCommunication>,
    }
}

fhir_type! {
    /// AllergyIntolerance: a risk of a harmful reaction to a substance.
    AllergyIntolerance {
        id: Option<String>,
        meta: Option<Meta>,
        implicit_rules: Option<String>,
        language: Option<String>,
        text: Option<Narrative>,
        contained: Vec<Resource>,
        extension: Vec<Extension>,
        modifier_extension: Vec<Extension>,
        identifier: Vec<Identifier>,
        clinical_status: Option<CodeableConcept>,
        verification_status: Option<CodeableConcept>,
        type_: Option<String>,
        category: Vec<String>,
        criticality: Option<String>,
        code: Option<CodeableConcept>,
        patient: Option<Reference>,
        encounter: Option<Reference>,
        recorded_date: Option<String>,
        recorder: Option<Reference>,
        asserter: Option<Reference>,
        last_occurrence: Option<String>,
        note: Vec<Annotation>,
        reaction: Vec<AllergyIntoleranceReaction>,
    }
    choices { onset: OnsetChoice }
}

choice! {
    /// `onset[x]` of AllergyIntolerance and Condition.
    OnsetChoice {
        DateTime(String) = "onsetDateTime",
        Age(Quantity) = "onsetAge",
        Period(Period) = "onsetPeriod",
        Range(Range) = "onsetRange",
        String(String) = "onsetString",
    }
}

choice! {
    /// `Condition.abatement[x]`.
    AbatementChoice {
        DateTime(String) = "abatementDateTime",
        Age(Quantity) = "abatementAge",
        Period(Period) = "abatementPeriod",
        Range(Range) = "abatementRange",
        String(String) = "abatementString",
    }
}

fhir_type! {
    /// `AllergyIntolerance.reaction`.
    AllergyIntoleranceReaction {
        id: Option<String>,
        extension: Vec<Extension>,
        modifier_extension: Vec<Extension>,
        substance: Option<CodeableConcept>,
        manifestation: Vec<CodeableConcept>,
        description: Option<String>,
        onset: Option<String>,
        severity: Option<String>,
        exposure_route: Option<CodeableConcept>,
        note: Vec<Annotation>,
    }
}

fhir_type! {
    /// Condition: a problem, diagnosis or health concern.
    Condition {
        id: Option<String>,
        meta: Option<Meta>,
        implicit_rules: Option<String>,
        language: Option<String>,
        text: Option<Narrative>,
        contained: Vec<Resource>,
        extension: Vec<Extension>,
        modifier_extension: Vec<Extension>,
        identifier: Vec<Identifier>,
        clinical_status: Option<CodeableConcept>,
        verification_status: Option<CodeableConcept>,
        category: Vec<CodeableConcept>,
        severity: Option<CodeableConcept>,
        code: Option<CodeableConcept>,
        body_site: Vec<CodeableConcept>,
        subject: Option<Reference>,
        encounter: Option<Reference>,
        recorded_date: Option<String>,
        recorder: Option<Reference>,
        asserter: Option<Reference>,
        stage: Vec<ConditionStage>,
        evidence: Vec<serde_json::Value>,
        note: Vec<Annotation>,
    }
    choices { onset: OnsetChoice, abatement: AbatementChoice }
}

fhir_type! {
    /// `Condition.stage`.
    ConditionStage {
        id: Option<String>,
        extension: Vec<Extension>,
        modifier_extension: Vec<Extension>,
        summary: Option<CodeableConcept>,
        assessment: Vec<Reference>,
        type_: Option<CodeableConcept>,
    }
}

fhir_type! {
    /// Coverage: insurance or payment for health care.
    Coverage {
        id: Option<String>,
        meta: Option<Meta>,
        implicit_rules: Option<String>,
        language: Option<String>,
        text: Option<Narrative>,
        contained: Vec<Resource>,
        extension: Vec<Extension>,
        modifier_extension: Vec<Extension>,
        identifier: Vec<Identifier>,
        status: Option<String>,
        type_: Option<CodeableConcept>,
        policy_holder: Option<Reference>,
        subscriber: Option<Reference>,
        subscriber_id: Option<String>,
        beneficiary: Option<Reference>,
        dependent: Option<String>,
        relationship: Option<CodeableConcept>,
        period: Option<Period>,
        payor: Vec<Reference>,
        class_: Vec<CoverageClass>,
        order: Option<u32>,
        network: Option<String>,
        cost_to_beneficiary: Vec<serde_json::Value>,
        subrogation: Option<bool>,
        contract: Vec<Reference>,
    }
}

fhir_type! {
    /// `Coverage.class`.
    CoverageClass {
        id: Option<String>,
        extension: Vec<Extension>,
        modifier_extension: Vec<Extension>,
        type_: Option<CodeableConcept>,
        value: Option<String>,
        name: Option<String>,
    }
}

fhir_type! {
    /// DiagnosticReport: results and interpretation of diagnostic tests.
    DiagnosticReport {
        id: Option<String>,
        meta: Option<Meta>,
        implicit_rules: Option<String>,
        language: Option<String>,
        text: Option<Narrative>,
        contained: Vec<Resource>,
        extension: Vec<Extension>,
        modifier_extension: Vec<Extension>,
        identifier: Vec<Identifier>,
        based_on: Vec<Reference>,
        status: Option<String>,
        category: Vec<CodeableConcept>,
        code: Option<CodeableConcept>,
        subject: Option<Reference>,
        encounter: Option<Reference>,
        issued: Option<String>,
        performer: Vec<Reference>,
        results_interpreter: Vec<Reference>,
        specimen: Vec<Reference>,
        result: Vec<Reference>,
        imaging_study: Vec<Reference>,
        media: Vec<serde_json::Value>,
        conclusion: Option<String>,
        conclusion_code: Vec<CodeableConcept>,
        presented_form: Vec<Attachment>,
    }
    choices { effective: DiagnosticReportEffective }
}

choice! {
    /// `DiagnosticReport.effective[x]`.
    DiagnosticReportEffective {
        DateTime(String) = "effectiveDateTime",
        Period(Period) = "effectivePeriod",
    }
}

fhir_type! {
    /// ServiceRequest: a request for a procedure or diagnostic service.
    ServiceRequest {
        id: Option<String>,
        meta: Option<Meta>,
        implicit_rules: Option<String>,
        language: Option<String>,
        text: Option<Narrative>,
        contained: Vec<Resource>,
        extension: Vec<Extension>,
        modifier_extension: Vec<Extension>,
        identifier: Vec<Identifier>,
        instantiates_canonical: Vec<String>,
        instantiates_uri: Vec<String>,
        based_on: Vec<Reference>,
        replaces: Vec<Reference>,
        requisition: Option<Identifier>,
        status: Option<String>,
        intent: Option<String>,
        category: Vec<CodeableConcept>,
        priority: Option<String>,
        do_not_perform: Option<bool>,
        code: Option<CodeableConcept>,
        order_detail: Vec<CodeableConcept>,
        subject: Option<Reference>,
        encounter: Option<Reference>,
        authored_on: Option<String>,
        requester: Option<Reference>,
        performer_type: Option<CodeableConcept>,
        performer: Vec<Reference>,
        location_code: Vec<CodeableConcept>,
        location_reference: Vec<Reference>,
        reason_code: Vec<CodeableConcept>,
        reason_reference: Vec<Reference>,
        insurance: Vec<Reference>,
        supporting_info: Vec<Reference>,
        specimen: Vec<Reference>,
        body_site: Vec<CodeableConcept>,
        note: Vec<Annotation>,
        patient_instruction: Option<String>,
        relevant_history: Vec<Reference>,
    }
    choices { quantity: ServiceRequestQuantity, occurrence: ServiceRequestOccurrence, as_needed: DosageAsNeeded }
}

choice! {
    /// `ServiceRequest.quantity[x]`.
    ServiceRequestQuantity {
        Quantity(Quantity) = "quantityQuantity",
        Ratio(Ratio) = "quantityRatio",
        Range(Range) = "quantityRange",
    }
}

choice! {
    /// `ServiceRequest.occurrence[x]`.
    ServiceRequestOccurrence {
        DateTime(String) = "occurrenceDateTime",
        Period(Period) = "occurrencePeriod",
        Timing(Timing) = "occurrenceTiming",
    }
}

fhir_type! {
    /// Immunization: a vaccine administration.
    Immunization {
        id: Option<String>,
        meta: Option<Meta>,
        implicit_rules: Option<String>,
        language: Option<String>,
        text: Option<Narrative>,
        contained: Vec<Resource>,
        extension: Vec<Extension>,
        modifier_extension: Vec<Extension>,
        identifier: Vec<Identifier>,
        status: Option<String>,
        status_reason: Option<CodeableConcept>,
        vaccine_code: Option<CodeableConcept>,
        patient: Option<Reference>,
        encounter: Option<Reference>,
        recorded: Option<String>,
        primary_source: Option<bool>,
        report_origin: Option<CodeableConcept>,
        location: Option<Reference>,
        manufacturer: Option<Reference>,
        lot_number: Option<String>,
        expiration_date: Option<String>,
        site: Option<CodeableConcept>,
        route: Option<CodeableConcept>,
        dose_quantity: Option<Quantity>,
        performer: Vec<ImmunizationPerformer>,
        note: Vec<Annotation>,
        reason_code: Vec<CodeableConcept>,
        reason_reference: Vec<Reference>,
        is_subpotent: Option<bool>,
        program_eligibility: Vec<CodeableConcept>,
        funding_source: Option<CodeableConcept>,
        reaction: Vec<serde_json::Value>,
        protocol_applied: Vec<serde_json::Value>,
    }
    choices { occurrence: ImmunizationOccurrence }
}

choice! {
    /// `Immunization.occurrence[x]`.
    ImmunizationOccurrence {
        DateTime(String) = "occurrenceDateTime",
        String(String) = "occurrenceString",
    }
}

fhir_type! {
    /// `Immunization.performer`.
    ImmunizationPerformer {
        id: Option<String>,
        extension: Vec<Extension>,
        modifier_extension: Vec<Extension>,
        function: Option<CodeableConcept>,
        actor: Option<Reference>,
    }
}

fhir_type! {
    /// MedicationRequest: an order for a medication.
    MedicationRequest {
        id: Option<String>,
        meta: Option<Meta>,
        implicit_rules: Option<String>,
        language: Option<String>,
        text: Option<Narrative>,
        contained: Vec<Resource>,
        extension: Vec<Extension>,
        modifier_extension: Vec<Extension>,
        identifier: Vec<Identifier>,
        status: Option<String>,
        status_reason: Option<CodeableConcept>,
        intent: Option<String>,
        category: Vec<CodeableConcept>,
        priority: Option<String>,
        do_not_perform: Option<bool>,
        subject: Option<Reference>,
        encounter: Option<Reference>,
        supporting_information: Vec<Reference>,
        authored_on: Option<String>,
        requester: Option<Reference>,
        performer: Option<Reference>,
        performer_type: Option<CodeableConcept>,
        recorder: Option<Reference>,
        reason_code: Vec<CodeableConcept>,
        reason_reference: Vec<Reference>,
        instantiates_canonical: Vec<String>,
        based_on: Vec<Reference>,
        group_identifier: Option<Identifier>,
        course_of_therapy_type: Option<CodeableConcept>,
        insurance: Vec<Reference>,
        note: Vec<Annotation>,
        dosage_instruction: Vec<Dosage>,
        dispense_request: Option<serde_json::Value>,
        substitution: Option<serde_json::Value>,
        prior_prescription: Option<Reference>,
        detected_issue: Vec<Reference>,
        event_history: Vec<Reference>,
    }
    choices { reported: MedicationRequestReported, medication: MedicationChoice }
}

choice! {
    /// `MedicationRequest.reported[x]`.
    MedicationRequestReported {
        Boolean(bool) = "reportedBoolean",
        Reference(Reference) = "reportedReference",
    }
}

choice! {
    /// `medication[x]`.
    MedicationChoice {
        CodeableConcept(CodeableConcept) = "medicationCodeableConcept",
        Reference(Reference) = "medicationReference",
    }
}

fhir_type! {
    /// Specimen: a sample for analysis.
    Specimen {
        id: Option<String>,
        meta: Option<Meta>,
        implicit_rules: Option<String>,
        language: Option<String>,
        text: Option<Narrative>,
        contained: Vec<Resource>,
        extension: Vec<Extension>,
        modifier_extension: Vec<Extension>,
        identifier: Vec<Identifier>,
        accession_identifier: Option<Identifier>,
        status: Option<String>,
        type_: Option<CodeableConcept>,
        subject: Option<Reference>,
        received_time: Option<String>,
        parent: Vec<Reference>,
        request: Vec<Reference>,
        collection: Option<SpecimenCollection>,
        processing: Vec<serde_json::Value>,
        container: Vec<SpecimenContainer>,
        condition: Vec<CodeableConcept>,
        note: Vec<Annotation>,
    }
}

fhir_type! {
    /// `Specimen.collection`.
    SpecimenCollection {
        id: Option<String>,
        extension: Vec<Extension>,
        modifier_extension: Vec<Extension>,
        collector: Option<Reference>,
        duration: Option<Quantity>,
        quantity: Option<Quantity>,
        method: Option<CodeableConcept>,
        body_site: Option<CodeableConcept>,
    }
    choices { collected: SpecimenCollected, fasting_status: SpecimenFastingStatus }
}

choice! {
    /// `Specimen.collection.collected[x]`.
    SpecimenCollected {
        DateTime(String) = "collectedDateTime",
        Period(Period) = "collectedPeriod",
    }
}

choice! {
    /// `Specimen.collection.fastingStatus[x]`.
    SpecimenFastingStatus {
        CodeableConcept(CodeableConcept) = "fastingStatusCodeableConcept",
        Duration(Quantity) = "fastingStatusDuration",
    }
}

fhir_type! {
    /// `Specimen.container`.
    SpecimenContainer {
        id: Option<String>,
        extension: Vec<Extension>,
        modifier_extension: Vec<Extension>,
        identifier: Vec<Identifier>,
        description: Option<String>,
        type_: Option<CodeableConcept>,
        capacity: Option<Quantity>,
        specimen_quantity: Option<Quantity>,
    }
    choices { additive: SpecimenAdditive }
}

choice! {
    /// `Specimen.container.additive[x]`.
    SpecimenAdditive {
        CodeableConcept(CodeableConcept) = "additiveCodeableConcept",
        Reference(Reference) = "additiveReference",
    }
}

fhir_type! {
    /// Practitioner: a person providing care.
    Practitioner {
        id: Option<String>,
        meta: Option<Meta>,
        implicit_rules: Option<String>,
        language: Option<String>,
        text: Option<Narrative>,
        contained: Vec<Resource>,
        extension: Vec<Extension>,
        modifier_extension: Vec<Extension>,
        identifier: Vec<Identifier>,
        active: Option<bool>,
        name: Vec<HumanName>,
        telecom: Vec<ContactPoint>,
        address: Vec<Address>,
        gender: Option<String>,
        birth_date: Option<String>,
        photo: Vec<Attachment>,
        qualification: Vec<serde_json::Value>,
        communication: Vec<CodeableConcept>,
    }
}

fhir_type! {
    /// Organization: a formal grouping of people or organizations.
    Organization {
        id: Option<String>,
        meta: Option<Meta>,
        implicit_rules: Option<String>,
        language: Option<String>,
        text: Option<Narrative>,
        contained: Vec<Resource>,
        extension: Vec<Extension>,
        modifier_extension: Vec<Extension>,
        identifier: Vec<Identifier>,
        active: Option<bool>,
        type_: Vec<CodeableConcept>,
        name: Option<String>,
        alias: Vec<String>,
        telecom: Vec<ContactPoint>,
        address: Vec<Address>,
        part_of: Option<Reference>,
        contact: Vec<OrganizationContact>,
        endpoint: Vec<Reference>,
    }
}

fhir_type! {
    /// `Organization.contact`.
    OrganizationContact {
        id: Option<String>,
        extension: Vec<Extension>,
        modifier_extension: Vec<Extension>,
        purpose: Option<CodeableConcept>,
        name: Option<HumanName>,
        telecom: Vec<ContactPoint>,
        address: Option<Address>,
    }
}

fhir_type! {
    /// Location: a physical place.
    Location {
        id: Option<String>,
        meta: Option<Meta>,
        implicit_rules: Option<String>,
        language: Option<String>,
        text: Option<Narrative>,
        contained: Vec<Resource>,
        extension: Vec<Extension>,
        modifier_extension: Vec<Extension>,
        identifier: Vec<Identifier>,
        status: Option<String>,
        operational_status: Option<Coding>,
        name: Option<String>,
        alias: Vec<String>,
        description: Option<String>,
        mode: Option<String>,
        type_: Vec<CodeableConcept>,
        telecom: Vec<ContactPoint>,
        address: Option<Address>,
        physical_type: Option<CodeableConcept>,
        position: Option<serde_json::Value>,
        managing_organization: Option<Reference>,
        part_of: Option<Reference>,
        hours_of_operation: Vec<serde_json::Value>,
        availability_exceptions: Option<String>,
        endpoint: Vec<Reference>,
    }
}

fhir_type! {
    /// OperationOutcome: errors, warnings and information about an action.
    OperationOutcome {
        id: Option<String>,
        meta: Option<Meta>,
        implicit_rules: Option<String>,
        language: Option<String>,
        text: Option<Narrative>,
        contained: Vec<Resource>,
        extension: Vec<Extension>,
        modifier_extension: Vec<Extension>,
        issue: Vec<OperationOutcomeIssue>,
    }
}

fhir_type! {
    /// `OperationOutcome.issue`.
    OperationOutcomeIssue {
        id: Option<String>,
        extension: Vec<Extension>,
        modifier_extension: Vec<Extension>,
        severity: Option<String>,
        code: Option<String>,
        details: Option<CodeableConcept>,
        diagnostics: Option<String>,
        location: Vec<String>,
        expression: Vec<String>,
    }
}

fhir_type! {
    /// Bundle: a container for a collection of resources.
    Bundle {
        id: Option<String>,
        meta: Option<Meta>,
        implicit_rules: Option<String>,
        language: Option<String>,
        identifier: Option<Identifier>,
        type_: Option<String>,
        timestamp: Option<String>,
        total: Option<u32>,
        link: Vec<BundleLink>,
        entry: Vec<BundleEntry>,
        signature: Option<serde_json::Value>,
    }
}

fhir_type! {
    /// `Bundle.link` and `Bundle.entry.link`.
    BundleLink {
        id: Option<String>,
        extension: Vec<Extension>,
        modifier_extension: Vec<Extension>,
        relation: Option<String>,
        url: Option<String>,
    }
}

fhir_type! {
    /// `Bundle.entry`.
    BundleEntry {
        id: Option<String>,
        extension: Vec<Extension>,
        modifier_extension: Vec<Extension>,
        link: Vec<BundleLink>,
        full_url: Option<String>,
        resource: Option<Resource>,
        search: Option<serde_json::Value>,
        request: Option<BundleEntryRequest>,
        response: Option<serde_json::Value>,
    }
}

fhir_type! {
    /// `Bundle.entry.request`: the HTTP action of a batch or transaction entry.
    BundleEntryRequest {
        id: Option<String>,
        extension: Vec<Extension>,
        modifier_extension: Vec<Extension>,
        method: Option<String>,
        url: Option<String>,
        if_none_match: Option<String>,
        if_modified_since: Option<String>,
        if_match: Option<String>,
        if_none_exist: Option<String>,
    }
}

fhir_type! {
    /// PractitionerRole: what a practitioner may do for an organization, where and when.
    PractitionerRole {
        id: Option<String>,
        meta: Option<Meta>,
        implicit_rules: Option<String>,
        language: Option<String>,
        text: Option<Narrative>,
        contained: Vec<Resource>,
        extension: Vec<Extension>,
        modifier_extension: Vec<Extension>,
        identifier: Vec<Identifier>,
        active: Option<bool>,
        period: Option<Period>,
        practitioner: Option<Reference>,
        organization: Option<Reference>,
        code: Vec<CodeableConcept>,
        specialty: Vec<CodeableConcept>,
        location: Vec<Reference>,
        healthcare_service: Vec<Reference>,
        telecom: Vec<ContactPoint>,
        available_time: Vec<PractitionerRoleAvailableTime>,
        not_available: Vec<PractitionerRoleNotAvailable>,
        availability_exceptions: Option<String>,
        endpoint: Vec<Reference>,
    }
}

fhir_type! {
    /// `PractitionerRole.availableTime`.
    PractitionerRoleAvailableTime {
        id: Option<String>,
        extension: Vec<Extension>,
        modifier_extension: Vec<Extension>,
        days_of_week: Vec<String>,
        all_day: Option<bool>,
        available_start_time: Option<String>,
        available_end_time: Option<String>,
    }
}

fhir_type! {
    /// `PractitionerRole.notAvailable`.
    PractitionerRoleNotAvailable {
        id: Option<String>,
        extension: Vec<Extension>,
        modifier_extension: Vec<Extension>,
        description: Option<String>,
        during: Option<Period>,
    }
}

fhir_type! {
    /// Medication: a medicinal product, its form, amount and ingredients.
    Medication {
        id: Option<String>,
        meta: Option<Meta>,
        implicit_rules: Option<String>,
        language: Option<String>,
        text: Option<Narrative>,
        contained: Vec<Resource>,
        extension: Vec<Extension>,
        modifier_extension: Vec<Extension>,
        identifier: Vec<Identifier>,
        code: Option<CodeableConcept>,
        status: Option<String>,
        manufacturer: Option<Reference>,
        form: Option<CodeableConcept>,
        amount: Option<Ratio>,
        ingredient: Vec<MedicationIngredient>,
        batch: Option<MedicationBatch>,
    }
}

fhir_type! {
    /// `Medication.ingredient`.
    MedicationIngredient {
        id: Option<String>,
        extension: Vec<Extension>,
        modifier_extension: Vec<Extension>,
        is_active: Option<bool>,
        strength: Option<Ratio>,
    }
    choices { item: MedicationIngredientItem }
}

choice! {
    /// `Medication.ingredient.item[x]`.
    MedicationIngredientItem {
        CodeableConcept(CodeableConcept) = "itemCodeableConcept",
        Reference(Reference) = "itemReference",
    }
}

fhir_type! {
    /// `Medication.batch`.
    MedicationBatch {
        id: Option<String>,
        extension: Vec<Extension>,
        modifier_extension: Vec<Extension>,
        lot_number: Option<String>,
        expiration_date: Option<String>,
    }
}

fhir_type! {
    /// Account: a financial tool for tracking costs charged to a patient or other subject.
    Account {
        id: Option<String>,
        meta: Option<Meta>,
        implicit_rules: Option<String>,
        language: Option<String>,
        text: Option<Narrative>,
        contained: Vec<Resource>,
        extension: Vec<Extension>,
        modifier_extension: Vec<Extension>,
        identifier: Vec<Identifier>,
        status: Option<String>,
        type_: Option<CodeableConcept>,
        name: Option<String>,
        subject: Vec<Reference>,
        service_period: Option<Period>,
        coverage: Vec<AccountCoverage>,
        owner: Option<Reference>,
        description: Option<String>,
        guarantor: Vec<AccountGuarantor>,
        part_of: Option<Reference>,
    }
}

fhir_type! {
    /// `Account.coverage`.
    AccountCoverage {
        id: Option<String>,
        extension: Vec<Extension>,
        modifier_extension: Vec<Extension>,
        coverage: Option<Reference>,
        priority: Option<u32>,
    }
}

fhir_type! {
    /// `Account.guarantor`.
    AccountGuarantor {
        id: Option<String>,
        extension: Vec<Extension>,
        modifier_extension: Vec<Extension>,
        party: Option<Reference>,
        on_hold: Option<bool>,
        period: Option<Period>,
    }
}

fhir_type! {
    /// DocumentReference: a reference to a document of any kind.
    DocumentReference {
        id: Option<String>,
        meta: Option<Meta>,
        implicit_rules: Option<String>,
        language: Option<String>,
        text: Option<Narrative>,
        contained: Vec<Resource>,
        extension: Vec<Extension>,
        modifier_extension: Vec<Extension>,
        master_identifier: Option<Identifier>,
        identifier: Vec<Identifier>,
        status: Option<String>,
        doc_status: Option<String>,
        type_: Option<CodeableConcept>,
        category: Vec<CodeableConcept>,
        subject: Option<Reference>,
        date: Option<String>,
        author: Vec<Reference>,
        authenticator: Option<Reference>,
        custodian: Option<Reference>,
        relates_to: Vec<DocumentReferenceRelatesTo>,
        description: Option<String>,
        security_label: Vec<CodeableConcept>,
        content: Vec<DocumentReferenceContent>,
        context: Option<DocumentReferenceContext>,
    }
}

fhir_type! {
    /// `DocumentReference.relatesTo`.
    DocumentReferenceRelatesTo {
        id: Option<String>,
        extension: Vec<Extension>,
        modifier_extension: Vec<Extension>,
        code: Option<String>,
        target: Option<Reference>,
    }
}

fhir_type! {
    /// `DocumentReference.content`.
    DocumentReferenceContent {
        id: Option<String>,
        extension: Vec<Extension>,
        modifier_extension: Vec<Extension>,
        attachment: Option<Attachment>,
        format: Option<Coding>,
    }
}

fhir_type! {
    /// `DocumentReference.context`.
    DocumentReferenceContext {
        id: Option<String>,
        extension: Vec<Extension>,
        modifier_extension: Vec<Extension>,
        encounter: Vec<Reference>,
        event: Vec<CodeableConcept>,
        period: Option<Period>,
        facility_type: Option<CodeableConcept>,
        practice_setting: Option<CodeableConcept>,
        source_patient_info: Option<Reference>,
        related: Vec<Reference>,
    }
}

fhir_type! {
    /// Consent: a patient's choices permitting or denying actions for a purpose and period.
    Consent {
        id: Option<String>,
        meta: Option<Meta>,
        implicit_rules: Option<String>,
        language: Option<String>,
        text: Option<Narrative>,
        contained: Vec<Resource>,
        extension: Vec<Extension>,
        modifier_extension: Vec<Extension>,
        identifier: Vec<Identifier>,
        status: Option<String>,
        scope: Option<CodeableConcept>,
        category: Vec<CodeableConcept>,
        patient: Option<Reference>,
        date_time: Option<String>,
        performer: Vec<Reference>,
        organization: Vec<Reference>,
        policy: Vec<ConsentPolicy>,
        policy_rule: Option<CodeableConcept>,
        verification: Vec<ConsentVerification>,
        provision: Option<ConsentProvision>,
    }
    choices { source: ConsentSource }
}

choice! {
    /// `Consent.source[x]`.
    ConsentSource {
        Attachment(Attachment) = "sourceAttachment",
        Reference(Reference) = "sourceReference",
    }
}

fhir_type! {
    /// `Consent.policy`.
    ConsentPolicy {
        id: Option<String>,
        extension: Vec<Extension>,
        modifier_extension: Vec<Extension>,
        authority: Option<String>,
        uri: Option<String>,
    }
}

fhir_type! {
    /// `Consent.verification`.
    ConsentVerification {
        id: Option<String>,
        extension: Vec<Extension>,
        modifier_extension: Vec<Extension>,
        verified: Option<bool>,
        verified_with: Option<Reference>,
        verification_date: Option<String>,
    }
}

fhir_type! {
    /// `Consent.provision` (nested provisions are exceptions to their parent).
    ConsentProvision {
        id: Option<String>,
        extension: Vec<Extension>,
        modifier_extension: Vec<Extension>,
        type_: Option<String>,
        period: Option<Period>,
        actor: Vec<ConsentProvisionActor>,
        action: Vec<CodeableConcept>,
        security_label: Vec<Coding>,
        purpose: Vec<Coding>,
        class_: Vec<Coding>,
        code: Vec<CodeableConcept>,
        data_period: Option<Period>,
        data: Vec<ConsentProvisionData>,
        provision: Vec<ConsentProvision>,
    }
}

fhir_type! {
    /// `Consent.provision.actor`.
    ConsentProvisionActor {
        id: Option<String>,
        extension: Vec<Extension>,
        modifier_extension: Vec<Extension>,
        role: Option<CodeableConcept>,
        reference: Option<Reference>,
    }
}

fhir_type! {
    /// `Consent.provision.data`.
    ConsentProvisionData {
        id: Option<String>,
        extension: Vec<Extension>,
        modifier_extension: Vec<Extension>,
        meaning: Option<String>,
        reference: Option<Reference>,
    }
}

fhir_type! {
    /// AuditEvent: a record of a security-relevant event.
    AuditEvent {
        id: Option<String>,
        meta: Option<Meta>,
        implicit_rules: Option<String>,
        language: Option<String>,
        text: Option<Narrative>,
        contained: Vec<Resource>,
        extension: Vec<Extension>,
        modifier_extension: Vec<Extension>,
        type_: Option<Coding>,
        subtype: Vec<Coding>,
        action: Option<String>,
        period: Option<Period>,
        recorded: Option<String>,
        outcome: Option<String>,
        outcome_desc: Option<String>,
        purpose_of_event: Vec<CodeableConcept>,
        agent: Vec<AuditEventAgent>,
        source: Option<AuditEventSource>,
        entity: Vec<AuditEventEntity>,
    }
}

fhir_type! {
    /// `AuditEvent.agent`: an actor taking part in the event.
    AuditEventAgent {
        id: Option<String>,
        extension: Vec<Extension>,
        modifier_extension: Vec<Extension>,
        type_: Option<CodeableConcept>,
        role: Vec<CodeableConcept>,
        who: Option<Reference>,
        alt_id: Option<String>,
        name: Option<String>,
        requestor: Option<bool>,
        location: Option<Reference>,
        policy: Vec<String>,
        media: Option<Coding>,
        network: Option<AuditEventAgentNetwork>,
        purpose_of_use: Vec<CodeableConcept>,
    }
}

fhir_type! {
    /// `AuditEvent.agent.network`.
    AuditEventAgentNetwork {
        id: Option<String>,
        extension: Vec<Extension>,
        modifier_extension: Vec<Extension>,
        address: Option<String>,
        type_: Option<String>,
    }
}

fhir_type! {
    /// `AuditEvent.source`: the system that reported the event.
    AuditEventSource {
        id: Option<String>,
        extension: Vec<Extension>,
        modifier_extension: Vec<Extension>,
        site: Option<String>,
        observer: Option<Reference>,
        type_: Vec<Coding>,
    }
}

fhir_type! {
    /// `AuditEvent.entity`: data or objects used.
    AuditEventEntity {
        id: Option<String>,
        extension: Vec<Extension>,
        modifier_extension: Vec<Extension>,
        what: Option<Reference>,
        type_: Option<Coding>,
        role: Option<Coding>,
        lifecycle: Option<Coding>,
        security_label: Vec<Coding>,
        name: Option<String>,
        description: Option<String>,
        query: Option<String>,
        detail: Vec<AuditEventEntityDetail>,
    }
}

fhir_type! {
    /// `AuditEvent.entity.detail`: a name/value pair of additional information.
    AuditEventEntityDetail {
        id: Option<String>,
        extension: Vec<Extension>,
        modifier_extension: Vec<Extension>,
        type_: Option<String>,
    }
    choices { value: AuditEventEntityDetailValue }
}

choice! {
    /// `AuditEvent.entity.detail.value[x]`.
    AuditEventEntityDetailValue {
        String(String) = "valueString",
        Base64Binary(String) = "valueBase64Binary",
    }
}
