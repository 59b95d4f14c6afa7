// Triage through the Kotlin bindings: the shared vectors testdata/vectors/triage_*.json (NEWS2
// over the whole RCP chart in one batch call, qSOFA, SIRS, GCS, START, JumpSTART, and the
// hand-written MEWS/PEWS/ESI/SALT/dispatch cases compared as subsets of the JSON result), with
// inputs built as native records, and the error mapping.
package org.medcore.tests

import org.medcore.Acvpu
import org.medcore.DispatchCall
import org.medcore.DispatchOutcome
import org.medcore.DispatchResult
import org.medcore.DispatchRules
import org.medcore.EdScale
import org.medcore.EdTriage
import org.medcore.EdTriageInput
import org.medcore.EdTriageOutcome
import org.medcore.EsiInput
import org.medcore.EsiResource
import org.medcore.EsiResult
import org.medcore.EsiVersion
import org.medcore.GcsInput
import org.medcore.GcsResponse
import org.medcore.MciInput
import org.medcore.MciOutcome
import org.medcore.MciResult
import org.medcore.MedcoreException
import org.medcore.MewsBands
import org.medcore.MewsInput
import org.medcore.News2Input
import org.medcore.News2SummaryOutcome
import org.medcore.PaediatricAvpu
import org.medcore.PewsAgeBands
import org.medcore.PewsBehaviour
import org.medcore.PewsInput
import org.medcore.PewsSkinColour
import org.medcore.PewsWorkOfBreathing
import org.medcore.QsofaInput
import org.medcore.RiskBand
import org.medcore.SaltInput
import org.medcore.SirsInput
import org.medcore.TriageObserved
import org.medcore.TriageParameter
import org.medcore.TriageScore
import org.medcore.TriageScoreOutcome
import org.medcore.triageDispatch
import org.medcore.triageDispatchBatch
import org.medcore.triageEdLevels
import org.medcore.triageEdOverdue
import org.medcore.triageEsi
import org.medcore.triageGcsBatch
import org.medcore.triageJumpstart
import org.medcore.triageMci
import org.medcore.triageMciBatch
import org.medcore.triageMews
import org.medcore.triageNews2
import org.medcore.triageNews2Batch
import org.medcore.triageNews2SummaryBatch
import org.medcore.triageParameterCode
import org.medcore.triagePews
import org.medcore.triageQsofaBatch
import org.medcore.triageSalt
import org.medcore.triageSirsBatch
import org.medcore.triageStart
import java.io.File

// --- inputs from the vectors' JSON

private fun Map<String, Any?>.num(k: String): Double? = this[k] as Double?
private fun Map<String, Any?>.flag(k: String): Boolean? = this[k] as Boolean?
private inline fun <reified T : Enum<T>> Map<String, Any?>.code(k: String): T? =
    (this[k] as String?)?.let { enumValueOf<T>(it.uppercase()) }

private fun acvpu(letter: String?): Acvpu? = when (letter) {
    null -> null
    "A" -> Acvpu.ALERT
    "C" -> Acvpu.NEW_CONFUSION
    "V" -> Acvpu.VOICE
    "P" -> Acvpu.PAIN
    "U" -> Acvpu.UNRESPONSIVE
    else -> throw IllegalArgumentException("ACVPU $letter")
}

private fun news2Input(m: Map<String, Any?>) = News2Input(
    respirationRate = m.num("respiration_rate"),
    spo2 = m.num("spo2"),
    spo2Scale2 = m.flag("spo2_scale2") ?: false,
    supplementalOxygen = m.flag("supplemental_oxygen"),
    systolicBp = m.num("systolic_bp"),
    pulse = m.num("pulse"),
    consciousness = acvpu(m["consciousness"] as String?),
    temperature = m.num("temperature"),
)

