// A small JVM program on medcore's Kotlin bindings: reads an HL7 v2 file, parses it, validates
// it with the lenient profile and prints the message type, segments, every leniency applied,
// every validation issue and the ACK code. Exit code 0 when the message is valid, 1 when it does
// not parse or has validation errors. Run by scripts/test-kotlin.sh; see ffi-mobile/README.md to build it.
package org.medcore.examples

import org.medcore.Hl7Validator
import org.medcore.MedcoreException
import org.medcore.hl7AckCodeForReport
import org.medcore.hl7Parse
import java.io.File
import kotlin.system.exitProcess

fun main(args: Array<String>) {
    if (args.size != 1) {
        System.err.println("usage: Validate MESSAGE.hl7")
        exitProcess(2)
    }
    val bytes = File(args[0]).readBytes()
    try {
        hl7Parse(bytes).use { msg ->
            val t = msg.messageType()
            println("${args[0]}: ${t.code}^${t.trigger} (${t.structure}), control id ${msg.controlId()}, HL7 ${msg.version()}")
            println("segments: ${msg.segmentIds().joinToString(" ")}")
            println("patient (PID-5): ${msg.get("PID-5-1")}, ${msg.get("PID-5-2")}")
            for (w in msg.warnings()) println("warning line ${w.line}: ${w.message} (${w.code})")
            val report = Hl7Validator.lenient().validate(msg)
            for (i in report.issues) println("${i.severity} ${i.code} ${i.path} (line ${i.line}): ${i.message}")
            println("validated against HL7 ${report.definitions}, structure ${report.structure}: ACK ${hl7AckCodeForReport(report)}")
            if (report.hasErrors) {
                println("${args[0]}: INVALID (${report.issues.count { it.severity == org.medcore.Hl7Severity.ERROR }} errors)")
                exitProcess(1)
            }
            println("${args[0]}: OK")
        }
    } catch (e: MedcoreException) {
        println("${args[0]}: INVALID ${e.message}")
        exitProcess(1)
    }
}
