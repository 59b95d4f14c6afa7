'use strict'
// The JS face of the HL7 engine: objects, errors with codes, async batches, building, MLLP
// framing and the panic boundary.
const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const hl7 = require('..')
const { ROOT } = require('./helpers')

const ADT = fs.readFileSync(path.join(ROOT, 'testdata/hl7/microsoft-FHIR-Converter/hl7v2/ADT-A01-01.hl7'))
const ORU =
  'MSH|^~\\&|LAB|HOSP|EHR|HOSP|20240105123000+0100||ORU^R01^ORU_R01|MSG00001|P|2.5.1\r' +
  'PID|1||12345^^^HOSP^MR~99887^^^SSA^SS||Doe^Jane^Q||19800101|F\r' +
  'OBX|1|NM|8867-4^Heart rate^LN||72|/min|||||F\r' +
  'OBX|2|ST|8601-7^EKG impression^LN||Normal \\T\\ sinus||||||F\r'

const hasCode = (code) => (e) => e instanceof Error && e.code === code

test('message properties', () => {
  const msg = hl7.parse(ORU)
  assert.equal(msg.version, '2.5.1')
  assert.equal(msg.controlId, 'MSG00001')
  assert.deepEqual(msg.messageType, { code: 'ORU', trigger: 'R01', structure: 'ORU_R01' })
  assert.equal(msg.charset, 'ASCII')
  assert.deepEqual(msg.delimiters, { field: '|', component: '^', repetition: '~', escape: '\\', subcomponent: '&' })
  assert.deepEqual(msg.warnings, [])
  assert.equal(msg.text, ORU)
  assert.equal(String(msg), ORU)
  assert.equal(msg.segmentCount, 4)
  assert.ok(msg.equals(hl7.parse(Buffer.from(ORU))))
  assert.ok(!msg.equals(hl7.parse(ADT)))
  assert.equal(JSON.parse(msg.toJson()).segments.length, 4)
})

test('toJSON builds plain data only when asked', () => {
  const msg = hl7.parse(ORU)
  const data = msg.toJSON()
  assert.deepEqual(data, JSON.parse(msg.toJson()))
  assert.deepEqual(JSON.parse(JSON.stringify(msg)), data)
  assert.deepEqual(JSON.parse(JSON.stringify({ msg })).msg, data)
  assert.equal(data.delimiters, '|^~\\&')
  assert.equal(data.charset, 'ASCII')
  assert.deepEqual(data.segments.map((s) => s.id), ['MSH', 'PID', 'OBX', 'OBX'])
  const pid = data.segments[1]
  assert.equal(pid.line, 2)
  assert.equal(pid.offset, ORU.indexOf('PID|'))
  // PID-3: two repetitions of five components; PID-5: one repetition of three components.
  assert.deepEqual(pid.fields[2], [['12345', '', '', 'HOSP', 'MR'], ['99887', '', '', 'SSA', 'SS']])
  assert.deepEqual(pid.fields[4], ['Doe', 'Jane', 'Q'])
  assert.equal(data.segments[3].fields[4], 'Normal & sinus')
  assert.deepEqual(data.warnings, [])
  // A fresh object per call: editing one does not change the message.
  data.segments.length = 0
  assert.equal(msg.toJSON().segments.length, 4)
})