private fun mewsInput(m: Map<String, Any?>) = MewsInput(
    systolicBp = m.num("systolic_bp"),
    heartRate = m.num("heart_rate"),
    respirationRate = m.num("respiration_rate"),
    temperature = m.num("temperature"),
    consciousness = acvpu(m["consciousness"] as String?),
)

private fun pewsInput(m: Map<String, Any?>) = PewsInput(
    ageMonths = m.num("age_months"),
    behaviour = m.code<PewsBehaviour>("behaviour"),
    skinColour = m.code<PewsSkinColour>("skin_colour"),
    capillaryRefillS = m.num("capillary_refill_s"),
    heartRate = m.num("heart_rate"),
    respirationRate = m.num("respiration_rate"),
    workOfBreathing = m.code<PewsWorkOfBreathing>("work_of_breathing"),
    fio2Percent = m.num("fio2_percent"),
    oxygenFlowLpm = m.num("oxygen_flow_lpm"),
    quarterHourlyNebulisers = m.flag("quarter_hourly_nebulisers"),
    postOperativeVomiting = m.flag("post_operative_vomiting"),
)

private fun gcsResponse(v: Any?): GcsResponse? = when (v) {
    null -> null
    "NT" -> GcsResponse.NotTestable
    is Double -> GcsResponse.Score(v.toInt())
    else -> throw IllegalArgumentException("GCS $v")
}

@Suppress("UNCHECKED_CAST")
private fun esiInput(m: Map<String, Any?>) = EsiInput(
    version = m.code<EsiVersion>("version"),
    ageYears = m.num("age_years"),
    ageMonths = m.num("age_months"),
    ageDays = m.num("age_days"),
    lifesavingIntervention = m.flag("lifesaving_intervention"),
    unresponsive = m.flag("unresponsive"),
    highRiskSituation = m.flag("high_risk_situation"),
    newConfusionLethargyDisorientation = m.flag("new_confusion_lethargy_disorientation"),
    severePainOrDistress = m.flag("severe_pain_or_distress"),
    painScore = m.num("pain_score"),
    resources = (m["resources"] as List<String>?)?.map { enumValueOf<EsiResource>(it.uppercase()) },
    heartRate = m.num("heart_rate"),
    respirationRate = m.num("respiration_rate"),
    spo2 = m.num("spo2"),
    temperature = m.num("temperature"),
    immunisationsIncomplete = m.flag("immunisations_incomplete"),
    obviousFeverSource = m.flag("obvious_fever_source"),
)

private fun mciInput(m: Map<String, Any?>) = MciInput(
    ageYears = m.num("age_years"),
    walking = m.flag("walking"),
    breathing = m.flag("breathing"),
    breathingAfterAirwayRepositioning = m.flag("breathing_after_airway_repositioning"),
    breathingAfterRescueBreaths = m.flag("breathing_after_rescue_breaths"),
    respirationRate = m.num("respiration_rate"),
    radialPulse = m.flag("radial_pulse"),
    capillaryRefillS = m.num("capillary_refill_s"),
    followsCommands = m.flag("follows_commands"),
    avpu = m.code<PaediatricAvpu>("avpu"),
)

private fun saltInput(m: Map<String, Any?>) = SaltInput(
    walks = m.flag("walks"),
    wavesOrPurposefulMovement = m.flag("waves_or_purposeful_movement"),
    breathing = m.flag("breathing"),
    obeysCommands = m.flag("obeys_commands"),
    peripheralPulse = m.flag("peripheral_pulse"),
    respiratoryDistress = m.flag("respiratory_distress"),
    majorHaemorrhageControlled = m.flag("major_haemorrhage_controlled"),
    minorInjuriesOnly = m.flag("minor_injuries_only"),
    likelyToSurvive = m.flag("likely_to_survive"),
)

@Suppress("UNCHECKED_CAST")
private fun dispatchCall(m: Map<String, Any?>) =
    DispatchCall(findings = (m["findings"] as List<String>?) ?: emptyList(), ageYears = m.num("age_years"))

