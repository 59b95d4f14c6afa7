// FHIR through the Kotlin bindings, over the shared vectors with the same assertions as the Rust
// test core/fhir/tests/vectors.rs: fhir_convert.json (HL7 v2 to a Bundle: bundle type, entry
// types, key elements of each Patient, Encounter and Observation), fhir_validation.json (the exact
// issue list of each resource), fhir_to_v2.json (PID, PV1, OBX from a Bundle) and fhir_deid.json
// (Safe Harbor de-identification with and without tokens, obligation masking: the exact resource
// and change list). Documents cross as JSON text, passed on with the digits of every number kept.
package org.medcore.tests

import org.medcore.AuthzAuditLevel
import org.medcore.AuthzObligation
import org.medcore.FhirBundleKind
import org.medcore.FhirConversionOutcome
import org.medcore.FhirConvertOptions
import org.medcore.FhirResource
import org.medcore.MedcoreException
import org.medcore.PiiDeidAction
import org.medcore.PiiDeidPolicy
import org.medcore.PiiIdentifierKind
import org.medcore.PiiTokenizer
import org.medcore.fhirFromV2
import org.medcore.fhirFromV2Batch
import java.io.File

@Suppress("UNCHECKED_CAST")
private fun exactCases(dir: File, name: String): List<Map<String, Any?>> =
    (Json.parse(File(dir, name).readText(), exactNumbers = true) as Map<String, Any?>)["cases"] as List<Map<String, Any?>>

@Suppress("UNCHECKED_CAST")
private fun convertOptions(m: Map<String, Any?>?): FhirConvertOptions = FhirConvertOptions(
    bundleKind = when (m?.get("bundle_kind")) {
        "transaction" -> FhirBundleKind.TRANSACTION
        null -> null
        else -> FhirBundleKind.BATCH
    },
    defaultOffset = m?.get("default_offset") as String?,
)

@Suppress("UNCHECKED_CAST")
fun fhirConvertVectors(dir: File) {
    val all = cases(dir, "fhir_convert.json")
    check(all.size == 5) { "${all.size} convert vectors" }
    for (c in all) {
        val name = c["name"] as String
        val out = fhirFromV2(c["message"] as String, convertOptions(c["options"] as Map<String, Any?>?))
        val b = Json.parse(out.bundleJson) as Map<String, Any?>
        check(b["type"] == c["bundle_type"]) { "$name: bundle type ${b["type"]}" }
        val entries = (b["entry"] as List<Map<String, Any?>>).map { it["resource"] as Map<String, Any?> }
        val types = entries.map { it["resourceType"] }
        check(types == c["entry_types"]) { "$name: entry types $types" }
        // Each key-element object equals the same elements of the matching resource.
        var seenPatient = false
        var seenEncounter = false
        val expected = (c["key_elements"] as List<Map<String, Any?>>).iterator()
        for (r in entries) {
            val rt = r["resourceType"] as String
            val take = when (rt) {
                "Patient" -> !seenPatient.also { seenPatient = true }
                "Encounter" -> !seenEncounter.also { seenEncounter = true }
                "Observation" -> true
                else -> false
            }
            if (!take) continue
            check(expected.hasNext()) { "$name: more resources than vectors" }
            if (!expected.hasNext()) break
            val want = expected.next()
            for ((k, wv) in want) check(r[k] == wv) { "$name $rt.$k = ${r[k]}, expected $wv" }
            // Key elements absent from the vector are absent from the output too.
            val keys = when (rt) {
                "Patient" -> listOf("identifier", "name", "gender", "birthDate")
                "Encounter" -> listOf("class", "status")
                else -> emptyList()
            }
            for (k in keys) if (k !in want) check(k !in r) { "$name $rt.$k present" }
        }
        check(!expected.hasNext()) { "$name: fewer resources than vectors" }
        // The Bundle reads back (strict) and writes the same JSON.
        FhirResource.parse(out.bundleJson, strict = true).use {
            check(it.resourceType() == "Bundle" && Json.parse(it.toJson()) == b) { "$name: bundle round trip" }
        }
    }
    // Batch: one outcome per message, in order, agreeing with the single calls.
    val messages = all.map { it["message"] as String } + "not an HL7 message"
    val batch = fhirFromV2Batch(messages)
    check(batch.size == messages.size) { "batch gave ${batch.size} outcomes" }
    for ((i, m) in messages.withIndex()) {
        val o = batch[i]
        if (i < all.size) {
            check(o == FhirConversionOutcome.Ok(fhirFromV2(m))) { "batch $i differs from the single call" }
        } else {
            check(o is FhirConversionOutcome.Failed && o.code == "FHIR_HL7_PARSE") { "batch $i: $o" }
        }
    }
}