test('views walk the tree', () => {
  const msg = hl7.parse(ORU)
  assert.deepEqual(msg.segments.map((s) => s.id), ['MSH', 'PID', 'OBX', 'OBX'])
  const pid = msg.findSegment('PID')
  assert.equal(pid.index, 1)
  assert.equal(pid.line, 2)
  const ids = pid.field(3)
  assert.equal(ids.number, 3)
  assert.deepEqual(ids.repetitions.map((r) => r.raw), ['12345^^^HOSP^MR', '99887^^^SSA^SS'])
  const second = ids.repetition(2)
  assert.deepEqual(second.components.map((c) => c.raw), ['99887', '', '', 'SSA', 'SS'])
  assert.ok(second.component(2).isEmpty)
  assert.equal(second.component(5).subcomponent(1).decoded, 'SS')
  assert.equal(pid.field(99), null)
  assert.equal(ids.repetition(3), null)
  const value = msg.findSegment('OBX', 2).field(5)
  assert.equal(value.raw, 'Normal \\T\\ sinus')
  assert.equal(value.decoded, 'Normal & sinus')
  assert.equal(`${value}`, 'Normal & sinus')
  assert.equal(value.offset, ORU.indexOf('Normal \\T\\'))
  assert.equal(msg.segmentsWithId('OBX').length, 2)
  assert.equal(msg.segment(4), null)
  assert.equal(msg.get('OBX(2)-5'), 'Normal & sinus')
  assert.equal(msg.get('PID-99'), null)
  const msh = msg.segment(0)
  assert.equal(msh.field(1).raw, '|')
  assert.equal(msh.field(2).raw, '^~\\&')
})

test('views keep the message alive', () => {
  const field = hl7.parse(ORU).segment(1).field(5)
  global.gc?.()
  assert.equal(field.repetition(1).component(2).decoded, 'Jane')
})

test('errors carry the core code and location', () => {
  assert.throws(() => hl7.parse(''), hasCode('HL7_PARSE_NO_MSH'))
  assert.throws(() => hl7.parse('PID|1\r'), (e) => e.code === 'HL7_PARSE_NO_MSH' && /^line 1, byte 0/.test(e.message))
  assert.throws(() => hl7.parse(ORU + 'MSH|^~\\&|X\r'), hasCode('HL7_PARSE_MULTIPLE_MESSAGES'))
  assert.throws(() => hl7.parse(ORU).get('PID-x'), (e) => e.code === 'HL7_PATH' && /position/.test(e.message))
  assert.throws(() => hl7.frame(Buffer.from('MSH|\x0b')), hasCode('HL7_MLLP'))
  assert.throws(() => new hl7.MessageBuilder().addSegment('pid'), hasCode('HL7_ENCODE'))
  assert.throws(() => hl7.parse(42), (e) => e instanceof Error && /must be a string, Buffer or Uint8Array/.test(e.message))
})

test('parseMany and its async variant', async () => {
  const msgs = hl7.parseMany([ORU, ADT])
  assert.deepEqual(msgs.map((m) => m.messageType.trigger), ['R01', 'A01'])
  assert.deepEqual(hl7.parseMany([]), [])
  assert.throws(() => hl7.parseMany([ORU, 'junk']), (e) => e.code === 'HL7_PARSE_NO_MSH' && /^item 1: line 1/.test(e.message))
  const many = await hl7.parseManyAsync(Array(50).fill(ADT))
  assert.equal(many.length, 50)
  assert.ok(many[49].equals(msgs[1]))
  await assert.rejects(hl7.parseManyAsync([ORU, ORU, 'junk']), (e) => e instanceof Error && e.code === 'HL7_PARSE_NO_MSH' && /^item 2:/.test(e.message))
})

test('batches lose nothing', async () => {
  const good = fs.readFileSync(path.join(ROOT, 'testdata/hl7/python-hl7/sample_batch.hl7'))
  const batch = await hl7.parseBatchAsync(good)
  assert.ok(batch.messages.length >= 1)
  assert.deepEqual(batch.errors, [])
  const bad = hl7.parseBatch(fs.readFileSync(path.join(ROOT, 'testdata/hl7/python-hl7/sample_bad_batch1.hl7')))
  assert.ok(bad.errors.some((e) => e.code === 'HL7_BATCH' && e.message.includes('BHS opens a batch while the batch opened at line 1 has no BTS')))
})

