// Authorization through the Kotlin bindings: the shared vector file testdata/vectors/authz_default.json
// (the role x resource x action matrix of the default policy set) decided one by one and in one batch
// call, with requests built as native records; query filtering checked against the direct decisions
// of the same vectors; the decision-log hook implemented in Kotlin; explanations, break-glass status,
// consents, policy text errors with their location.
package org.medcore.tests

import org.medcore.AuthzAuditLevel
import org.medcore.AuthzBreakGlass
import org.medcore.AuthzBreakGlassStatus
import org.medcore.AuthzConsentDecision
import org.medcore.AuthzConsentDirective
import org.medcore.AuthzDecision
import org.medcore.AuthzDecisionEvent
import org.medcore.AuthzDecisionLog
import org.medcore.AuthzEffect
import org.medcore.AuthzEnvironment
import org.medcore.AuthzFilterRequest
import org.medcore.AuthzMask
import org.medcore.AuthzObligation
import org.medcore.AuthzPolicySet
import org.medcore.AuthzPrincipal
import org.medcore.AuthzRequest
import org.medcore.AuthzResource
import org.medcore.AuthzRuleOutcome
import org.medcore.AuthzSqlOptions
import org.medcore.AuthzSqlPlaceholder
import org.medcore.AuthzValue
import org.medcore.MedcoreException
import org.medcore.authzDefaultPolicyText
import org.medcore.authzMaskIdentifier
import org.medcore.authzObligationCode
import java.io.File

// --- requests from the vectors' JSON

private fun value(v: Any?): AuthzValue = when (v) {
    is Boolean -> AuthzValue.Bool(v)
    is Double -> AuthzValue.Long(v.toLong())
    is String -> AuthzValue.Text(v)
    is List<*> -> AuthzValue.Set(v.map { value(it) })
    else -> throw IllegalArgumentException("attribute value $v")
}

@Suppress("UNCHECKED_CAST")
private fun attrs(v: Any?): Map<String, AuthzValue> =
    ((v as Map<String, Any?>?) ?: emptyMap()).mapValues { value(it.value) }

@Suppress("UNCHECKED_CAST")
private fun principal(m: Map<String, Any?>) = AuthzPrincipal(
    id = m["id"] as String,
    roles = strings(m["roles"]),
    attributes = attrs(m["attributes"]),
)

private fun resource(m: Map<String, Any?>) = AuthzResource(
    kind = m["type"] as String,
    id = m["id"] as String,
    attributes = attrs(m["attributes"]),
)

@Suppress("UNCHECKED_CAST")
private fun environment(m: Map<String, Any?>?): AuthzEnvironment {
    if (m == null) return AuthzEnvironment()
    val bg = m["break_glass"] as Map<String, Any?>?
    return AuthzEnvironment(
        time = (m["time"] as Double?)?.toLong() ?: 0L,
        utcOffsetMinutes = (m["utc_offset_minutes"] as Double?)?.toInt() ?: 0,
        purposeOfUse = m["purpose_of_use"] as String?,
        origin = m["origin"] as String?,
        breakGlass = bg?.let { AuthzBreakGlass(it["reason"] as String, (it["expires_at"] as Double?)?.toLong()) },
        attributes = attrs(m["attributes"]),
    )
}

@Suppress("UNCHECKED_CAST")
private fun request(m: Map<String, Any?>) = AuthzRequest(
    principal = principal(m["principal"] as Map<String, Any?>),
    action = m["action"] as String,
    resource = resource(m["resource"] as Map<String, Any?>),
    environment = environment(m["environment"] as Map<String, Any?>?),
)

private fun obligation(m: Map<String, Any?>): AuthzObligation = when (m["code"]) {
    "MASK" -> AuthzObligation.Mask(m["field"] as String, m["kind"] as String)
    "REDACT" -> AuthzObligation.Redact(m["field"] as String)
    "AUDIT" -> AuthzObligation.Audit(AuthzAuditLevel.valueOf((m["level"] as String).uppercase()))
    "ENCRYPT" -> AuthzObligation.Encrypt(m["field"] as String?)
    "REQUIRE_REASON" -> AuthzObligation.RequireReason
    else -> throw IllegalArgumentException("obligation $m")
}

@Suppress("UNCHECKED_CAST")
private fun checkDecision(name: String, d: AuthzDecision, expect: Map<String, Any?>) {
    check(d.effect.name.lowercase() == expect["effect"]) { "$name: effect ${d.effect}" }
    check(d.allowed == (d.effect == AuthzEffect.ALLOW)) { "$name: allowed ${d.allowed}" }
    check(d.determining.sorted() == strings(expect["determining"]).sorted()) { "$name: determining ${d.determining}" }
    val want = (expect["obligations"] as List<Map<String, Any?>>).map { obligation(it) }
    check(d.obligations == want) { "$name: obligations ${d.obligations}, expected $want" }
    check(d.obligations.map { authzObligationCode(it) } == (expect["obligations"] as List<Map<String, Any?>>).map { it["code"] }) {
        "$name: obligation codes"
    }
    val masks = want.filterIsInstance<AuthzObligation.Mask>().map { AuthzMask(it.field, it.kind) }
    check(d.masks == masks) { "$name: masks ${d.masks}" }
    check(d.errors.isNotEmpty() == expect["has_errors"]) { "$name: errors ${d.errors}" }
}

