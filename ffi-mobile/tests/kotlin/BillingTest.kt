// Billing through the Kotlin bindings: MS-DRG grouping of the shared vectors
// testdata/vectors/billing_grouper.json (12,000 synthetic claims with the DRG of an independent
// grouper) in one batch call, and IPPS pricing of billing_pricing.json with exact decimal strings, held to the same acceptance thresholds as the Rust test (at least 99%
// agreement overall, 100% on medical-partition claims), single calls agreeing with the batch.
package org.medcore.tests

import org.medcore.ClaimSex
import org.medcore.DrgClaim
import org.medcore.DrgGrouper
import org.medcore.DrgKind
import org.medcore.IppsInput
import org.medcore.IppsOutcome
import org.medcore.IppsPricer
import org.medcore.IppsProvider
import org.medcore.IppsResult
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

@Suppress("UNCHECKED_CAST")
private fun ippsInput(m: Map<String, Any?>): IppsInput {
    val p = m["provider"] as Map<String, Any?>
    return IppsInput(
        fiscalYear = (m["fiscal_year"] as Double).toInt().toUShort(),
        drg = (m["drg"] as Double).toInt().toUShort(),
        weight = m["weight"] as String?,
        gmlos = m["gmlos"] as String?,
        postAcute = m["post_acute"] as Boolean?,
        specialPay = m["special_pay"] as Boolean?,
        lengthOfStay = (m["length_of_stay"] as Double?)?.toUInt() ?: 0u,
        dischargeStatus = (m["discharge_status"] as String?) ?: "01",
        coveredCharges = m["covered_charges"] as String?,
        provider = IppsProvider(
            wageIndex = p["wage_index"] as String,
            cola = p["cola"] as String?,
            capitalCola = p["capital_cola"] as String?,
            gaf = p["gaf"] as String?,
            operatingIme = p["operating_ime"] as String?,
            operatingDsh = p["operating_dsh"] as String?,
            capitalIme = p["capital_ime"] as String?,
            capitalDsh = p["capital_dsh"] as String?,
            uncompensatedCarePerClaim = p["uncompensated_care_per_claim"] as String?,
            operatingCcr = p["operating_ccr"] as String?,
            capitalCcr = p["capital_ccr"] as String?,
        ),
    )
}

private fun ippsField(r: IppsResult, name: String): String? = when (name) {
    "weight" -> r.weight
    "labor_share" -> r.laborShare
    "operating_federal" -> r.operatingFederal
    "operating_ime" -> r.operatingIme
    "operating_dsh" -> r.operatingDsh
    "gaf" -> r.gaf
    "capital_federal" -> r.capitalFederal
    "capital_ime" -> r.capitalIme
    "capital_dsh" -> r.capitalDsh
    "full_payment" -> r.fullPayment
    "transfer" -> r.transfer.name.lowercase()
    "per_diem" -> r.perDiem
    "base_payment" -> r.basePayment
    "cost" -> r.cost
    "outlier_threshold" -> r.outlierThreshold
    "operating_outlier" -> r.operatingOutlier
    "capital_outlier" -> r.capitalOutlier
    "uncompensated_care" -> r.uncompensatedCare
    "total_payment" -> r.totalPayment
    else -> null
}

@Suppress("UNCHECKED_CAST")
fun pricingVectors(dir: File) {
    val all = cases(dir, "billing_pricing.json")
    check(all.size >= 12) { "only ${all.size} pricing vectors" }
    val pricer = IppsPricer.embedded()
    val inputs = all.map { ippsInput(it["input"] as Map<String, Any?>) }
    val batch = pricer.priceBatch(inputs)
    for ((i, c) in all.withIndex()) {
        val name = c["name"] as String
        val r = pricer.price(inputs[i])
        check(batch[i] == IppsOutcome.Ok(r)) { "$name: batch and single differ" }
        for ((field, want) in c["expected"] as Map<String, Any?>) {
            val got = ippsField(r, field)
            // Decimal strings compare by value (the vectors write `0` where the result carries cents).
            val same = got == want || (got != null && want is String && got.toBigDecimalOrNull()?.compareTo(want.toBigDecimal()) == 0)
            check(same) { "$name: $field = $got, expected $want" }
        }
    }
    try {
        pricer.price(inputs[0].copy(provider = inputs[0].provider.copy(wageIndex = "1.7.8")))
        check(false) { "a malformed decimal was accepted" }
    } catch (e: MedcoreException.InvalidArgument) {
        check(e.detail.contains("wage_index")) { "decimal error ${e.detail}" }
    }
}
