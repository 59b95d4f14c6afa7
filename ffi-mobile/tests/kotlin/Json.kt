// A minimal JSON reader for the shared conformance vectors (no JSON library is available to the
// JVM tests): objects become Map<String, Any?>, arrays List<Any?>, numbers Double (or, with
// `exactNumbers`, java.math.BigDecimal keeping the written digits, for documents passed on to
// medcore unchanged, e.g. FHIR decimals such as `1.0`).
package org.medcore.tests

class Json private constructor(private val s: String, private val exact: Boolean) {
    private var i = 0

    companion object {
        fun parse(text: String, exactNumbers: Boolean = false): Any? {
            val p = Json(text, exactNumbers)
            val v = p.value()
            p.ws()
            require(p.i == p.s.length) { "trailing text at ${p.i}" }
            return v
        }
    }

    private fun ws() {
        while (i < s.length && s[i].isWhitespace()) i++
    }

    private fun value(): Any? {
        ws()
        require(i < s.length) { "unexpected end of JSON" }
        return when (s[i]) {
            '{' -> obj()
            '[' -> arr()
            '"' -> str()
            't' -> lit("true", true)
            'f' -> lit("false", false)
            'n' -> lit("null", null)
            else -> num()
        }
    }

    private fun lit(word: String, v: Any?): Any? {
        require(s.startsWith(word, i)) { "bad literal at $i" }
        i += word.length
        return v
    }

    private fun num(): Any {
        val start = i
        while (i < s.length && (s[i].isDigit() || s[i] in "+-.eE")) i++
        val text = s.substring(start, i)
        return if (exact) java.math.BigDecimal(text) else text.toDouble()
    }

    private fun obj(): Map<String, Any?> {
        val m = LinkedHashMap<String, Any?>()
        i++
        ws()
        if (s[i] == '}') { i++; return m }
        while (true) {
            ws()
            val k = str()
            ws()
            require(s[i] == ':') { "expected ':' at $i" }
            i++
            m[k] = value()
            ws()
            if (s[i] == ',') { i++; continue }
            require(s[i] == '}') { "expected '}' at $i" }
            i++
            return m
        }
    }

    private fun arr(): List<Any?> {
        val l = ArrayList<Any?>()
        i++
        ws()
        if (s[i] == ']') { i++; return l }
        while (true) {
            l.add(value())
            ws()
            if (s[i] == ',') { i++; continue }
            require(s[i] == ']') { "expected ']' at $i" }
            i++
            return l
        }
    }

    private fun str(): String {
        require(s[i] == '"') { "expected a string at $i" }
        i++
        val b = StringBuilder()
        while (s[i] != '"') {
            val c = s[i++]
            if (c != '\\') { b.append(c); continue }
            when (val e = s[i++]) {
                '"', '\\', '/' -> b.append(e)
                'b' -> b.append('\b')
                'f' -> b.append('\u000C')
                'n' -> b.append('\n')
                'r' -> b.append('\r')
                't' -> b.append('\t')
                'u' -> { b.append(s.substring(i, i + 4).toInt(16).toChar()); i += 4 }
                else -> throw IllegalArgumentException("bad escape \\$e at $i")
            }
        }
        i++
        return b.toString()
    }
}

/** Writes a parsed JSON value back as JSON text (whole numbers without a fraction). */
fun jsonText(v: Any?): String = when (v) {
    null -> "null"
    is Boolean -> v.toString()
    is Double -> if (v == Math.floor(v) && !v.isInfinite() && Math.abs(v) < 1e15) v.toLong().toString() else v.toString()
    is Number -> v.toString()
    is String -> buildString {
        append('"')
        for (c in v) {
            when {
                c == '"' -> append("\\\"")
                c == '\\' -> append("\\\\")
                c < ' ' -> append("\\u%04x".format(c.code))
                else -> append(c)
            }
        }
        append('"')
    }
    is Map<*, *> -> v.entries.joinToString(",", "{", "}") { (k, x) -> jsonText(k as String) + ":" + jsonText(x) }
    is List<*> -> v.joinToString(",", "[", "]") { jsonText(it) }
    else -> throw IllegalArgumentException("not a JSON value: $v")
}
