// Kotlin tests of the UniFFI bindings on the JVM: the shared conformance vectors
// (testdata/vectors/*.json; one file per capability), error mapping, batch parsing and the panic boundary.
// Run by scripts/test-kotlin.sh: `java ... org.medcore.tests.VectorsTestKt <testdata/vectors>`.
package org.medcore.tests

import org.medcore.Hl7Message
import org.medcore.Hl7ParseOutcome
import org.medcore.MedcoreException
import org.medcore.hl7EscapeDecode
import org.medcore.hl7EscapeEncode
import org.medcore.hl7Parse
import org.medcore.hl7ParseMany
import org.medcore.hl7ParseText
import org.medcore.medcoreVersion
import org.medcore.testingPanic
import java.io.File
import kotlin.system.exitProcess

private var checks = 0
private var failures = 0

internal fun check(ok: Boolean, what: () -> String) {
    checks++
    if (!ok) {
        failures++
        System.err.println("FAIL: ${what()}")
    }
}

@Suppress("UNCHECKED_CAST")
internal fun cases(dir: File, name: String): List<Map<String, Any?>> =
    (Json.parse(File(dir, name).readText()) as Map<String, Any?>)["cases"] as List<Map<String, Any?>>

@Suppress("UNCHECKED_CAST")
internal fun strings(v: Any?): List<String> = (v as List<String>?) ?: emptyList()

@Suppress("UNCHECKED_CAST")
private fun checkGets(name: String, msg: Hl7Message, gets: Any?) {
    for ((path, expected) in (gets as Map<String, Any?>)) {
        val got = msg.get(path)
        check(got == expected) { "$name: $path = $got, expected $expected" }
    }
}

private fun parseVectors(dir: File) {
    val all = cases(dir, "hl7_parse.json")
    check(all.size >= 15) { "only ${all.size} parse vectors" }
    for (c in all) {
        val name = c["name"] as String
        val error = c["error"] as String?
        try {
            hl7ParseText(c["message"] as String).use { msg ->
                check(error == null) { "$name: parsed, expected $error" }
                check(msg.segmentIds() == strings(c["segments"])) { "$name: segments ${msg.segmentIds()}" }
                check(msg.segments().map { it.id } == msg.segmentIds()) { "$name: segment records" }
                checkGets(name, msg, c["get"])
                val codes = msg.warnings().map { it.code }
                check(codes == strings(c["warning_codes"])) { "$name: warnings $codes" }
            }
        } catch (e: MedcoreException.Hl7) {
            check(e.code == error) { "$name: error ${e.code}, expected $error (${e.message})" }
            check(e.detail.isNotEmpty() && e.message.contains(e.detail)) { "$name: message ${e.message}" }
        }
    }
}

private fun parseManyVectors(dir: File) {
    val all = cases(dir, "hl7_parse.json")
    val outcomes = hl7ParseMany(all.map { (it["message"] as String).toByteArray(Charsets.UTF_8) })
    check(outcomes.size == all.size) { "parseMany gave ${outcomes.size} outcomes" }
    for ((c, o) in all.zip(outcomes)) {
        val name = c["name"] as String
        when (o) {
            is Hl7ParseOutcome.Parsed -> o.message.use { msg ->
                check(c["error"] == null) { "parseMany $name: parsed, expected ${c["error"]}" }
                checkGets(name, msg, c["get"])
            }
            is Hl7ParseOutcome.Failed -> {
                check(o.code == c["error"]) { "parseMany $name: ${o.code}, expected ${c["error"]}" }
                check(o.message.isNotEmpty()) { "parseMany $name: empty message" }
            }
        }
    }
}

private fun charsetVectors(dir: File) {
    for (c in cases(dir, "hl7_charset.json")) {
        val name = c["name"] as String
        val hex = c["hex"] as String
        val bytes = ByteArray(hex.length / 2) { hex.substring(2 * it, 2 * it + 2).toInt(16).toByte() }
        hl7Parse(bytes).use { msg ->
            check(msg.charset() == c["charset"]) { "$name: charset ${msg.charset()}" }
            checkGets(name, msg, c["get"])
            val codes = msg.warnings().map { it.code }
            check(codes == strings(c["warning_codes"])) { "$name: warnings $codes" }
        }
    }
}

