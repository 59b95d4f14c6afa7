// PII protection through the Kotlin bindings: the shared vectors testdata/vectors/pii_*.json (the
// committed golden envelopes decrypt, single and batch; deterministic envelopes and blind indexes are
// reproduced exactly; tampered envelopes fail with their code; tokens, rekeying, normalization
// errors, masks, Safe Harbor de-identification), then keyring documents unwrapped by a Kotlin
// KMS callback, rotation and rewrap.
package org.medcore.tests

import org.medcore.MedcoreException
import org.medcore.PiiBytesOutcome
import org.medcore.PiiColumnContext
import org.medcore.PiiDeidAction
import org.medcore.PiiDeidPolicy
import org.medcore.PiiFieldContext
import org.medcore.PiiIdentifierKind
import org.medcore.PiiKeyState
import org.medcore.PiiKeyUnwrapper
import org.medcore.PiiKeyring
import org.medcore.PiiTextOutcome
import org.medcore.PiiTokenizer
import org.medcore.PiiType
import org.medcore.piiAgeCategory
import org.medcore.piiDeidentifyPid
import org.medcore.piiEnvelopeInfo
import org.medcore.piiKeyringDocumentFromJson
import org.medcore.piiKeyringDocumentToJson
import org.medcore.piiMask
import org.medcore.piiMaskBatch
import org.medcore.piiNormalize
import org.medcore.piiZip3
import java.io.File

@Suppress("UNCHECKED_CAST")
private fun field(v: Any?): PiiFieldContext {
    val m = v as Map<String, Any?>
    return PiiFieldContext(m["tenant"] as String, m["table"] as String, m["column"] as String, m["record_id"] as String)
}

@Suppress("UNCHECKED_CAST")
private fun column(v: Any?): PiiColumnContext {
    val m = v as Map<String, Any?>
    return PiiColumnContext(m["tenant"] as String, m["table"] as String, m["column"] as String)
}

private fun piiType(s: Any?): PiiType = PiiType.valueOf((s as String).uppercase())
private fun utf8(s: Any?): ByteArray = (s as String).toByteArray(Charsets.UTF_8)
private fun text(b: ByteArray): String = String(b, Charsets.UTF_8)
private fun hex(s: String): ByteArray = ByteArray(s.length / 2) { s.substring(2 * it, 2 * it + 2).toInt(16).toByte() }

@Suppress("UNCHECKED_CAST")
private fun envelopeVectors(dir: File) {
    val file = Json.parse(File(dir, "pii_envelopes.json").readText()) as Map<String, Any?>
    val ring = PiiKeyring.fromSpec(file["keyring_spec"] as String)
    val decrypt = file["decrypt"] as List<Map<String, Any?>>
    check(decrypt.size >= 6) { "only ${decrypt.size} envelope vectors" }
    for (c in decrypt) {
        val ctx = field(c["context"])
        val env = c["envelope"] as String
        check(text(ring.decryptText(ctx, env)) == c["plaintext"]) { "decrypt $env" }
        check(text(ring.decrypt(ctx, hex(c["envelope_hex"] as String))) == c["plaintext"]) { "decrypt binary $env" }
        check(piiEnvelopeInfo(utf8(env)).keyId == (c["key_id"] as Double).toUInt()) { "info $env" }
    }
    val batch = ring.decryptBatch(decrypt.map { field(it["context"]) }, decrypt.map { utf8(it["envelope"]) })
    for ((c, o) in decrypt.zip(batch)) {
        check(o is PiiBytesOutcome.Ok && text(o.value) == c["plaintext"]) { "decrypt batch ${c["envelope"]}: $o" }
    }
    for (c in file["deterministic"] as List<Map<String, Any?>>) {
        val col = column(c["column"])
        check(ring.encryptDeterministicText(col, utf8(c["plaintext"])) == c["envelope"]) { "deterministic ${c["plaintext"]}" }
        check(text(ring.decryptDeterministic(col, utf8(c["envelope"]))) == c["plaintext"]) { "deterministic decrypt" }
    }
    for (c in file["blind_index"] as List<Map<String, Any?>>) {
        val got = ring.blindIndexWith((c["key_id"] as Double).toUInt(), column(c["column"]), utf8(c["value"]))
        check(got == c["index"]) { "blind index ${c["key_id"]}: $got" }
        if ((c["key_id"] as Double).toUInt() == ring.primaryId()) {
            check(ring.blindIndex(column(c["column"]), utf8(c["value"])) == c["index"]) { "blind index primary" }
        }
    }
    val errors = file["errors"] as List<Map<String, Any?>>
    for (c in errors) {
        try {
            ring.decryptText(field(c["context"]), c["envelope"] as String)
            check(false) { "${c["name"]}: decrypted" }
        } catch (e: MedcoreException.Pii) {
            check(e.code == c["code"]) { "${c["name"]}: ${e.code}, expected ${c["code"]}" }
        }
    }
    val failed = ring.decryptBatch(errors.map { field(it["context"]) }, errors.map { utf8(it["envelope"]) })
    for ((c, o) in errors.zip(failed)) {
        check(o is PiiBytesOutcome.Failed && o.code == c["code"]) { "batch ${c["name"]}: $o" }
    }
}