// --- results in the vectors' JSON shape (enum codes lower-case, numbers as doubles)

private fun lc(e: Enum<*>?): String? = e?.name?.lowercase()

/** Parameter codes, asked of the library once (not once per vector). */
private val parameterCodes: Map<TriageParameter, String> by lazy {
    TriageParameter.entries.associateWith { triageParameterCode(it) }
}

private fun code(p: TriageParameter): String = parameterCodes.getValue(p)
private fun d(n: UByte?): Double? = n?.toDouble()
private fun d(n: UInt?): Double? = n?.toDouble()

private fun scoreJson(s: TriageScore): Map<String, Any?> = mapOf(
    "instrument" to lc(s.instrument),
    "total" to d(s.total),
    "max_possible" to d(s.maxPossible),
    "breakdown" to s.breakdown.map { p ->
        val line = linkedMapOf<String, Any?>(
            "parameter" to code(p.parameter),
            "value" to when (val v = p.value) {
                is TriageObserved.Number -> v.value
                is TriageObserved.Flag -> v.value
                is TriageObserved.Code -> v.value
            },
            "band" to p.band,
            "points" to d(p.points),
        )
        if (p.betweenRows) line["between_rows"] = true
        line
    },
    "partial" to s.partial,
    "missing" to s.missing.map { code(it) },
    "risk" to lc(s.risk),
    "interpretation" to s.interpretation,
    "clinical_response" to s.clinicalResponse,
    "citation" to s.citation,
)

private fun esiJson(r: EsiResult): Map<String, Any?> = mapOf(
    "version" to lc(r.version),
    "level" to d(r.level),
    "path" to r.path.map { mapOf("point" to it.point.name, "question" to it.question, "answer" to it.answer, "outcome" to it.outcome) },
    "resources_counted" to d(r.resourcesCounted),
    "resource_lines" to r.resourceLines.map { mapOf("resource" to lc(it.resource), "counted" to d(it.counted), "note" to it.note) },
    "danger_zone" to r.dangerZone,
    "up_triage" to r.upTriage?.let { mapOf("to_level" to d(it.toLevel), "reasons" to it.reasons) },
    "partial" to r.partial,
    "missing" to r.missing,
    "citation" to r.citation,
)

private fun mciJson(r: MciResult): Map<String, Any?> {
    val m = linkedMapOf<String, Any?>(
        "protocol" to lc(r.protocol),
        "category" to lc(r.category),
        "colour" to r.colour,
        "path" to r.path,
        "partial" to r.partial,
        "missing" to r.missing,
        "citation" to r.citation,
    )
    if (r.globalSort != null) m["global_sort"] = d(r.globalSort)
    return m
}

private fun dispatchJson(r: DispatchResult): Map<String, Any?> = mapOf(
    "level" to lc(r.level),
    "determinant" to r.determinant,
    "matched" to r.matched.map { mapOf("id" to it.id, "description" to it.description, "level" to lc(it.level)) },
    "plan" to mapOf(
        "arp_category" to lc(r.plan.arpCategory),
        "unit" to lc(r.plan.unit),
        "urgency" to lc(r.plan.urgency),
        "units" to d(r.plan.units),
        "description" to r.plan.description,
    ),
    "targets" to r.targets?.let { mapOf("mean_minutes" to d(it.meanMinutes), "p90_minutes" to d(it.p90Minutes)) },
    "routing" to mapOf(
        "dispatch" to r.routing.dispatch,
        "unit" to lc(r.routing.unit),
        "units" to d(r.routing.units),
        "urgency" to lc(r.routing.urgency),
        "priority" to d(r.routing.priority),
        "target_p90_minutes" to d(r.routing.targetP90Minutes),
    ),
    "citation" to r.citation,
)