@Suppress("UNCHECKED_CAST")
fun authzVectors(dir: File) {
    val file = Json.parse(File(dir, "authz_default.json").readText()) as Map<String, Any?>
    check(file["policy_set"] == "default") { "policy set ${file["policy_set"]}" }
    val all = file["cases"] as List<Map<String, Any?>>
    check(all.size >= 30) { "only ${all.size} authz vectors" }
    val ps = AuthzPolicySet.defaultSet()
    val requests = all.map { request(it["request"] as Map<String, Any?>) }
    val batch = ps.authorizeBatch(requests)
    check(batch.size == all.size) { "batch gave ${batch.size} decisions" }
    for ((i, c) in all.withIndex()) {
        val name = c["name"] as String
        val expect = c["expect"] as Map<String, Any?>
        val single = ps.authorize(requests[i])
        checkDecision(name, single, expect)
        check(batch[i] == single) { "$name: batch and single differ" }
        // The explanation carries the same decision.
        check(ps.explain(requests[i]).decision == single) { "$name: explain" }
        // Query filtering never shows what a direct check refuses, and agrees exactly when no
        // rule was approximated and nothing failed to evaluate.
        val r = requests[i]
        val f = ps.filter(AuthzFilterRequest(r.principal, r.action, r.resource.kind, r.environment))
        val shown = f.matches(r.resource)
        check(!shown || single.allowed) { "$name: the filter shows a refused resource" }
        if (f.approximated().isEmpty() && single.errors.isEmpty()) {
            check(shown == single.allowed) { "$name: filter $shown, decision ${single.effect}" }
        }
    }
}

private fun req(
    id: String,
    role: String,
    dept: String,
    action: String,
    kind: String,
    resourceDept: String,
    purpose: String = "TREAT",
    breakGlass: AuthzBreakGlass? = null,
    labels: List<String> = emptyList(),
    careTeam: List<String> = emptyList(),
) = AuthzRequest(
    principal = AuthzPrincipal(id, listOf(role), mapOf("department" to AuthzValue.Text(dept))),
    action = action,
    resource = AuthzResource(
        kind,
        "p-1",
        mapOf(
            "patient" to AuthzValue.Text("p-1"),
            "department" to AuthzValue.Text(resourceDept),
            "care_team" to AuthzValue.Set(careTeam.map { AuthzValue.Text(it) }),
            "labels" to AuthzValue.Set(labels.map { AuthzValue.Text(it) }),
            "confidentiality" to AuthzValue.Text("N"),
        ),
    ),
    environment = AuthzEnvironment(time = 1772445600L, purposeOfUse = purpose, breakGlass = breakGlass),
)