@Suppress("UNCHECKED_CAST")
private fun tokenVectors(dir: File) {
    val file = Json.parse(File(dir, "pii_tokens.json").readText()) as Map<String, Any?>
    val v1 = PiiTokenizer.fromSpec(file["token_keys_v1"] as String)
    val v2 = PiiTokenizer.fromSpec(file["token_keys_v2"] as String)
    val all = file["cases"] as List<Map<String, Any?>>
    check(all.size >= 40) { "only ${all.size} token vectors" }
    for (c in all) {
        val type = piiType(c["type"])
        val tenant = c["tenant"] as String
        val value = c["value"] as String
        check(piiNormalize(type, value) == c["normalized"]) { "normalize $value" }
        check(v1.tokenize(type, tenant, value) == c["token_v1"]) { "token v1 $value" }
        check(v2.tokenize(type, tenant, value) == c["token_v2"]) { "token v2 $value" }
        check(v2.rekey(tenant, c["token_v1"] as String) == c["token_v2"]) { "rekey $value" }
        check(v2.verify(type, tenant, value, c["token_v1"] as String)) { "verify $value" }
    }
    val first = all.filter { it["type"] == all[0]["type"] && it["tenant"] == all[0]["tenant"] }
    val toks = v1.tokenizeBatch(piiType(all[0]["type"]), all[0]["tenant"] as String, first.map { it["value"] as String })
    check(toks == first.map { PiiTextOutcome.Ok(it["token_v1"] as String) }) { "tokenize batch" }
    for (c in file["normalize_errors"] as List<Map<String, Any?>>) {
        try {
            piiNormalize(piiType(c["type"]), c["value"] as String)
            check(false) { "normalized ${c["value"]}" }
        } catch (e: MedcoreException.Pii) {
            check(e.code == c["code"]) { "normalize ${c["value"]}: ${e.code}" }
        }
        val o = v1.tokenizeBatch(piiType(c["type"]), "t", listOf(c["value"] as String)).single()
        check(o is PiiTextOutcome.Failed && o.code == c["code"]) { "tokenize batch ${c["value"]}: $o" }
    }
}

@Suppress("UNCHECKED_CAST")
private fun maskAndDeidVectors(dir: File) {
    val masks = cases(dir, "pii_mask.json")
    for (c in masks) {
        check(piiMask(piiType(c["type"]), c["value"] as String) == c["masked"]) { "mask ${c["value"]}" }
    }
    val ssn = masks.filter { it["type"] == "ssn" }
    check(piiMaskBatch(PiiType.SSN, ssn.map { it["value"] as String }) == ssn.map { it["masked"] }) { "mask batch" }
    val file = Json.parse(File(dir, "pii_deid.json").readText()) as Map<String, Any?>
    val policy = PiiDeidPolicy(asOf = file["as_of"] as String)
    for (c in file["pid"] as List<Map<String, Any?>>) {
        val error = c["error"] as String?
        val r = try {
            piiDeidentifyPid(c["segment"] as String, policy)
        } catch (e: MedcoreException.Pii) {
            check(e.code == error) { "${c["name"]}: ${e.code}, expected $error" }
            continue
        }
        check(error == null) { "${c["name"]}: de-identified, expected $error" }
        check(r.segment == c["expected"]) { "${c["name"]}: ${r.segment}" }
        check(r.age == c["age"]) { "${c["name"]}: age ${r.age}" }
        check(r.changes.map { it.field } == strings(c["changed"])) { "${c["name"]}: changed ${r.changes}" }
    }
    for (c in file["zip3"] as List<Map<String, Any?>>) {
        check(piiZip3(c["zip"] as String) == c["expected"]) { "zip3 ${c["zip"]}" }
    }
    for (c in file["age"] as List<Map<String, Any?>>) {
        check(piiAgeCategory((c["age"] as Double).toUInt()) == c["expected"]) { "age ${c["age"]}" }
    }
}

fun piiVectors(dir: File) {
    envelopeVectors(dir)
    tokenVectors(dir)
    maskAndDeidVectors(dir)
}

