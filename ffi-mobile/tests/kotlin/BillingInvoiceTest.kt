// Invoices and insurance adjudication through the Kotlin bindings, over the shared vectors
// testdata/vectors/billing_invoices.json (totals with half-even rounding and largest-remainder
// allocation; the status machine step by step) and billing_adjudication.json (one family's plan
// year with the accumulators carried between claims), with the same assertions as the Rust tests
// core/billing/tests/{invoice,adjudication}_vectors.rs. Amounts are decimal strings compared as
// java.math.BigDecimal values; no Double ever carries money.
package org.medcore.tests

import org.medcore.Accumulators
import org.medcore.Benefit
import org.medcore.BenefitClaim
import org.medcore.CreditNote
import org.medcore.Discount
import org.medcore.Invoice
import org.medcore.InvoiceData
import org.medcore.InvoiceLine
import org.medcore.InvoiceStatus
import org.medcore.InvoiceTotals
import org.medcore.InvoiceTotalsOutcome
import org.medcore.LineKind
import org.medcore.MedcoreException
import org.medcore.Payment
import org.medcore.PaymentMethod
import org.medcore.Plan
import org.medcore.PlanData
import org.medcore.Refund
import org.medcore.ServiceLine
import org.medcore.TaxRate
import org.medcore.invoiceTotals
import org.medcore.invoiceTotalsBatch
import java.io.File
import java.math.BigDecimal

/** Two decimal strings with the same value (`"0"` and `"0.00"` are equal, as in Rust). */
private fun same(got: String?, want: Any?): Boolean =
    got != null && want is String && BigDecimal(got).compareTo(BigDecimal(want)) == 0

private fun enumName(s: String): String = s.uppercase()

@Suppress("UNCHECKED_CAST")
private fun discount(v: Any?): Discount? {
    val m = v as Map<String, Any?>? ?: return null
    return when (m["type"]) {
        "percent" -> Discount.Percent(m["percent"] as String)
        "amount" -> Discount.Amount(m["amount"] as String)
        else -> error("discount type ${m["type"]}")
    }
}

@Suppress("UNCHECKED_CAST")
internal fun invoiceData(m: Map<String, Any?>): InvoiceData = InvoiceData(
    id = m["id"] as String,
    currency = (m["currency"] as String?) ?: "USD",
    lines = (m["lines"] as List<Map<String, Any?>>).map {
        InvoiceLine(
            id = it["id"] as String,
            kind = LineKind.valueOf(enumName(it["kind"] as String)),
            code = it["code"] as String?,
            description = (it["description"] as String?) ?: "",
            quantity = it["quantity"] as String,
            unitPrice = it["unit_price"] as String,
            discount = discount(it["discount"]),
            taxCategory = (it["tax_category"] as String?) ?: "exempt",
        )
    },
    discount = discount(m["discount"]),
    taxRates = ((m["tax_rates"] as List<Map<String, Any?>>?) ?: emptyList()).map {
        TaxRate(category = it["category"] as String, rate = it["rate"] as String)
    },
    status = InvoiceStatus.valueOf(enumName((m["status"] as String?) ?: "draft")),
)

@Suppress("UNCHECKED_CAST")
private fun checkTotals(name: String, t: InvoiceTotals, e: Map<String, Any?>) {
    for ((field, got) in listOf(
        "subtotal" to t.subtotal, "discount" to t.discount, "net" to t.net, "tax" to t.tax, "total" to t.total,
    )) {
        check(same(got, e[field])) { "$name: $field = $got, expected ${e[field]}" }
    }
    val sum = t.lines.fold(BigDecimal.ZERO) { a, l -> a + BigDecimal(l.total) }
    check(sum.compareTo(BigDecimal(t.total)) == 0) { "$name: total ${t.total} is not the sum of the lines $sum" }
    for ((field, get) in listOf<Pair<String, (org.medcore.LineTotals) -> String>>(
        "line_gross" to { it.gross }, "line_net" to { it.net }, "line_tax" to { it.tax }, "line_total" to { it.total },
    )) {
        val want = e[field] as List<String>? ?: continue
        val got = t.lines.map(get)
        check(got.size == want.size && got.zip(want).all { (g, w) -> same(g, w) }) { "$name: $field $got, expected $want" }
    }
}