fun authzApi() {
    val ps = AuthzPolicySet.defaultSet()
    check(ps.ruleCount() > 10uL && ps.hash().length == 64) { "set ${ps.ruleCount()} ${ps.hash()}" }
    val ok = req("dr-ada-lovelace", "Doctor", "cardiology", "read", "Patient", "cardiology")

    // The decision-log hook, implemented in Kotlin.
    val events = ArrayList<AuthzDecisionEvent>()
    ps.setDecisionLog(object : AuthzDecisionLog {
        override fun record(event: AuthzDecisionEvent) {
            events.add(event)
        }
    })
    val d = ps.authorize(ok)
    ps.authorizeBatch(listOf(ok, ok))
    check(events.size == 3) { "log events ${events.size}" }
    val e = events[0]
    check(e.principal == authzMaskIdentifier("dr-ada-lovelace") && e.principal.endsWith("lace") && !e.principal.contains("ada")) {
        "masked principal ${e.principal}"
    }
    check(e.effect == AuthzEffect.ALLOW && e.determining == d.determining && e.policyHash == ps.hash()) { "event $e" }
    check(e.obligations == d.obligations && e.purposeOfUse == "TREAT" && e.time == 1772445600L) { "event $e" }
    check(events.map { it.decisionId }.toSet().size == 3) { "decision ids ${events.map { it.decisionId }}" }
    // A hook that throws never changes the decision.
    ps.setDecisionLog(object : AuthzDecisionLog {
        override fun record(event: AuthzDecisionEvent) {
            throw IllegalStateException("log shipper down")
        }
    })
    check(ps.authorize(ok) == d) { "decision with a failing hook" }
    ps.setDecisionLog(null)
    val before = events.size
    ps.authorize(ok)
    check(events.size == before) { "hook cleared" }
    val ev = ps.decisionEvent(ok, d)
    check(ev.resource == authzMaskIdentifier("p-1") && ev.resource == "***") { "decision event ${ev.resource}" }

    // Explanations.
    val x = ps.explain(ok).explanation
    check(x.rulesConsidered in 1uL..x.rulesTotal && x.effectiveRoles.contains("Doctor")) { "explanation $x" }
    check(x.trace.any { it.determining && it.id == "matrix-doctor-rw" && it.outcome == AuthzRuleOutcome.Applies }) { "trace ${x.trace}" }

    // Break-glass status.
    check(ps.breakGlassStatus(ok) == AuthzBreakGlassStatus.NotDeclared) { "no break-glass" }
    val bg = req("dr-onc", "Doctor", "oncology", "read", "Patient", "cardiology", "ETREAT", AuthzBreakGlass("cardiac arrest", null))
    check(ps.breakGlassStatus(bg) == AuthzBreakGlassStatus.Valid) { "valid break-glass" }
    val bgd = ps.authorize(bg)
    check(bgd.allowed && bgd.breakGlass) { "break-glass decision $bgd" }
    val expired = bg.copy(environment = bg.environment.copy(breakGlass = AuthzBreakGlass("cardiac arrest", 1772445000L)))
    val st = ps.breakGlassStatus(expired)
    check(st is AuthzBreakGlassStatus.Invalid && st.reason.contains("expired")) { "expired break-glass $st" }
    check(!ps.authorize(expired).allowed) { "expired break-glass allowed" }

    // Consents: a patient's restriction denies even her own department's doctor.
    val restricted = ps.withConsents(
        listOf(AuthzConsentDirective(id = "c1", patient = "p-1", decision = AuthzConsentDecision.DENY, actors = listOf("dr-ada-lovelace"))),
    )
    check(restricted.ruleCount() > ps.ruleCount()) { "consent rules" }
    val cd = restricted.authorize(ok)
    check(!cd.allowed && cd.determining.any { it.startsWith("consent:c1") }) { "consent deny $cd" }
    check(ps.authorize(ok).allowed) { "the original set is unchanged" }

    // Policy text and its errors.
    val own = AuthzPolicySet.fromText("@id(\"nurse-read\") permit(role: Nurse, action: read, resource: Patient);", "ward.policy", null)
    check(own.authorize(req("n-1", "Nurse", "x", "read", "Patient", "y")).determining == listOf("nurse-read")) { "own set" }
    check(AuthzPolicySet.fromText(authzDefaultPolicyText(), "default", null).hash() == ps.hash()) { "default text" }
    try {
        AuthzPolicySet.fromText("permit(role: Wizard);", "ward.policy", null)
        check(false) { "an unknown role compiled" }
    } catch (e: MedcoreException.Authz) {
        check(e.code == "AUTHZ_UNKNOWN_ROLE" && e.detail.contains("ward.policy:1:")) { "unknown role ${e.message}" }
    }
    try {
        AuthzPolicySet.fromText("permit(role: Nurse", "ward.policy", null)
        check(false) { "bad syntax compiled" }
    } catch (e: MedcoreException.Authz) {
        check(e.code == "AUTHZ_SYNTAX") { "syntax ${e.message}" }
    }
    check(ps.checkRequest(ok).isEmpty()) { "well-formed request" }
    val bad = ok.copy(principal = ok.principal.copy(attributes = mapOf("department" to AuthzValue.Long(7))))
    check(ps.checkRequest(bad).isNotEmpty()) { "ill-typed attribute accepted" }

    // Which patients may a cardiology doctor see: in memory and as SQL.
    val f = ps.filter(AuthzFilterRequest(ok.principal, "read", "Patient", ok.environment))
    check(f.resourceType() == "Patient" && f.constant() == null) { "filter ${f.residualJson()}" }
    val patients = listOf("cardiology", "oncology", "cardiology").mapIndexed { i, dept ->
        req("dr-ada-lovelace", "Doctor", "cardiology", "read", "Patient", dept, labels = if (i == 2) listOf("HIV") else emptyList()).resource.copy(id = "p-$i")
    }
    check(f.retain(patients).map { it.id } == listOf("p-0")) { "retain ${f.retain(patients)}" }
    val sql = f.toSql(AuthzSqlOptions(placeholder = AuthzSqlPlaceholder.QUESTION))
    check(sql.sql.contains("department = ?") && sql.params.contains(AuthzValue.Text("cardiology"))) { "sql $sql" }
    check(sql.sql.count { it == '?' } == sql.params.size) { "sql params $sql" }
    val none = ps.filter(AuthzFilterRequest(AuthzPrincipal("x", listOf("Nobody")), "read", "Patient"))
    check(none.constant() == false && none.toSql(AuthzSqlOptions()).sql == "FALSE") { "nothing visible ${none.residualJson()}" }
}