/** `expected` is a subset of `got`: objects key by key, arrays element by element. */
private fun subset(expected: Any?, got: Any?, path: String): String? = when {
    expected is Map<*, *> && got is Map<*, *> ->
        expected.entries.firstNotNullOfOrNull { (k, v) -> subset(v, got[k], "$path.$k") }
    expected is List<*> && got is List<*> ->
        if (expected.size > got.size) "$path: expected ${expected.size} elements, got ${got.size}"
        else expected.indices.firstNotNullOfOrNull { subset(expected[it], got[it], "$path[$it]") }
    expected is Number && got is Number -> if (expected.toDouble() == got.toDouble()) null else "$path: expected $expected, got $got"
    expected == got -> null
    else -> "$path: expected $expected, got $got"
}

private fun outcomeError(e: MedcoreException.Triage) = mapOf("error" to mapOf("code" to e.code, "message" to e.detail))

// --- the vectors

@Suppress("UNCHECKED_CAST")
private fun inputs(c: Map<String, Any?>) = c["input"] as Map<String, Any?>

@Suppress("UNCHECKED_CAST")
private fun expected(c: Map<String, Any?>) = c["expected"] as Map<String, Any?>

@Suppress("UNCHECKED_CAST")
private fun checkPoints(id: String, s: TriageScore, points: Any?) {
    for ((name, p) in (points as Map<String, Any?>)) {
        val got = s.breakdown.firstOrNull { code(it.parameter) == name }?.points?.toDouble()
        check(got == p) { "$id $name: $got points, expected $p" }
    }
}

private fun scoreOf(id: String, o: TriageScoreOutcome): TriageScore? = when (o) {
    is TriageScoreOutcome.Ok -> o.result
    is TriageScoreOutcome.Failed -> { check(false) { "$id: ${o.code} ${o.message}" }; null }
}

@Suppress("UNCHECKED_CAST")
private fun news2Vectors(dir: File) {
    val file = Json.parse(File(dir, "triage_news2.json").readText()) as Map<String, Any?>
    val all = (file["cases"] as List<Map<String, Any?>>) + (file["between_rows"] as List<Map<String, Any?>>)
    check(all.size >= 20_000) { "only ${all.size} NEWS2 vectors" }
    val ins = all.map { news2Input(inputs(it)) }
    val scores = triageNews2Batch(ins)
    val summaries = triageNews2SummaryBatch(ins)
    check(scores.size == all.size && summaries.size == all.size) { "NEWS2 batch sizes" }
    for (i in all.indices) {
        val id = all[i]["id"] as String
        val exp = expected(all[i])
        val s = scoreOf(id, scores[i]) ?: continue
        check(s.total.toDouble() == exp["total"] && lc(s.risk) == exp["risk"] && !s.partial) { "$id: ${s.total} ${s.risk}" }
        checkPoints(id, s, exp["points"])
        val sum = (summaries[i] as? News2SummaryOutcome.Ok)?.result
        check(sum != null && sum.total.toUInt() == s.total && sum.risk == s.risk &&
            sum.points == s.breakdown.map { it.points }) { "$id: summary $sum" }
    }
    // Single calls agree with the batch.
    for (i in listOf(0, all.size / 2, all.size - 1)) {
        check(triageNews2(ins[i]) == (scores[i] as TriageScoreOutcome.Ok).result) { "NEWS2 single call ${all[i]["id"]}" }
    }
}

private fun qsofaVectors(dir: File) {
    val all = cases(dir, "triage_qsofa.json")
    val out = triageQsofaBatch(all.map {
        val m = inputs(it)
        QsofaInput(respirationRate = m.num("respiration_rate"), systolicBp = m.num("systolic_bp"),
            alteredMentation = m.flag("altered_mentation"), gcs = m.num("gcs"))
    })
    for ((c, o) in all.zip(out)) {
        val id = c["id"] as String
        val s = scoreOf(id, o) ?: continue
        check(s.total.toDouble() == expected(c)["total"] && lc(s.risk) == expected(c)["risk"]) { "$id: ${s.total} ${s.risk}" }
        checkPoints(id, s, expected(c)["points"])
    }
}