@Suppress("UNCHECKED_CAST")
fun invoiceVectors(dir: File) {
    val file = Json.parse(File(dir, "billing_invoices.json").readText()) as Map<String, Any?>
    val all = file["cases"] as List<Map<String, Any?>>
    check(all.size >= 3) { "only ${all.size} invoice vectors" }
    val data = all.map { invoiceData(it["invoice"] as Map<String, Any?>) }
    val batch = invoiceTotalsBatch(data)
    check(batch.size == all.size) { "invoice batch gave ${batch.size} outcomes" }
    for ((i, c) in all.withIndex()) {
        val name = c["name"] as String
        val t = invoiceTotals(data[i])
        checkTotals(name, t, c["expected"] as Map<String, Any?>)
        check(batch[i] == InvoiceTotalsOutcome.Ok(t)) { "$name: batch and single differ" }
        // The JSON form and the object give the same totals; the data survives the round trip.
        Invoice.fromJson(jsonText(c["invoice"])).use { check(it.totals() == t) { "$name: fromJson totals" } }
        Invoice(data[i]).use { check(it.toData() == data[i]) { "$name: toData ${it.toData()}" } }
    }

    val tr = file["transitions"] as Map<String, Any?>
    val case = all.first { (it["invoice"] as Map<String, Any?>)["id"] == tr["invoice"] }
    Invoice(invoiceData(case["invoice"] as Map<String, Any?>)).use { inv ->
        for ((i, step) in (tr["steps"] as List<Map<String, Any?>>).withIndex()) {
            val id = "s$i"
            val amount = step["amount"] as String?
            val method = (step["method"] as String?)?.let { PaymentMethod.valueOf(enumName(it)) } ?: PaymentMethod.CASH
            val wantError = step["error"] as String?
            try {
                val t = when (step["action"]) {
                    "issue" -> inv.issue()
                    "pay" -> inv.recordPayment(Payment(id = id, amount = amount!!, method = method))
                    "credit" -> inv.credit(CreditNote(id = id, amount = amount!!))
                    "refund" -> inv.refund(Refund(id = id, amount = amount!!, method = method))
                    "void" -> { inv.void(); inv.totals() }
                    else -> error("unknown action ${step["action"]}")
                }
                check(wantError == null) { "step $i: succeeded, expected $wantError" }
                check(inv.status().name.lowercase() == step["status"]) { "step $i: status ${inv.status()}" }
                check(same(t.balance, step["balance"])) { "step $i: balance ${t.balance}, expected ${step["balance"]}" }
            } catch (e: MedcoreException.Billing) {
                check(e.code == wantError) { "step $i: ${e.code}, expected $wantError (${e.detail})" }
            }
        }
    }
}

fun invoiceApi() {
    Invoice.draft("D-1", "jpy").use { inv ->
        check(inv.id() == "D-1" && inv.status() == InvoiceStatus.DRAFT) { "draft ${inv.toData()}" }
        inv.addLine(InvoiceLine(id = "1", kind = LineKind.CONSULTATION, quantity = "1", unitPrice = "3000"))
        inv.addLine(InvoiceLine(id = "2", kind = LineKind.SUPPLY, quantity = "2", unitPrice = "10"))
        check(inv.removeLine("2").unitPrice == "10") { "removeLine" }
        check(inv.totals().currency == "JPY" && inv.totals().total == "3000") { "totals ${inv.totals()}" }
        check(inv.toJson().contains("\"unit_price\":\"3000\"")) { "json ${inv.toJson()}" }
        try {
            inv.addLine(InvoiceLine(id = "1", kind = LineKind.SUPPLY, quantity = "1", unitPrice = "1"))
            check(false) { "a duplicate line was added" }
        } catch (e: MedcoreException.Billing) {
            check(e.code == "BILLING_INVALID_VALUE" && e.detail.contains("duplicate")) { "duplicate ${e.message}" }
        }
        inv.issue()
        inv.void()
        check(inv.status() == InvoiceStatus.VOID) { "void" }
    }
    try {
        Invoice.draft("D-2", "DOLLARS")
        check(false) { "a bad currency was accepted" }
    } catch (e: MedcoreException.Billing) {
        check(e.code == "BILLING_INVALID_CURRENCY") { "currency ${e.code}" }
    }
    val bad = InvoiceData(
        id = "B", lines = listOf(InvoiceLine(id = "1", kind = LineKind.SUPPLY, quantity = "1,5", unitPrice = "1")),
        status = InvoiceStatus.DRAFT,
    )
    try {
        invoiceTotals(bad)
        check(false) { "a malformed decimal was accepted" }
    } catch (e: MedcoreException.InvalidArgument) {
        check(e.detail.contains("line 1 quantity")) { "decimal ${e.detail}" }
    }
    val unknownTax = bad.copy(lines = listOf(bad.lines[0].copy(quantity = "1", taxCategory = "luxury")))
    val outcomes = invoiceTotalsBatch(listOf(bad, unknownTax))
    check((outcomes[0] as? InvoiceTotalsOutcome.Failed)?.code == "MEDCORE_INVALID_ARGUMENT") { "batch ${outcomes[0]}" }
    check((outcomes[1] as? InvoiceTotalsOutcome.Failed)?.code == "BILLING_UNKNOWN_TAX_CATEGORY") { "batch ${outcomes[1]}" }
    try {
        Invoice.fromJson("{\"id\": 3}")
        check(false) { "a bad invoice document was accepted" }
    } catch (e: MedcoreException.Billing) {
        check(e.code == "BILLING_INPUT") { "json ${e.code}" }
    }
}