test('builder round trip', () => {
  const b = new hl7.MessageBuilder()
  b.set('MSH-9', 'ADT')
  b.set('MSH-9-2', 'A01')
  b.set('MSH-10', '42')
  b.set('PID-5-1', "O'Neil & Sons")
  assert.equal(b.addSegment('NTE'), 2)
  b.setEncoded('NTE-3', 'a\\T\\b')
  assert.equal(b.get('PID-5-1'), "O'Neil & Sons")
  assert.ok(b.encode().includes("O'Neil \\T\\ Sons"))
  const msg = b.build()
  assert.equal(msg.get('NTE-3'), 'a&b')
  const edit = hl7.MessageBuilder.fromMessage(hl7.parse(ORU))
  edit.set('PID-5-1', 'Roe')
  assert.equal(hl7.parse(edit.encode()).get('PID-5-1'), 'Roe')
  assert.ok(hl7.parse(hl7.parse(ORU).toBuilder().encode()).equals(hl7.parse(ORU)))
  assert.throws(() => new hl7.MessageBuilder({ field: '||', component: '^', repetition: '~' }), hasCode('ERR_INVALID_ARG_VALUE'))
})

test('MLLP frame and deframe in pieces', () => {
  assert.deepEqual(hl7.frame('x'), Buffer.from('\x0bx\x1c\r', 'latin1'))
  const stream = Buffer.concat([hl7.frame(ORU), hl7.frame(ADT)])
  const d = new hl7.Deframer()
  const frames = []
  for (let i = 0; i < stream.length; i += 5) {
    d.push(stream.subarray(i, i + 5))
    for (let f = d.nextFrame(); f !== null; f = d.nextFrame()) frames.push(f)
  }
  for (const item of d.finish()) frames.push(item.frame)
  assert.deepEqual(frames.map((f) => f.payload), [Buffer.from(ORU), ADT])
  assert.equal(frames[0].offset, 0)
  const bad = new hl7.Deframer()
  bad.push(Buffer.concat([Buffer.from('junk'), hl7.frame(ORU), Buffer.from('\x0bunfinished')]))
  assert.throws(() => bad.nextFrame(), hasCode('HL7_MLLP'))
  assert.notEqual(bad.nextFrame(), null)
  const rest = bad.finish()
  assert.equal(rest.length, 1)
  assert.equal(rest[0].error.code, 'HL7_MLLP')
})

test('a Rust panic surfaces as an Error and Node keeps running', () => {
  assert.equal(typeof hl7._panicForTest, 'function', 'build with --features test-panic')
  assert.throws(() => hl7._panicForTest('forced panic'), (e) => e instanceof Error && e.code === 'MEDCORE_PANIC' && /forced panic/.test(e.message))
  // The same through a plain N-API callback (src/raw.rs), the kind that reads HL7 messages.
  const binding = require('../binding.js')
  assert.throws(() => binding._rawPanicForTest('raw panic'), (e) => e instanceof Error && e.code === 'MEDCORE_PANIC' && /raw panic/.test(e.message))
  assert.equal(hl7.parse(ORU).get('PID-5-2'), 'Jane')
})

test('strings, Buffers and Uint8Arrays give the same message, non-ASCII text included', () => {
  const text = 'MSH|^~\\&|LAB||EHR||202401011200||ADT^A01|42|P|2.5|||||||UNICODE UTF-8\rPID|1||7^^^H^MR||Müller^Zoë^Ł||19700101|F\r'
  const fromString = hl7.parse(text)
  const fromBuffer = hl7.parse(Buffer.from(text))
  const fromArray = hl7.parse(new Uint8Array(Buffer.from(text)))
  for (const m of [fromString, fromBuffer, fromArray]) {
    assert.equal(m.get('PID-5-1'), 'Müller')
    assert.equal(m.get('PID-5-3'), 'Ł')
    assert.ok(m.equals(fromString))
  }
  // A lone surrogate cannot be UTF-8; it reads as U+FFFD, as napi strings do.
  assert.equal(hl7.parse(text.replace('Zoë', 'Zo\ud800')).get('PID-5-2'), 'Zo\ufffd')
})