fun piiApi() {
    val ctx = PiiFieldContext("st-mary", "patients", "ssn", "10042")
    val ring = PiiKeyring.generate()
    val env = ring.encryptText(ctx, utf8("123-45-6789"))
    check(env.startsWith("mc1:") && text(ring.decryptText(ctx, env)) == "123-45-6789") { "round trip" }
    try {
        ring.decryptText(ctx.copy(recordId = "10043"), env)
        check(false) { "moved ciphertext decrypted" }
    } catch (e: MedcoreException.Pii) {
        check(e.code == "PII_AUTH_FAILED") { "moved ${e.code}" }
    }
    // Rotation and rewrap.
    val old = ring.primaryId()!!
    val next = ring.rotate()
    check(next != old && ring.status().any { it.id == old && it.state == PiiKeyState.DECRYPT_ONLY }) { "rotate ${ring.status()}" }
    val rewrapped = text(ring.rewrap(ctx, utf8(env)))
    check(piiEnvelopeInfo(utf8(rewrapped)).keyId == next && text(ring.decryptText(ctx, rewrapped)) == "123-45-6789") { "rewrap" }
    val rb = ring.rewrapBatch(listOf(ctx, ctx), listOf(utf8(env), utf8("mc1:AQ")))
    check(rb[0] is PiiBytesOutcome.Ok && rb[1] is PiiBytesOutcome.Failed) { "rewrap batch $rb" }
    ring.setMinDecryptionVersion(next)
    try {
        ring.decryptText(ctx, env)
        check(false) { "an envelope below the minimum version decrypted" }
    } catch (e: MedcoreException.Pii) {
        check(e.code.startsWith("PII_")) { "min version ${e.code}" }
    }
    // Batch encryption.
    val ctxs = listOf(ctx, ctx.copy(recordId = "10043"))
    val envs = ring.encryptBatch(ctxs, listOf(utf8("a"), utf8("b")))
    check(ring.decryptBatch(ctxs, envs).map { (it as PiiBytesOutcome.Ok).value.let(::text) } == listOf("a", "b")) { "encrypt batch" }
    val col = PiiColumnContext("st-mary", "patients", "ssn")
    val colEnvs = ring.encryptColumn(col, listOf("10042", "10043"), listOf(utf8("a"), utf8("b")))
    check(text(ring.decryptText(ctx, colEnvs[0])) == "a") { "encrypt column" }

    // A keyring document wrapped by a local KEK; a host unwrap callback that throws fails the load.
    val kek = ByteArray(32) { it.toByte() }
    val doc = ring.toDocument("local-kek", kek)
    val json = piiKeyringDocumentToJson(doc)
    check(piiKeyringDocumentFromJson(json) == doc && doc.keys.size == 2) { "document json" }
    val loaded = PiiKeyring.fromDocument(doc, kek)
    check(text(loaded.decryptText(ctx.copy(recordId = "10043"), colEnvs[1])) == "b" && loaded.status() == ring.status()) { "from document" }
    var calls = 0
    val failing = object : PiiKeyUnwrapper {
        override fun unwrapKey(kekId: String, keyId: UInt, wrapped: ByteArray): ByteArray {
            calls++
            check(kekId == "local-kek") { "kek id $kekId" }
            throw IllegalStateException("KMS unavailable")
        }
    }
    try {
        PiiKeyring.fromDocumentWith(doc, failing)
        check(false) { "a failing unwrapper loaded keys" }
    } catch (e: MedcoreException.Pii) {
        check(calls >= 1 && e.detail.contains("KMS unavailable")) { "unwrap failure ${e.code}: ${e.detail}" }
    }
    // A callback that returns the raw root keys (as a KMS would after decrypting).
    val raw = ByteArray(32) { (it * 7).toByte() }
    val rawRing = PiiKeyring.fromRawKey(raw)
    val rawEnv = rawRing.encryptText(ctx, utf8("secret"))
    val wrappedDoc = rawRing.toDocument("kms-key", kek)
    val viaKms = PiiKeyring.fromDocumentWith(
        wrappedDoc,
        object : PiiKeyUnwrapper {
            override fun unwrapKey(kekId: String, keyId: UInt, wrapped: ByteArray): ByteArray = raw
        },
    )
    check(text(viaKms.decryptText(ctx, rawEnv)) == "secret") { "host unwrap" }
    try {
        PiiKeyring.fromRawKey(ByteArray(5))
        check(false) { "a short key was accepted" }
    } catch (e: MedcoreException.Pii) {
        check(e.code.startsWith("PII_")) { "short key ${e.code}" }
    }

    // De-identification with a tokenizer override.
    val tok = PiiTokenizer.generate()
    val pid = "PID|1||MRN12345^^^HOSP^MR||DOE^JANE||19870304|F"
    val r = piiDeidentifyPid(
        pid,
        PiiDeidPolicy("2026-01-15", mapOf(PiiIdentifierKind.MEDICAL_RECORD_NUMBERS to PiiDeidAction.TOKENIZE), "st-mary"),
        tok,
    )
    check(r.segment.contains("mct1:mrn:") && r.changes.any { it.field == "PID-3" && it.action == "tokenize" }) { "tokenized PID ${r.segment}" }
}