@Suppress("UNCHECKED_CAST")
fun fhirValidationVectors(dir: File) {
    var invalid = 0
    val all = exactCases(dir, "fhir_validation.json")
    check(all.isNotEmpty()) { "no validation vectors" }
    for (c in all) {
        val name = c["name"] as String
        FhirResource.parse(jsonText(c["resource"]), strict = true).use { r ->
            val got = r.validate().map {
                mapOf("severity" to it.severity.name.lowercase(), "code" to it.code, "location" to it.location, "message" to it.message)
            }
            check(got == c["issues"]) { "$name: issues $got, expected ${c["issues"]}" }
            check(r.isValid() == got.none { it["severity"] == "error" }) { "$name: isValid" }
            if (got.isNotEmpty()) invalid++
        }
    }
    check(invalid == 8) { "$invalid invalid resources, expected 8" }
}

@Suppress("UNCHECKED_CAST")
fun fhirToV2Vectors(dir: File) {
    val all = exactCases(dir, "fhir_to_v2.json")
    check(all.isNotEmpty()) { "no to-v2 vectors" }
    for (c in all) {
        val name = c["name"] as String
        val want = c["expected"] as Map<String, Any?>
        FhirResource.parse(jsonText(c["bundle"]), strict = true).use { b ->
            val got = b.toV2()
            check(got.pid == want["pid"]) { "$name: PID ${got.pid}, expected ${want["pid"]}" }
            check(got.pv1 == want["pv1"]) { "$name: PV1 ${got.pv1}, expected ${want["pv1"]}" }
            check(got.obx == strings(want["obx"])) { "$name: OBX ${got.obx}" }
            val text = listOfNotNull(got.pid, got.pv1) + got.obx
            check(got.text == text.joinToString("\r")) { "$name: text" }
        }
    }
}

@Suppress("UNCHECKED_CAST")
fun fhirDeidVectors(dir: File) {
    val file = Json.parse(File(dir, "fhir_deid.json").readText(), exactNumbers = true) as Map<String, Any?>
    val deid = file["deid"] as List<Map<String, Any?>>
    val masks = file["mask"] as List<Map<String, Any?>>
    check(deid.size == 4 && masks.size == 2) { "${deid.size} deid and ${masks.size} mask vectors" }
    for (c in deid) {
        val name = c["name"] as String
        val p = c["policy"] as Map<String, Any?>
        val policy = PiiDeidPolicy(
            asOf = p["as_of"] as String,
            overrides = (p["overrides"] as Map<String, String>).entries.associate { (k, v) ->
                PiiIdentifierKind.valueOf(k.uppercase()) to PiiDeidAction.valueOf(v.uppercase())
            },
            tenant = (p["tenant"] as String?) ?: "",
        )
        val tokenizer = (c["token_key"] as String?)?.let { PiiTokenizer.fromMaster(java.util.Base64.getDecoder().decode(it)) }
        FhirResource.parse(jsonText(c["resource"])).use { r ->
            val out = r.deidentify(policy, tokenizer)
            out.resource.use { d ->
                check(Json.parse(d.toJson(), exactNumbers = true) == c["expected"]) { "$name: resource ${d.toJson()}" }
            }
            val changes = out.changes.map { mapOf("action" to it.action, "kind" to it.kind, "path" to it.path) }
            check(changes == c["changes"]) { "$name: changes $changes" }
        }
        tokenizer?.close()
    }
    for (c in masks) {
        val name = c["name"] as String
        val obligations = (c["obligations"] as List<Map<String, Any?>>).map {
            when (it["code"]) {
                "MASK" -> AuthzObligation.Mask(it["field"] as String, it["kind"] as String)
                "REDACT" -> AuthzObligation.Redact(it["field"] as String)
                "AUDIT" -> AuthzObligation.Audit(AuthzAuditLevel.valueOf((it["level"] as String).uppercase()))
                "ENCRYPT" -> AuthzObligation.Encrypt(it["field"] as String?)
                else -> AuthzObligation.RequireReason
            }
        }
        FhirResource.parse(jsonText(c["resource"])).use { r ->
            val out = r.applyObligations(obligations)
            out.resource.use { m ->
                check(Json.parse(m.toJson(), exactNumbers = true) == c["expected"]) { "$name: resource ${m.toJson()}" }
            }
            val changes = out.changes.map { mapOf("field" to it.field, "obligation" to it.obligation, "path" to it.path) }
            check(changes == c["changes"]) { "$name: changes $changes" }
        }
    }
}

