'use strict'
// `Message` as index.js implements it: an ASCII message is read through its segment index (no
// native object), everything else through the native message. Both must give the same answers.
const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const medcore = require('..')
const binding = require('../binding.js')
const { ROOT } = require('./helpers')

function hl7Files(dir, out = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name)
    if (e.isDirectory()) hl7Files(p, out)
    else if (fs.statSync(p).size < 65536) out.push(p)
  }
  return out
}

// Every path down to subcomponents in the native message's JSON form, plus one past the last
// field, repetition, component and subcomponent.
function paths(json) {
  const out = []
  const seen = {}
  const count = (v) => (Array.isArray(v) ? v.length : 1)
  for (const seg of json.segments) {
    const occ = (seen[seg.id] = (seen[seg.id] ?? 0) + 1)
    const at = `${seg.id}(${occ})`
    seg.fields.forEach((field, f) => {
      const reps = Array.isArray(field) && field.length > 1 && seg.id !== 'MSH' ? field : [field]
      out.push(`${at}-${f + 1}`, `${at}-${f + 1}(${reps.length + 1})`)
      reps.forEach((rep, r) => {
        const comps = Array.isArray(rep) ? rep : [rep]
        for (let c = 1; c <= count(comps) + 1; c++) {
          const subs = Array.isArray(comps[c - 1]) ? comps[c - 1] : [comps[c - 1]]
          for (let s = 1; s <= subs.length + 1; s++) out.push(`${at}-${f + 1}(${r + 1})-${c}-${s}`)
        }
      })
    })
    out.push(`${at}-${seg.fields.length + 1}`)
  }
  return out
}

test('the indexed and the native message agree on every corpus file, value and error', () => {
  const files = hl7Files(path.join(ROOT, 'testdata', 'hl7'))
  assert.ok(files.length > 500, `corpus not found: ${files.length} files`)
  let compared = 0
  let indexed = 0
  for (const file of files) {
    const bytes = fs.readFileSync(file)
    for (const input of [bytes, bytes.toString('latin1')]) {
      let ours, theirs
      try {
        theirs = binding.parse(input)
      } catch (e) {
        assert.throws(() => medcore.parse(input), (err) => err.code === e.code && err.message === e.message, file)
        continue
      }
      ours = medcore.parse(input)
      assert.ok(ours instanceof medcore.Message, file)
      assert.equal(ours.text, theirs.text, file)
      assert.deepEqual(ours.warnings, theirs.warnings, file)
      if (/^[\x00-\x7f]*$/.test(theirs.text)) indexed++
      for (const p of paths(theirs.toJSON())) {
        assert.equal(ours.get(p), theirs.get(p), `${file} ${p}`)
        compared++
      }
    }
  }
  assert.ok(indexed > 200, `only ${indexed} inputs took the index`)
  assert.ok(compared > 100000, `only ${compared} values compared`)
})

const ADT = fs.readFileSync(path.join(ROOT, 'testdata/hl7/microsoft-FHIR-Converter/hl7v2/ADT-A01-01.hl7'))

test('a message parsed from a Buffer keeps its own copy', () => {
  const buf = Buffer.from(ADT)
  const msg = medcore.parse(buf)
  const family = msg.get('PID-5-1')
  buf.fill(0x58)
  assert.equal(msg.get('PID-5-1'), family)
  assert.equal(msg.text, ADT.toString('latin1'))
})

test('non-ASCII text is read by the native message, with the same API', () => {
  const text = 'MSH|^~\\&|A|B|||||ADT^A01|1|P|2.5|||||UNICODE UTF-8\rPID|1||7||Müller^Łucja\r'
  for (const input of [text, Buffer.from(text)]) {
    const msg = medcore.parse(input)
    assert.ok(msg instanceof medcore.Message)
    assert.equal(msg.get('PID-5-1'), 'Müller')
    assert.equal(msg.get('PID-5-2'), 'Łucja')
    assert.equal(msg.charset, 'UNICODE UTF-8')
    assert.ok(msg.equals(medcore.parse(text)))
  }
})

test('a character above U+00FF never reads as its low byte', () => {
  // U+010D's low byte is CR: read one byte per character, "PID|fake" would become a segment.
  const text = 'MSH|^~\\&|A|B|||||ADT^A01|1|P|2.5\rPID|1||7||Real\rNTE|1||x\u010dPID|fake\r'
  const msg = medcore.parse(text)
  assert.equal(msg.get('PID(2)-1'), null)
  assert.equal(msg.get('NTE-3'), 'x\u010dPID')
  assert.equal(msg.get('PID-5'), 'Real')
  assert.equal(msg.segments.length, 3)
})

test('messages from every source are Message objects and interoperate', () => {
  const fast = medcore.parse(ADT)
  const built = medcore.MessageBuilder.fromMessage(fast).build()
  assert.ok(built instanceof medcore.Message)
  assert.ok(built.equals(fast) === (built.text === fast.text))
  assert.equal(built.get('PID-5-1'), fast.get('PID-5-1'))
  assert.equal(fast.toBuilder().get('PID-5-1'), 'EVERYMAN')
  const batch = medcore.parseBatch(`${ADT.toString('latin1').trim()}\r${ADT.toString('latin1').trim()}\r`)
  assert.ok(batch.messages.every((m) => m instanceof medcore.Message))
  assert.equal(batch.messages[1].get('PID-5-1'), 'EVERYMAN')
  assert.throws(() => new medcore.Message(), TypeError)
  assert.equal(JSON.stringify(fast), JSON.stringify(binding.parse(ADT)))
  assert.equal(String(fast), fast.text)
  for (const internal of ['_hl7Index', '_hl7SegmentValue', '_hl7PathParts']) {
    assert.equal(medcore[internal], undefined, internal)
  }
})

test('parseMany names the failing item, as the native call does', () => {
  const good = ADT.toString('latin1')
  assert.throws(
    () => medcore.parseMany([good, good, 'PID|1']),
    (e) => e.code === 'HL7_PARSE_NO_MSH' && e.message.startsWith('item 2: '),
  )
  const many = medcore.parseMany([good, ADT])
  assert.equal(many.length, 2)
  assert.ok(many.every((m) => m instanceof medcore.Message && m.get('PID-5-1') === 'EVERYMAN'))
})

test('a large message grows the scratch space and still reads', () => {
  const obx = Array.from({ length: 3000 }, (_, i) => `OBX|${i + 1}|ST|x||${'v'.repeat(40)}${i}`).join('\r')
  const text = `MSH|^~\\&|A|B|||||ORU^R01|1|P|2.5\r${obx}\r`
  const msg = medcore.parse(text)
  assert.equal(msg.segmentCount, 3001)
  assert.equal(msg.get('OBX(3000)-5'), `${'v'.repeat(40)}2999`)
  assert.equal(medcore.parse(Buffer.from(text)).get('OBX(2999)-1'), '2999')
})