private fun sirsVectors(dir: File) {
    val all = cases(dir, "triage_sirs.json")
    val out = triageSirsBatch(all.map {
        val m = inputs(it)
        SirsInput(temperature = m.num("temperature"), heartRate = m.num("heart_rate"), respirationRate = m.num("respiration_rate"),
            paco2 = m.num("paco2"), whiteCellCount = m.num("white_cell_count"), bandNeutrophils = m.num("band_neutrophils"))
    })
    for ((c, o) in all.zip(out)) {
        val id = c["id"] as String
        val s = scoreOf(id, o) ?: continue
        val problem = subset(expected(c), scoreJson(s), id)
        check(problem == null) { problem!! }
        check(s.breakdown.sumOf { it.points.toInt() } == s.total.toInt()) { "$id: breakdown sum" }
    }
}

private fun gcsVectors(dir: File) {
    val all = cases(dir, "triage_gcs.json")
    val out = triageGcsBatch(all.map {
        val m = inputs(it)
        GcsInput(eye = gcsResponse(m["eye"]), verbal = gcsResponse(m["verbal"]), motor = gcsResponse(m["motor"]))
    })
    check(all.size >= 120) { "only ${all.size} GCS vectors" }
    for ((c, o) in all.zip(out)) {
        val id = c["id"] as String
        val s = scoreOf(id, o) ?: continue
        val problem = subset(expected(c), scoreJson(s), id)
        check(problem == null) { problem!! }
    }
}

private fun mciVectors(dir: File, file: String, protocol: String) {
    val all = cases(dir, file)
    val ins = all.map { mciInput(inputs(it)) }
    val batch = if (protocol == "jumpstart") triageMciBatch(ins) else null
    for ((i, c) in all.withIndex()) {
        val id = c["id"] as String
        val r = if (protocol == "start") triageStart(ins[i]) else triageMci(ins[i])
        val got = mciJson(r)
        check(got["protocol"] == protocol) { "$id: protocol ${got["protocol"]}" }
        check(got["category"] == expected(c)["category"] && got["missing"] == expected(c)["missing"]) {
            "$id: ${got["category"]} ${got["missing"]}, expected ${expected(c)}"
        }
        if (batch != null) {
            check((batch[i] as? MciOutcome.Ok)?.result == r) { "$id: batch differs" }
            check(triageJumpstart(ins[i]) == r) { "$id: jumpstart differs from the age switch" }
        }
    }
}

private fun handWrittenCases(dir: File) {
    val all = cases(dir, "triage_cases.json")
    check(all.size >= 25) { "only ${all.size} hand-written triage cases" }
    val rules = DispatchRules.example()
    val mewsBands = MewsBands.subbe2001()
    val ages = PewsAgeBands.apls()
    for (c in all) {
        val id = c["id"] as String
        val m = inputs(c)
        val got: Map<String, Any?> = try {
            when (c["instrument"]) {
                "news2" -> scoreJson(triageNews2(news2Input(m)))
                "mews" -> scoreJson(triageMews(mewsInput(m), mewsBands))
                "pews" -> scoreJson(triagePews(pewsInput(m), ages))
                "esi" -> esiJson(triageEsi(esiInput(m)))
                "salt" -> mciJson(triageSalt(saltInput(m)))
                "dispatch" -> dispatchJson(triageDispatch(rules, dispatchCall(m)))
                else -> { check(false) { "$id: unknown instrument ${c["instrument"]}" }; continue }
            }
        } catch (e: MedcoreException.Triage) {
            outcomeError(e)
        }
        val problem = subset(expected(c), got, id)
        check(problem == null) { "$problem\n  result: $got" }
    }
}

