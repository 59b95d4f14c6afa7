// Billing through the Kotlin bindings: MS-DRG grouping of the shared vectors
// testdata/vectors/billing_grouper.json (12,000 synthetic claims with the DRG of an independent
// grouper) in one batch call, held to the same acceptance thresholds as the Rust test (at least 99%
// agreement overall, 100% on medical-partition claims), single calls agreeing with the batch.
package org.medcore.tests

import org.medcore.ClaimSex
import org.medcore.DrgClaim
import org.medcore.DrgGrouper
import org.medcore.DrgKind
import org.medcore.MedcoreException
import java.io.File

@Suppress("UNCHECKED_CAST")
fun billingVectors(dir: File) {
    val file = Json.parse(File(dir, "billing_grouper.json").readText()) as Map<String, Any?>
    val g = DrgGrouper.embedded()
    check(g.version() == file["grouper_version"]) { "grouper version ${g.version()}" }
    val all = file["claims"] as List<Map<String, Any?>>
    check(all.size >= 10_000) { "only ${all.size} grouper claims" }
    val claims = all.map {
        DrgClaim(
            id = it["id"] as String,
            age = (it["age"] as Double).toInt().toUShort(),
            sex = when (it["sex"]) { "M" -> ClaimSex.MALE; "F" -> ClaimSex.FEMALE; else -> ClaimSex.UNKNOWN },
            dischargeStatus = it["discharge_status"] as String,
            pdx = it["pdx"] as String,
            sdx = strings(it["sdx"]),
            procedures = strings(it["procedures"]),
        )
    }
    val results = g.groupBatch(claims)
    check(results.size == claims.size) { "batch gave ${results.size} results" }
    var agree = 0
    var medical = 0
    var medicalAgree = 0
    for ((c, r) in all.zip(results)) {
        val want = ((c["expected"] as Map<String, Any?>)["drg"] as Double).toInt()
        val isMedical = g.drgKind(want.toUShort()) == DrgKind.MEDICAL
        if (isMedical) medical++
        if (r.drg.toInt() == want) {
            agree++
            if (isMedical) medicalAgree++
        }
        check(r.id == c["id"]) { "result id ${r.id}" }
    }
    check(medical > 0) { "no medical-partition claims" }
    check(agree * 100 >= all.size * 99) { "grouper agreement $agree/${all.size}" }
    check(medicalAgree == medical) { "medical agreement $medicalAgree/$medical" }
    for (i in 0 until 40) {
        check(g.group(claims[i]) == results[i]) { "single and batch differ for ${claims[i].id}" }
    }
}

fun billingApi() {
    val g = DrgGrouper.embedded()
    check(g.fiscalYear() == 2026.toUShort() && g.isValidDiagnosis("I214") && !g.isValidDiagnosis("XYZ")) { "grouper tables" }
    val r = g.group(DrgClaim(id = "x", age = 70u, sex = ClaimSex.MALE, pdx = "NOTACODE"))
    check(r.kind == DrgKind.UNGROUPABLE && r.returnCode != "OK") { "ungroupable $r" }
    try {
        DrgGrouper.fromJson("{")
        check(false) { "broken tables loaded" }
    } catch (e: MedcoreException.Billing) {
        check(e.code.startsWith("BILLING_")) { "tables ${e.code}" }
    }
}
