'use strict'
// HL7 v2 parsing from Node: medcore (napi-rs binding) against npm HL7 v2 parsers, same run,
// same input: the typical ADT^A01 (testdata/hl7/microsoft-FHIR-Converter/hl7v2/ADT-A01-01.hl7,
// CR terminators). One message per call, and a batch of 1,000 (medcore: one parseMany call;
// the peers have no batch API, so a loop). The measured work is: parse, then read PID-5.1
// (hl7parser parses lazily, on first access, so a parse alone would measure nothing). medcore's
// parse checks the whole message (the same errors and warnings as the full parse) and returns a
// JS object holding the text and its segment index; a read hands one segment to the core.
// hl7-parser (0.2.1) is installed but left out: it misreads MSH-2 (see its output for MSH).
//
//   (cd ffi-node && npm run build:release)
//   (cd benches/node && npm install && node bench_hl7.js [seconds-per-case])
const fs = require('node:fs')
const path = require('node:path')
const { setImmediate: tick } = require('node:timers/promises')
const medcore = require('../../ffi-node')

const SECONDS = Number(process.argv[2] ?? 1.5)
const file = path.join(__dirname, '../../testdata/hl7/microsoft-FHIR-Converter/hl7v2/ADT-A01-01.hl7')
const text = fs.readFileSync(file, 'utf8').replace(/\r?\n/g, '\r').trim()
const buf = Buffer.from(text)
const BATCH = 1000
const texts = Array(BATCH).fill(text)
const bufs = Array(BATCH).fill(buf)

const peers = {
  'hl7-standard': () => {
    const HL7 = require('hl7-standard')
    return { parse: (s) => { const h = new HL7(s); h.transform(); return h }, family: (h) => h.get('PID.5.1') }
  },
  'simple-hl7': () => {
    const p = new (require('simple-hl7').Parser)()
    return { parse: (s) => p.parse(s), family: (m) => m.getSegment('PID').getField(5).toString().split('^')[0].split('&')[0] }
  },
  hl7parser: () => {
    const h = require('hl7parser')
    return { parse: (s) => h.create(s), family: (m) => m.get('PID.5.1').toString().split('&')[0] }
  },
}

// Runs `fn` for SECONDS after a warm-up of a third of that (long enough for V8 to optimize the
// JS parsers), and gives messages per second of wall clock and CPU microseconds per message
// (process CPU time, GC threads included: steadier than wall clock on a shared machine).
// The loop returns to the event loop after every TURN messages, as a service does between
// requests: Node runs the finalizers of native objects (medcore's messages) only there, so a
// loop that never yields measures memory growth instead of parsing (for every contestant alike).
const TURN = 1000
async function rate(fn, perCall) {
  const until = async (ns) => {
    let n = 0
    const start = process.hrtime.bigint()
    const end = start + ns
    let now = start
    while (now < end) {
      for (let i = 0; i < TURN; i += perCall) {
        fn()
        n++
      }
      await tick()
      now = process.hrtime.bigint()
    }
    return [n, now - start]
  }
  await until(BigInt(Math.round((SECONDS / 3) * 1e9)))
  const cpu = process.cpuUsage()
  const [n, ns] = await until(BigInt(Math.round(SECONDS * 1e9)))
  const used = process.cpuUsage(cpu)
  return { perSec: (n * perCall) / (Number(ns) / 1e9), cpuUs: (used.user + used.system) / (n * perCall) }
}

const results = []
function record(name, single, batch) {
  results.push({ name, single, batch })
  const f = (r) => `${r.perSec.toFixed(0).padStart(8)} msg/s ${r.cpuUs.toFixed(1).padStart(7)} us CPU`
  console.log(`${name.padEnd(18)} single ${f(single)}   batch ${f(batch)}`)
}

;(async () => {
  if (medcore.parse(text).get('PID-5-1') !== 'EVERYMAN') throw new Error('medcore result check failed')
  const family = (m) => m.get('PID-5-1')
  record(
    'medcore (string)',
    await rate(() => family(medcore.parse(text)), 1),
    await rate(() => medcore.parseMany(texts).forEach(family), BATCH),
  )
  record(
    'medcore (Buffer)',
    await rate(() => family(medcore.parse(buf)), 1),
    await rate(() => medcore.parseMany(bufs).forEach(family), BATCH),
  )

  for (const [name, load] of Object.entries(peers)) {
    let p
    try {
      p = load()
    } catch (e) {
      console.log(`${name}: not installed (${e.message.split('\n')[0]})`)
      continue
    }
    const family = p.family(p.parse(text))
    if (family !== 'EVERYMAN') throw new Error(`${name} result check failed: ${family}`)
    record(
      name,
      await rate(() => p.family(p.parse(text)), 1),
      await rate(() => {
        for (let i = 0; i < BATCH; i++) p.family(p.parse(texts[i]))
      }, BATCH),
    )
  }

  const peerResults = results.filter((r) => !r.name.startsWith('medcore'))
  const best = peerResults.reduce((a, b) => (b.single.perSec > a.single.perSec ? b : a))
  console.log(`fastest npm parser: ${best.name}`)
  for (const ours of results.filter((r) => r.name.startsWith('medcore'))) {
    const x = (a, b) => `${(a.perSec / b.perSec).toFixed(2)}x (CPU ${(b.cpuUs / a.cpuUs).toFixed(2)}x)`
    console.log(`${ours.name} / ${best.name}: single ${x(ours.single, best.single)}, batch ${x(ours.batch, best.batch)}`)
  }
})()