fun fhirApi() {
    val patient = """{"resourceType":"Patient","id":"p1","gender":"female","birthDate":"1970-01-01"}"""
    FhirResource.parse(patient).use { p ->
        check(p.resourceType() == "Patient" && p.id() == "p1") { "patient ${p.toJson()}" }
        check(Json.parse(p.toJson()) == Json.parse(patient)) { "round trip ${p.toJson()}" }
        check(p.isValid() && p.validate().isEmpty()) { "patient issues ${p.validate()}" }
        check(p.operationOutcome().contains("\"OperationOutcome\"")) { "outcome ${p.operationOutcome()}" }
        try {
            p.toV2()
            check(false) { "a Patient converted to v2 segments" }
        } catch (e: MedcoreException.InvalidArgument) {
            check(e.detail.contains("Bundle")) { "toV2 ${e.detail}" }
        }
    }
    val unknown = """{"resourceType":"Patient","id":"p2","shoeSize":44}"""
    FhirResource.parse(unknown).use { check(it.toJson().contains("shoeSize")) { "lenient reading dropped an element" } }
    for ((text, code) in listOf(unknown to "FHIR_UNKNOWN_ELEMENT", "{\"id\":\"x\"}" to "FHIR_MISSING_RESOURCE_TYPE", "{" to "FHIR_JSON")) {
        try {
            FhirResource.parse(text, strict = true)
            check(false) { "$text was read" }
        } catch (e: MedcoreException.Fhir) {
            check(e.code == code && e.detail.isNotEmpty()) { "$text: ${e.code}, expected $code" }
        }
    }
    val obs = """{"resourceType":"Observation","id":"o1"}"""
    FhirResource.parse(obs).use { o ->
        val issues = o.validate()
        check(!o.isValid() && issues.any { it.code == "FHIR_REQUIRED" && it.location.startsWith("Observation.") }) { "observation $issues" }
        check(o.operationOutcome().contains("\"error\"")) { "outcome ${o.operationOutcome()}" }
    }
    val adt = "MSH|^~\\&|A|B|C|D|20240101120000||ADT^A01^ADT_A01|1|P|2.5.1\rPID|1||7^^^H^MR||Doe^Jane||19700101|F\r"
    val t = fhirFromV2(adt, FhirConvertOptions(bundleKind = FhirBundleKind.TRANSACTION, defaultOffset = "+01:00"))
    check(t.bundleJson.contains("\"transaction\"")) { "transaction bundle" }
    try {
        fhirFromV2("garbage")
        check(false) { "garbage converted" }
    } catch (e: MedcoreException.Fhir) {
        check(e.code == "FHIR_HL7_PARSE") { "convert ${e.code}" }
    }
}
