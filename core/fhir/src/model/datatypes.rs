//! FHIR R4 data types (https://hl7.org/fhir/R4/datatypes.html), shared by every resource.

use super::{choice, fhir_type, Decimal};

fhir_type! {
    /// Extension: a `url` plus either a `value[x]` or nested extensions.
    Extension {
        id: Option<String>,
        extension: Vec<Extension>,
        url: String,
    }
    choices { value: ExtensionValue }
}

choice! {
    /// `Extension.value[x]`.
    ExtensionValue {
        String(String) = "valueString",
        Boolean(bool) = "valueBoolean",
        Integer(i64) = "valueInteger",
        Decimal(Decimal) = "valueDecimal",
        Code(String) = "valueCode",
        Uri(String) = "valueUri",
        Url(String) = "valueUrl",
        Canonical(String) = "valueCanonical",
        Id(String) = "valueId",
        Date(String) = "valueDate",
        DateTime(String) = "valueDateTime",
        Instant(String) = "valueInstant",
        Time(String) = "valueTime",
        PositiveInt(u32) = "valuePositiveInt",
        UnsignedInt(u32) = "valueUnsignedInt",
        Markdown(String) = "valueMarkdown",
        Base64Binary(String) = "valueBase64Binary",
        Coding(Coding) = "valueCoding",
        CodeableConcept(CodeableConcept) = "valueCodeableConcept",
        Quantity(Quantity) = "valueQuantity",
        Period(Period) = "valuePeriod",
        Range(Range) = "valueRange",
        Ratio(Ratio) = "valueRatio",
        Reference(Reference) = "valueReference",
        Identifier(Identifier) = "valueIdentifier",
        Address(Address) = "valueAddress",
        HumanName(HumanName) = "valueHumanName",
        ContactPoint(ContactPoint) = "valueContactPoint",
        Attachment(Attachment) = "valueAttachment",
        Annotation(Annotation) = "valueAnnotation",
    }
}

fhir_type! {
    /// Coding: a code from a code system.
    Coding {
        id: Option<String>,
        extension: Vec<Extension>,
        system: Option<String>,
        version: Option<String>,
        code: Option<String>,
        display: Option<String>,
        user_selected: Option<bool>,
    }
}

fhir_type! {
    /// CodeableConcept: codings and/or text.
    CodeableConcept {
        id: Option<String>,
        extension: Vec<Extension>,
        coding: Vec<Coding>,
        text: Option<String>,
    }
}

fhir_type! {
    /// Period: a start and/or end date-time.
    Period {
        id: Option<String>,
        extension: Vec<Extension>,
        start: Option<String>,
        end: Option<String>,
    }
}

fhir_type! {
    /// Reference: a literal reference, logical identifier and/or display.
    Reference {
        id: Option<String>,
        extension: Vec<Extension>,
        reference: Option<String>,
        type_: Option<String>,
        identifier: Option<Box<Identifier>>,
        display: Option<String>,
    }
}

fhir_type! {
    /// Identifier: a business identifier (system + value).
    Identifier {
        id: Option<String>,
        extension: Vec<Extension>,
        use_: Option<String>,
        type_: Option<CodeableConcept>,
        system: Option<String>,
        value: Option<String>,
        period: Option<Period>,
        assigner: Option<Box<Reference>>,
    }
}

fhir_type! {
    /// HumanName.
    HumanName {
        id: Option<String>,
        extension: Vec<Extension>,
        use_: Option<String>,
        text: Option<String>,
        family: Option<String>,
        given: Vec<String>,
        prefix: Vec<String>,
        suffix: Vec<String>,
        period: Option<Period>,
    }
}

fhir_type! {
    /// Address.
    Address {
        id: Option<String>,
        extension: Vec<Extension>,
        use_: Option<String>,
        type_: Option<String>,
        text: Option<String>,
        line: Vec<String>,
        city: Option<String>,
        district: Option<String>,
        state: Option<String>,
        postal_code: Option<String>,
        country: Option<String>,
        period: Option<Period>,
    }
}

