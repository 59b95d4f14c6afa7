'use strict'
// The shared conformance vectors (testdata/vectors/hl7_*.json), run exactly as the Rust and
// Python tests run them.
const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const hl7 = require('..')
const { ROOT, loadVectors } = require('./helpers')

const PARSE = loadVectors('hl7_parse.json').cases
const CHARSET = loadVectors('hl7_charset.json').cases
const ESCAPE = loadVectors('hl7_escape.json').cases
const CORPUS = loadVectors('hl7_corpus.json')

test('vector files are not empty', () => {
  assert.ok(PARSE.length >= 15 && CHARSET.length >= 3 && ESCAPE.length >= 15 && CORPUS.length >= 169)
})

for (const c of PARSE) {
  test(`parse vector: ${c.name}`, () => {
    if (c.error !== null) {
      assert.throws(() => hl7.parse(Buffer.from(c.message, 'utf8')), (e) => e instanceof Error && e.code === c.error)
      return
    }
    for (const data of [c.message, Buffer.from(c.message, 'utf8')]) {
      const msg = hl7.parse(data)
      assert.deepEqual(msg.segments.map((s) => s.id), c.segments)
      for (const [p, expected] of Object.entries(c.get)) {
        assert.equal(msg.get(p), expected, p)
      }
      assert.deepEqual(msg.warnings.map((w) => w.code), c.warning_codes)
    }
  })
}

for (const c of CHARSET) {
  test(`charset vector: ${c.name}`, () => {
    const msg = hl7.parse(Buffer.from(c.hex, 'hex'))
    assert.equal(msg.charset, c.charset)
    for (const [p, expected] of Object.entries(c.get)) {
      assert.equal(msg.get(p), expected, p)
    }
    assert.deepEqual(msg.warnings.map((w) => w.code), c.warning_codes ?? [])
  })
}

test('escape vectors', () => {
  for (const c of ESCAPE) {
    const d = { field: '|', component: '^', repetition: '~', escape: '\\', subcomponent: '&', truncation: c.truncation }
    const { text, unknown } = hl7.unescapeChecked(c.raw, d)
    assert.equal(text, c.decoded, c.raw)
    assert.deepEqual(unknown.map((u) => u.sequence), c.unknown ?? [], c.raw)
    assert.equal(hl7.unescape(c.raw, d), c.decoded)
    const encoded = hl7.escape(c.decoded, d)
    assert.equal(encoded, c.encoded, c.raw)
    assert.equal(hl7.unescape(encoded, d), c.decoded)
  }
})

test('corpus vectors', () => {
  let checked = 0
  for (const entry of CORPUS) {
    const data = fs.readFileSync(path.join(ROOT, entry.file))
    const batch = hl7.parseBatch(data)
    if (entry.malformed) {
      assert.ok(batch.errors.length > 0, entry.file)
      for (const e of batch.errors) {
        assert.equal(e.code, 'HL7_BATCH', entry.file)
        assert.match(e.message, /^line \d+/, entry.file)
      }
      continue
    }
    assert.deepEqual(batch.errors, [], entry.file)
    const got = batch.messages.map((m) => m.segments.map((s) => s.id))
    assert.deepEqual(got, entry.messages.map((m) => m.segments), entry.file)
    checked += got.length
  }
  assert.ok(checked >= 160)
})
