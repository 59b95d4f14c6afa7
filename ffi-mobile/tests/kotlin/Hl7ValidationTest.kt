// HL7 validation and ACK through the Kotlin bindings: the shared vectors
// testdata/vectors/hl7_validation.json (every issue compared in full) and hl7_ack.json (the ACK
// text byte for byte), custom profiles, batch validation and the error mapping.
package org.medcore.tests

import org.medcore.Hl7AckCode
import org.medcore.Hl7AckOptions
import org.medcore.Hl7Issue
import org.medcore.Hl7Rule
import org.medcore.Hl7Severity
import org.medcore.Hl7Validator
import org.medcore.MedcoreException
import org.medcore.hl7AckCodeForReport
import org.medcore.hl7BuildAck
import org.medcore.hl7ParseText
import java.io.File

/** The validator a vector names: a built-in profile name, TOML text, or an inline JSON object. */
private fun validatorFor(profile: Any?): Hl7Validator = when (profile) {
    "lenient", "strict" -> Hl7Validator.builtin(profile as String)
    is String -> Hl7Validator.fromToml(profile)
    else -> Hl7Validator.fromJson(jsonText(profile))
}

/** An issue in the vectors' JSON shape (numbers as the JSON reader's doubles). */
private fun issueJson(i: Hl7Issue): Map<String, Any?> = mapOf(
    "severity" to i.severity.name.lowercase(),
    "code" to i.code.toDouble(),
    "rule" to i.rule.name.lowercase(),
    "segment" to i.segment,
    "segment_index" to i.segmentIndex.toDouble(),
    "field" to i.field?.toDouble(),
    "repetition" to i.repetition?.toDouble(),
    "component" to i.component?.toDouble(),
    "subcomponent" to i.subcomponent?.toDouble(),
    "line" to i.line.toDouble(),
    "offset" to i.offset.toDouble(),
    "message" to i.message,
)

@Suppress("UNCHECKED_CAST")
fun validationVectors(dir: File) {
    val all = cases(dir, "hl7_validation.json")
    check(all.size >= 20) { "only ${all.size} validation vectors" }
    for (c in all) {
        val name = c["name"] as String
        val expected = c["expected"] as Map<String, Any?>
        val validator = validatorFor(c["profile"])
        try {
            hl7ParseText(c["message"] as String).use { msg ->
                val r = validator.validate(msg)
                val got = mapOf(
                    "has_errors" to r.hasErrors,
                    "definitions" to r.definitions,
                    "structure" to r.structure,
                    "issues" to r.issues.map(::issueJson),
                )
                check(got == expected) { "validation $name:\n  expected $expected\n  got      $got" }
                check(r.controlId == msg.controlId().orEmpty()) { "validation $name: control id ${r.controlId}" }
                val worst = r.issues.maxOfOrNull { it.severity }
                check(r.worst == worst) { "validation $name: worst ${r.worst}, issues give $worst" }
                for (i in r.issues) {
                    check(i.path.startsWith(i.segment) && (i.field == null || i.path.startsWith("${i.segment}-${i.field}"))) {
                        "validation $name: path ${i.path}"
                    }
                    check(i.codeText.isNotEmpty()) { "validation $name: code text" }
                }
            }
        } catch (e: MedcoreException.Hl7) {
            check(expected["parse_error"] == e.code) { "validation $name: ${e.code}, expected $expected" }
        }
    }
}

fun ackVectors(dir: File) {
    val all = cases(dir, "hl7_ack.json")
    check(all.size >= 5) { "only ${all.size} ACK vectors" }
    for (c in all) {
        val name = c["name"] as String
        hl7ParseText(c["message"] as String).use { msg ->
            val report = validatorFor(c["profile"]).validate(msg)
            val options = Hl7AckOptions(controlId = c["control_id"] as String, timestamp = c["timestamp"] as String)
            val ack = hl7BuildAck(msg, report, options)
            check(ack == c["expected_ack"]) { "ACK $name:\n  expected ${c["expected_ack"]}\n  got      $ack" }
            hl7ParseText(ack).use { parsed ->
                val code = hl7AckCodeForReport(report)
                check(parsed.get("MSA-1") == code.name) { "ACK $name: MSA-1 ${parsed.get("MSA-1")}, code $code" }
                check(parsed.get("MSA-2") == msg.controlId()) { "ACK $name: MSA-2" }
            }
        }
    }
}

fun validationApi() {
    val text = "MSH|^~\\&|LAB|HOSP|EHR|HOSP|20240101120000||ADT^A01^ADT_A01|M1|P|2.5\r" +
        "EVN|A01|20240101120000\rPID|1||123^^^HOSP^MR||Doe^Jane||19800230|F\rPV1|1|I\r"
    val strict = Hl7Validator.strict()
    check(strict.profileName() == "strict" && Hl7Validator.lenient().profileName() == "lenient") { "profile names" }
    hl7ParseText(text).use { bad ->
        hl7ParseText(text.replace("19800230", "19800228")).use { good ->
            val reports = strict.validateAll(listOf(bad, good))
            check(reports.size == 2 && reports[0].hasErrors && !reports[1].hasErrors) { "validateAll $reports" }
            val issue = reports[0].issues.firstOrNull()
            check(
                issue != null && issue.rule == Hl7Rule.DATA_TYPE && issue.code == 102.toUShort() &&
                    issue.severity == Hl7Severity.ERROR && issue.path == "PID-7-1" && issue.codeText == "Data type error",
            ) { "PID-7 issue $issue" }
            check(hl7AckCodeForReport(reports[0]) == Hl7AckCode.AE) { "AE for a data type error" }
            // An explicit code and no warnings: the caller decides.
            val ack = hl7BuildAck(bad, reports[0], Hl7AckOptions("A1", "20240101120001", Hl7AckCode.AR, false))
            check(ack.contains("\rMSA|AR|M1\r") && ack.contains("ERR|")) { "explicit AR: $ack" }
        }
    }
    // A custom profile that extends a built-in one, in TOML and in JSON.
    val toml = Hl7Validator.fromText("name = \"site\"\nextends = \"lenient\"\n")
    val json = Hl7Validator.fromText("{\"name\": \"site-json\", \"extends\": \"strict\"}")
    check(toml.profileName() == "site" && json.profileName() == "site-json") { "custom profile names" }
    try {
        Hl7Validator.fromJson("{\"extends\": \"nonesuch\"}")
        check(false) { "a profile extending an unknown base was accepted" }
    } catch (e: MedcoreException.Hl7) {
        check(e.code == "HL7_PROFILE_INVALID" && e.detail.contains("nonesuch")) { "profile error ${e.message}" }
    }
    try {
        Hl7Validator.builtin("relaxed")
        check(false) { "an unknown built-in profile was accepted" }
    } catch (e: MedcoreException.InvalidArgument) {
        check(e.detail.contains("relaxed")) { "builtin error ${e.message}" }
    }
}