@Suppress("UNCHECKED_CAST")
private fun planData(m: Map<String, Any?>): PlanData = PlanData(
    id = m["id"] as String,
    name = (m["name"] as String?) ?: "",
    currency = (m["currency"] as String?) ?: "USD",
    deductibleIndividual = m["deductible_individual"] as String,
    deductibleFamily = m["deductible_family"] as String?,
    oopMaxIndividual = m["oop_max_individual"] as String,
    oopMaxFamily = m["oop_max_family"] as String?,
    coinsurance = m["coinsurance"] as String,
    benefits = (m["benefits"] as List<Map<String, Any?>>).map {
        Benefit(
            category = it["category"] as String,
            covered = (it["covered"] as Boolean?) ?: true,
            copay = (it["copay"] as String?) ?: "0",
            coinsurance = it["coinsurance"] as String?,
            deductibleApplies = (it["deductible_applies"] as Boolean?) ?: true,
            preauthRequired = (it["preauth_required"] as Boolean?) ?: false,
            perServiceLimit = it["per_service_limit"] as String?,
            annualLimit = it["annual_limit"] as String?,
            annualVisitLimit = (it["annual_visit_limit"] as Double?)?.toInt()?.toUInt(),
        )
    },
)

@Suppress("UNCHECKED_CAST")
private fun benefitClaim(m: Map<String, Any?>): BenefitClaim = BenefitClaim(
    id = m["id"] as String,
    memberId = m["member_id"] as String,
    lines = (m["lines"] as List<Map<String, Any?>>).map {
        ServiceLine(
            id = it["id"] as String,
            category = it["category"] as String,
            code = it["code"] as String?,
            billed = it["billed"] as String,
            allowed = it["allowed"] as String?,
            preauthorized = (it["preauthorized"] as Boolean?) ?: false,
        )
    },
)

