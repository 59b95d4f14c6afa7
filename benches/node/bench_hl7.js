'use strict'
// HL7 v2 parsing from Node: medcore (napi-rs binding) against npm HL7 v2 parsers, same run,
// same input: the typical ADT^A01 (testdata/hl7/microsoft-FHIR-Converter/hl7v2/ADT-A01-01.hl7,
// CR terminators). One message per call, and a batch of 1,000 (medcore: one parseMany call;
// the peers have no batch API, so a loop), from a string and from a Buffer (the peers take strings
// only, so from a Buffer they decode it first, as their users must). The measured work is: parse, then read PID-5.1
// (hl7parser parses lazily, on first access, so a parse alone would measure nothing). medcore's
// parse checks the whole message (the same errors and warnings as the full parse) and returns a
// JS object holding the text and its segment index; a read hands one segment to the core.
// hl7-parser (0.2.1) is installed but left out: it misreads MSH-2 (see its output for MSH).
//
//   (cd ffi-node && npm run build:release)
//   (cd benches/node && npm install && node bench_hl7.js [seconds-per-case] [rounds])
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
async function rate(fn, perCall, seconds = SECONDS) {
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
  await until(BigInt(Math.round((seconds / 3) * 1e9)))
  const cpu = process.cpuUsage()
  const [n, ns] = await until(BigInt(Math.round(seconds * 1e9)))
  const used = process.cpuUsage(cpu)
  return { perSec: (n * perCall) / (Number(ns) / 1e9), cpuUs: (used.user + used.system) / (n * perCall) }
}

// The machine this runs on is shared, so its speed drifts over seconds. The contestants close to
// medcore (the fast ones) are therefore timed in ROUNDS interleaved rounds, and each reports its
// median round; ratios are medians of the per-round ratios (both sides timed seconds apart).
const ROUNDS = Number(process.argv[3] ?? 5)
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

const cases = [] // { name, input, single(), batch() }
cases.push(
  { name: 'medcore (string)', input: 'string', single: () => family(medcore.parse(text)), batch: () => medcore.parseMany(texts).forEach(family) },
  { name: 'medcore (Buffer)', input: 'Buffer', single: () => family(medcore.parse(buf)), batch: () => medcore.parseMany(bufs).forEach(family) },
)
function family(m) {
  return m.get('PID-5-1')
}

;(async () => {
  if (medcore.parse(text).get('PID-5-1') !== 'EVERYMAN') throw new Error('medcore result check failed')
  for (const [name, load] of Object.entries(peers)) {
    let p
    try {
      p = load()
    } catch (e) {
      console.log(`${name}: not installed (${e.message.split('\n')[0]})`)
      continue
    }
    const got = p.family(p.parse(text))
    if (got !== 'EVERYMAN') throw new Error(`${name} result check failed: ${got}`)
    const single = () => p.family(p.parse(text))
    const batch = () => {
      for (let i = 0; i < BATCH; i++) p.family(p.parse(texts[i]))
    }
    // One short probe tells a slow parser (timed once) from a fast one (timed in rounds).
    if ((await rate(single, 1, 0.2)).perSec < 10000) {
      report(name, await rate(single, 1), await rate(batch, BATCH))
      continue
    }
    cases.push({ name, input: 'string', peer: true, single, batch })
    // The peers take strings only: from a Buffer they pay its decoding, as their users must.
    cases.push({
      name: `${name} (Buffer)`,
      input: 'Buffer',
      peer: true,
      single: () => p.family(p.parse(buf.toString())),
      batch: () => {
        for (let i = 0; i < BATCH; i++) p.family(p.parse(bufs[i].toString()))
      },
    })
  }

  const rounds = cases.map(() => [])
  for (let r = 0; r < ROUNDS; r++) {
    for (const [i, c] of cases.entries()) rounds[i].push({ single: await rate(c.single, 1), batch: await rate(c.batch, BATCH) })
  }
  const mid = (rs, kind) => ({ perSec: median(rs.map((x) => x[kind].perSec)), cpuUs: median(rs.map((x) => x[kind].cpuUs)) })
  for (const [i, c] of cases.entries()) report(`${c.name} (median of ${ROUNDS})`, mid(rounds[i], 'single'), mid(rounds[i], 'batch'))

  for (const input of ['string', 'Buffer']) {
    const ours = cases.findIndex((c) => !c.peer && c.input === input)
    const peerIdx = cases.map((c, i) => i).filter((i) => cases[i].peer && cases[i].input === input)
    if (peerIdx.length === 0) continue
    const best = peerIdx.reduce((a, b) => (mid(rounds[b], 'single').perSec > mid(rounds[a], 'single').perSec ? b : a))
    const ratio = (kind) => {
      const xs = rounds[ours].map((x, r) => x[kind].perSec / rounds[best][r][kind].perSec)
      return `${median(xs).toFixed(2)}x (rounds ${Math.min(...xs).toFixed(2)}-${Math.max(...xs).toFixed(2)})`
    }
    console.log(`${cases[ours].name} / ${cases[best].name}: single ${ratio('single')}, batch ${ratio('batch')}`)
  }
})()

function report(name, single, batch) {
  const f = (r) => `${r.perSec.toFixed(0).padStart(8)} msg/s ${r.cpuUs.toFixed(1).padStart(7)} us CPU`
  console.log(`${name.padEnd(34)} single ${f(single)}   batch ${f(batch)}`)
}
