'use strict'
// HL7 validation and ACK over the shared vectors (testdata/vectors/hl7_validation.json and
// hl7_ack.json), run exactly as core/hl7/tests/vectors_validation.rs runs them.
const test = require('node:test')
const assert = require('node:assert/strict')
const { Profile, Validator, buildAck, parse } = require('..')
const { loadVectors } = require('./helpers')

const VALIDATION = loadVectors('hl7_validation.json').cases
const ACK = loadVectors('hl7_ack.json').cases

// A vector's profile: a built-in name, TOML text, or a JSON object.
function profile(p) {
  if (typeof p === 'string') {
    return ['lenient', 'strict'].includes(p) ? Profile.builtin(p) : Profile.fromToml(p)
  }
  return Profile.fromJson(JSON.stringify(p))
}

// An issue as the core serializes it (the vectors' form).
function serialized(i) {
  return {
    severity: i.severity,
    code: i.code,
    rule: i.rule,
    segment: i.segment,
    segment_index: i.segmentIndex,
    field: i.field ?? null,
    repetition: i.repetition ?? null,
    component: i.component ?? null,
    subcomponent: i.subcomponent ?? null,
    line: i.line,
    offset: i.offset,
    message: i.message,
  }
}

test('vector files are not empty', () => {
  assert.ok(VALIDATION.length >= 20 && ACK.length >= 5)
})

for (const c of VALIDATION) {
  test(`validation vector: ${c.name}`, () => {
    const v = new Validator(profile(c.profile))
    if (c.expected.parse_error !== undefined) {
      assert.throws(() => v.validate(c.message), (e) => e instanceof Error && e.code === c.expected.parse_error)
      return
    }
    for (const data of [c.message, Buffer.from(c.message, 'utf8')]) {
      const r = v.validate(data)
      assert.deepEqual(
        {
          has_errors: r.hasErrors,
          definitions: r.definitions ?? null,
          structure: r.structure ?? null,
          issues: r.issues.map(serialized),
        },
        c.expected,
      )
    }
  })
}

for (const c of ACK) {
  test(`ack vector: ${c.name}`, () => {
    const report = new Validator(profile(c.profile)).validate(c.message)
    const ack = buildAck(c.message, report, { controlId: c.control_id, timestamp: c.timestamp })
    assert.equal(ack, c.expected_ack)
    // Every ACK parses, and carries the original control id in MSA-2 and the report's code.
    const parsed = parse(ack)
    assert.equal(parsed.get('MSA-2'), parse(c.message).get('MSH-10'))
    assert.equal(parsed.get('MSA-1'), report.ackCode)
  })
}

test('report details: location path, 0357 text, counts, worst', () => {
  const c = VALIDATION.find((x) => x.expected.issues && x.expected.issues.some((i) => i.severity === 'error'))
  const r = new Validator(profile(c.profile)).validate(c.message)
  const first = r.issues.find((i) => i.severity === 'error')
  assert.ok(first.path.startsWith(first.segment))
  assert.equal(typeof first.codeText, 'string')
  assert.ok(first.codeText.length > 0)
  assert.equal(r.worst, 'error')
  assert.equal(r.count('error'), c.expected.issues.filter((i) => i.severity === 'error').length)
  assert.throws(() => r.count('fatal'), (e) => e.code === 'ERR_INVALID_ARG_VALUE')
})

test('ack options: forced code and a bad code', () => {
  const c = ACK[0]
  const report = new Validator().validate(c.message)
  const ack = buildAck(c.message, report, { controlId: 'X1', timestamp: c.timestamp, code: 'AR' })
  assert.equal(parse(ack).get('MSA-1'), 'AR')
  assert.throws(
    () => buildAck(c.message, report, { controlId: 'X1', timestamp: c.timestamp, code: 'ZZ' }),
    (e) => e.code === 'ERR_INVALID_ARG_VALUE',
  )
})

test('profiles: built-ins, text, and errors carry codes', () => {
  assert.equal(Profile.lenient().name, 'lenient')
  assert.equal(Profile.strict().name, 'strict')
  assert.equal(new Validator().profileName, 'lenient')
  assert.throws(() => Profile.builtin('nope'), (e) => e.code === 'ERR_INVALID_ARG_VALUE')
  assert.throws(() => Profile.fromText('{ not json'), (e) => e.code === 'HL7_PROFILE_INVALID')
  const custom = Profile.fromText('name = "site"\nextends = "strict"\n')
  assert.equal(custom.name, 'site')
  assert.equal(custom.extends, 'strict')
})

test('validateMany and validateManyAsync agree; the async call rejects with the code', async () => {
  const v = new Validator(Profile.strict())
  const items = VALIDATION.filter((c) => c.expected.parse_error === undefined).map((c) => c.message)
  const sync = v.validateMany(items)
  const async = await v.validateManyAsync(items.map((m) => Buffer.from(m, 'utf8')))
  assert.equal(async.length, items.length)
  assert.deepEqual(
    async.map((r) => r.issues.map(serialized)),
    sync.map((r) => r.issues.map(serialized)),
  )
  assert.throws(() => v.validateMany([items[0], 'garbage']), (e) => e.code === 'HL7_PARSE_NO_MSH' && /item 1/.test(e.message))
  await assert.rejects(v.validateManyAsync([items[0], 'garbage']), (e) => e.code === 'HL7_PARSE_NO_MSH' && /item 1/.test(e.message))
})