@Suppress("UNCHECKED_CAST")
fun adjudicationVectors(dir: File) {
    val file = Json.parse(File(dir, "billing_adjudication.json").readText()) as Map<String, Any?>
    val plan = Plan(planData(file["plan"] as Map<String, Any?>))
    val scenarios = file["scenarios"] as List<Map<String, Any?>>
    check(scenarios.size >= 5) { "only ${scenarios.size} adjudication scenarios" }
    val claims = scenarios.map { benefitClaim(it["claim"] as Map<String, Any?>) }
    var acc: Accumulators? = null
    val singles = mutableListOf<org.medcore.Adjudication>()
    for ((sc, claim) in scenarios.zip(claims)) {
        val name = sc["name"] as String
        val r = plan.adjudicate(claim, acc)
        acc = r.accumulators
        singles += r.adjudication
        val out = r.adjudication
        val want = sc["lines"] as List<Map<String, Any?>>
        check(out.lines.size == want.size) { "$name: ${out.lines.size} lines" }
        for ((got, w) in out.lines.zip(want)) {
            val ctx = "$name / ${got.lineId}"
            check(got.lineId == w["id"]) { "$ctx: line id" }
            for ((field, g) in listOf(
                "allowed" to got.allowed, "deductible" to got.deductible, "copay" to got.copay,
                "coinsurance" to got.coinsurance, "plan" to got.planPays, "patient" to got.patientPays,
            )) {
                check(same(g, w[field])) { "$ctx: $field = $g, expected ${w[field]}" }
            }
            val adjs = got.adjustments.map { "${it.group}-${it.code} ${BigDecimal(it.amount).stripTrailingZeros().toPlainString()}" }
            val wantAdjs = strings(w["adjustments"]).map {
                val (k, amt) = it.split(' ', limit = 2)
                "$k ${BigDecimal(amt).stripTrailingZeros().toPlainString()}"
            }
            check(adjs == wantAdjs) { "$ctx: adjustments $adjs, expected $wantAdjs" }
            // Billed is fully explained: plan pays + every adjustment.
            val adjSum = got.adjustments.fold(BigDecimal.ZERO) { a, x -> a + BigDecimal(x.amount) }
            check(BigDecimal(got.billed).compareTo(BigDecimal(got.planPays) + adjSum) == 0) { "$ctx: balance" }
        }
        val s = out.summary
        val summary = mapOf(
            "billed" to s.billed, "allowed" to s.allowed, "plan_pays" to s.planPays, "patient_pays" to s.patientPays,
            "provider_write_off" to s.providerWriteOff, "deductible" to s.deductible, "copay" to s.copay,
            "coinsurance" to s.coinsurance, "deductible_remaining" to s.deductibleRemaining,
            "out_of_pocket_remaining" to s.outOfPocketRemaining,
        )
        for ((k, w) in sc["summary"] as Map<String, Any?>) {
            check(same(summary[k], w)) { "$name: summary $k = ${summary[k]}, expected $w" }
        }
    }
    val fa = file["final_accumulators"] as Map<String, Any?>
    val a = acc!!
    check(same(a.familyDeductible, fa["family_deductible"])) { "family deductible ${a.familyDeductible}" }
    check(same(a.familyOutOfPocket, fa["family_out_of_pocket"])) { "family OOP ${a.familyOutOfPocket}" }
    for ((m, w) in fa["members"] as Map<String, Map<String, Any?>>) {
        val got = a.members[m]
        check(got != null && same(got.deductible, w["deductible"]) && same(got.outOfPocket, w["out_of_pocket"])) {
            "member $m: $got, expected $w"
        }
    }
    // The whole year in one call gives the same adjudications and accumulators.
    val many = plan.adjudicateMany(claims, null)
    check(many.adjudications == singles && many.accumulators == a) { "adjudicateMany differs from the single calls" }
    Plan.fromJson(jsonText(file["plan"])).use {
        check(it.adjudicate(claims[0], null).adjudication == singles[0]) { "fromJson plan differs" }
    }

    // A negative billed amount fails the claim and counts nothing; so does a bad plan.
    val bad = claims[0].copy(lines = claims[0].lines.mapIndexed { i, l -> if (i == 2) l.copy(billed = "-1") else l })
    try {
        plan.adjudicate(bad, Accumulators())
        check(false) { "a negative billed amount was adjudicated" }
    } catch (e: MedcoreException.Billing) {
        check(e.code == "BILLING_INVALID_VALUE") { "negative billed ${e.code}" }
    }
    try {
        Plan(planData(file["plan"] as Map<String, Any?>).copy(coinsurance = "2"))
        check(false) { "a coinsurance of 200% was accepted" }
    } catch (e: MedcoreException.Billing) {
        check(e.code == "BILLING_INVALID_VALUE" && e.detail.contains("coinsurance")) { "plan ${e.message}" }
    }
    try {
        plan.adjudicate(claims[0].copy(lines = listOf(claims[0].lines[0].copy(allowed = "12..5"))), null)
        check(false) { "a malformed decimal was accepted" }
    } catch (e: MedcoreException.InvalidArgument) {
        check(e.detail.contains("allowed")) { "decimal ${e.detail}" }
    }
    plan.close()
}