fhir_type! {
    /// ContactPoint: phone, email and other telecom.
    ContactPoint {
        id: Option<String>,
        extension: Vec<Extension>,
        system: Option<String>,
        value: Option<String>,
        use_: Option<String>,
        rank: Option<u32>,
        period: Option<Period>,
    }
}

fhir_type! {
    /// Quantity (also used for SimpleQuantity, Duration, Age, Money-like amounts).
    Quantity {
        id: Option<String>,
        extension: Vec<Extension>,
        value: Option<Decimal>,
        comparator: Option<String>,
        unit: Option<String>,
        system: Option<String>,
        code: Option<String>,
        currency: Option<String>,
    }
}

fhir_type! {
    /// Range: low and high quantities.
    Range {
        id: Option<String>,
        extension: Vec<Extension>,
        low: Option<Quantity>,
        high: Option<Quantity>,
    }
}

fhir_type! {
    /// Ratio: numerator over denominator.
    Ratio {
        id: Option<String>,
        extension: Vec<Extension>,
        numerator: Option<Quantity>,
        denominator: Option<Quantity>,
    }
}

fhir_type! {
    /// Meta: version, last update, profiles, security labels and tags.
    Meta {
        id: Option<String>,
        extension: Vec<Extension>,
        version_id: Option<String>,
        last_updated: Option<String>,
        source: Option<String>,
        profile: Vec<String>,
        security: Vec<Coding>,
        tag: Vec<Coding>,
    }
}

fhir_type! {
    /// Narrative: generated or authored XHTML.
    Narrative {
        id: Option<String>,
        extension: Vec<Extension>,
        status: Option<String>,
        div: Option<String>,
    }
}

fhir_type! {
    /// Annotation: a note with author and time.
    Annotation {
        id: Option<String>,
        extension: Vec<Extension>,
        time: Option<String>,
        text: Option<String>,
    }
    choices { author: AnnotationAuthor }
}

choice! {
    /// `Annotation.author[x]`.
    AnnotationAuthor {
        Reference(Reference) = "authorReference",
        String(String) = "authorString",
    }
}

fhir_type! {
    /// Attachment: inline data or a URL.
    Attachment {
        id: Option<String>,
        extension: Vec<Extension>,
        content_type: Option<String>,
        language: Option<String>,
        data: Option<String>,
        url: Option<String>,
        size: Option<u32>,
        hash: Option<String>,
        title: Option<String>,
        creation: Option<String>,
    }
}

fhir_type! {
    /// Timing: events and a repeat rule (the rule is kept as JSON).
    Timing {
        id: Option<String>,
        extension: Vec<Extension>,
        event: Vec<String>,
        repeat: Option<serde_json::Value>,
        code: Option<CodeableConcept>,
    }
}

fhir_type! {
    /// Dosage: how a medication is to be taken.
    Dosage {
        id: Option<String>,
        extension: Vec<Extension>,
        sequence: Option<i64>,
        text: Option<String>,
        additional_instruction: Vec<CodeableConcept>,
        patient_instruction: Option<String>,
        timing: Option<Timing>,
        site: Option<CodeableConcept>,
        route: Option<CodeableConcept>,
        method: Option<CodeableConcept>,
        dose_and_rate: Vec<serde_json::Value>,
        max_dose_per_period: Option<Ratio>,
        max_dose_per_administration: Option<Quantity>,
        max_dose_per_lifetime: Option<Quantity>,
    }
    choices { as_needed: DosageAsNeeded }
}

choice! {
    /// `Dosage.asNeeded[x]`.
    DosageAsNeeded {
        Boolean(bool) = "asNeededBoolean",
        CodeableConcept(CodeableConcept) = "asNeededCodeableConcept",
    }
}

fhir_type! {
    /// BackboneElement content the models keep as named JSON parts; used for rarely read parts.
    Backbone {
        id: Option<String>,
        extension: Vec<Extension>,
        modifier_extension: Vec<Extension>,
    }
}