fun triageVectors(dir: File) {
    news2Vectors(dir)
    qsofaVectors(dir)
    sirsVectors(dir)
    gcsVectors(dir)
    mciVectors(dir, "triage_start.json", "start")
    mciVectors(dir, "triage_jumpstart.json", "jumpstart")
    handWrittenCases(dir)
}

fun triageApi() {
    // Defaults let a caller name only what was measured; missing is never scored as zero.
    val partial = triageNews2(News2Input(respirationRate = 26.0, consciousness = Acvpu.PAIN))
    check(partial.partial && partial.total == 6u && partial.risk == RiskBand.MEDIUM) { "partial NEWS2 $partial" }
    // Errors carry the stable code and name the field.
    try {
        triageNews2(News2Input(spo2 = 101.0))
        check(false) { "SpO2 101 accepted" }
    } catch (e: MedcoreException.Triage) {
        check(e.code == "TRIAGE_OUT_OF_RANGE" && e.detail.contains("spo2")) { "range error ${e.message}" }
    }
    // A batch keeps going past a bad input.
    val out = triageNews2Batch(listOf(News2Input(pulse = -1.0), News2Input(pulse = 140.0)))
    check(out[0] is TriageScoreOutcome.Failed && (out[0] as TriageScoreOutcome.Failed).code == "TRIAGE_OUT_OF_RANGE") { "batch error ${out[0]}" }
    check((out[1] as? TriageScoreOutcome.Ok)?.result?.total == 3u) { "batch pulse 140 ${out[1]}" }
    // Dispatch batch, rule table handles, and a bad table.
    val rules = DispatchRules.example()
    check(rules.name().isNotEmpty()) { "rule table name" }
    val calls = triageDispatchBatch(rules, listOf(DispatchCall(listOf("chest_pain"), 50.0), DispatchCall(listOf("dragon_bite"))))
    check(calls[0] == triageDispatch(rules, DispatchCall(listOf("chest_pain"), 50.0)).let { DispatchOutcome.Ok(it) }) { "dispatch batch ${calls[0]}" }
    check((calls[1] as? DispatchOutcome.Failed)?.code == "TRIAGE_UNKNOWN_CODE") { "dispatch unknown ${calls[1]}" }
    for (bad in listOf("{}", "not json")) {
        try {
            DispatchRules.fromJson(bad)
            check(false) { "rule table $bad accepted" }
        } catch (e: MedcoreException.Triage) {
            check(e.code == "TRIAGE_INVALID_TABLE") { "rule table error ${e.code}" }
        }
    }
    try {
        MewsBands.fromJson("{\"systolic_bp\": []}")
        check(false) { "a MEWS table without bands was accepted" }
    } catch (e: MedcoreException.Triage) {
        check(e.code == "TRIAGE_INVALID_TABLE") { "MEWS table error ${e.code}" }
    }
    // CTAS / Manchester: levels, overdue, and the example discriminator table.
    val ctas = triageEdLevels(EdScale.CTAS)
    check(ctas.size == 5 && ctas[0].level == 1.toUByte() && ctas[4].targetMinutes == 120u) { "CTAS levels $ctas" }
    check(triageEdOverdue(EdScale.MANCHESTER, 2u, 11.0) && !triageEdOverdue(EdScale.MANCHESTER, 2u, 9.0)) { "Manchester overdue" }
    try {
        triageEdOverdue(EdScale.CTAS, 6u, 1.0)
        check(false) { "CTAS level 6 accepted" }
    } catch (e: MedcoreException.Triage) {
        check(e.code.startsWith("TRIAGE_")) { "level 6 ${e.code}" }
    }
    val ed = EdTriage.example()
    val edOut = ed.triageBatch(listOf(EdTriageInput("no_such_presentation", emptyList())))
    check(edOut.size == 1 && edOut[0] is EdTriageOutcome.Failed) { "unknown presentation ${edOut[0]}" }
}