private fun escapeVectors(dir: File) {
    for (c in cases(dir, "hl7_escape.json")) {
        val raw = c["raw"] as String
        val decoded = c["decoded"] as String
        val delimiters = "|^~\\&" + ((c["truncation"] as String?) ?: "")
        val got = hl7EscapeDecode(raw, delimiters)
        check(got.text == decoded) { "decode $raw: ${got.text}, expected $decoded" }
        check(got.unknown == strings(c["unknown"])) { "decode $raw: unknown ${got.unknown}" }
        val encoded = hl7EscapeEncode(decoded, delimiters)
        check(encoded == c["encoded"]) { "encode $decoded: $encoded, expected ${c["encoded"]}" }
        check(hl7EscapeDecode(encoded, delimiters).text == decoded) { "round trip $decoded" }
    }
}

private fun apiChecks() {
    val text = "MSH|^~\\&|LAB|HOSP|EHR|HOSP|20240105123000+0100||ORU^R01^ORU_R01|MSG00001|P|2.5.1\r" +
        "PID|1||12345^^^HOSP^MR||Doe^Jane\rOBX|1|NM|8867-4^Heart rate^LN||72|/min\r"
    Hl7Message(text.toByteArray()).use { msg ->
        val t = msg.messageType()
        check(t.code == "ORU" && t.trigger == "R01" && t.structure == "ORU_R01") { "type $t" }
        check(msg.controlId() == "MSG00001" && msg.version() == "2.5.1") { "header values" }
        check(msg.delimiters() == "|^~\\&") { "delimiters ${msg.delimiters()}" }
        check(msg.segmentCount() == 3u) { "segment count" }
        val obx = msg.findSegment("OBX", 1u)
        check(obx?.raw == "OBX|1|NM|8867-4^Heart rate^LN||72|/min" && obx.line == 3u) { "OBX $obx" }
        check(msg.segment(7u) == null) { "segment out of range" }
        check(msg.toJson().contains("\"Heart rate\"")) { "json" }
        try {
            msg.get("PID-x")
            check(false) { "a malformed path raised nothing" }
        } catch (e: MedcoreException.Hl7) {
            check(e.code == "HL7_PATH" && e.message.contains("PID-x")) { "path error ${e.message}" }
        }
    }
    try {
        hl7EscapeEncode("a", "|^^")
        check(false) { "bad delimiters raised nothing" }
    } catch (e: MedcoreException.InvalidArgument) {
        check(e.code == "MEDCORE_INVALID_ARGUMENT" && e.detail.contains("twice")) { "delimiters ${e.message}" }
    }
    try {
        hl7ParseText("not hl7")
        check(false) { "garbage parsed" }
    } catch (e: MedcoreException) {
        // The whole error hierarchy is catchable as one type, and the message survives.
        check(e is MedcoreException.Hl7 && e.message.contains("expected an MSH segment")) { "${e.message}" }
    }
    check(medcoreVersion().isNotEmpty()) { "version" }
}

private fun panicBoundary() {
    try {
        testingPanic("forced for the test")
        check(false) { "the panic hook returned normally" }
    } catch (e: MedcoreException.Internal) {
        check(e.code == "MEDCORE_PANIC" && e.detail.contains("forced for the test")) { "panic ${e.message}" }
    }
    // The library still works after a caught panic.
    hl7ParseText("MSH|^~\\&|A|B|C|D|20240101||ADT^A01|1|P|2.5\rPID|1||7\r").use { msg ->
        check(msg.get("PID-3") == "7") { "parse after panic" }
    }
}

fun main(args: Array<String>) {
    val dir = File(args.getOrElse(0) { "testdata/vectors" })
    parseVectors(dir)
    parseManyVectors(dir)
    charsetVectors(dir)
    escapeVectors(dir)
    apiChecks()
    validationVectors(dir)
    ackVectors(dir)
    validationApi()
    triageVectors(dir)
    triageApi()
    authzVectors(dir)
    authzApi()
    routingVectors(dir)
    routingApi()
    piiVectors(dir)
    piiApi()
    billingVectors(dir)
    billingApi()
    pricingVectors(dir)
    invoiceVectors(dir)
    invoiceApi()
    adjudicationVectors(dir)
    fhirConvertVectors(dir)
    fhirValidationVectors(dir)
    fhirToV2Vectors(dir)
    fhirDeidVectors(dir)
    fhirApi()
    panicBoundary()
    println("Kotlin: $checks checks, $failures failures")
    exitProcess(if (failures == 0) 0 else 1)
}
