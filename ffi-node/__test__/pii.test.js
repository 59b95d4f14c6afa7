'use strict'
// PII over the shared vectors (testdata/vectors/pii_*.json), run as core/pii/tests/vectors.rs
// runs them: the committed golden envelopes (made by an independent Python implementation)
// must decrypt here.
const test = require('node:test')
const assert = require('node:assert/strict')
const pii = require('..')
const { Keyring, Tokenizer } = pii
const { loadVectors } = require('./helpers')

const ENV = loadVectors('pii_envelopes.json')
const TOKENS = loadVectors('pii_tokens.json')
const MASK = loadVectors('pii_mask.json')
const DEID = loadVectors('pii_deid.json')

const field = (c) => ({ tenant: c.tenant, table: c.table, column: c.column, recordId: c.record_id })

test('golden envelopes decrypt (text and binary form), deterministic and blind index', () => {
  const ring = Keyring.fromSpec(ENV.keyring_spec)
  assert.ok(ENV.decrypt.length >= 5)
  for (const c of ENV.decrypt) {
    assert.equal(ring.decryptText(field(c.context), c.envelope), c.plaintext)
    const bin = Buffer.from(c.envelope_hex, 'hex')
    assert.equal(ring.decrypt(field(c.context), bin).toString('utf8'), c.plaintext)
    assert.equal(pii.envelopeInfo(c.envelope).keyId, c.key_id)
  }
  for (const c of ENV.deterministic) {
    assert.equal(ring.encryptDeterministic(c.column, c.plaintext), c.envelope)
    assert.equal(ring.decryptDeterministic(c.column, c.envelope).toString('utf8'), c.plaintext)
  }
  for (const c of ENV.blind_index) {
    assert.equal(ring.blindIndex(c.column, c.value, c.key_id), c.index)
  }
  for (const c of ENV.errors) {
    assert.throws(() => ring.decryptText(field(c.context), c.envelope), (e) => e.code === c.code, c.name)
  }
})

test('batch decrypt (sync and async) gives one result per envelope, errors in place', async () => {
  const ring = Keyring.fromSpec(ENV.keyring_spec)
  const cases = ENV.decrypt.concat(ENV.errors)
  const contexts = cases.map((c) => field(c.context))
  const envelopes = cases.map((c) => c.envelope)
  for (const results of [ring.decryptBatch(contexts, envelopes), await ring.decryptBatchAsync(contexts, envelopes)]) {
    assert.equal(results.length, cases.length)
    cases.forEach((c, i) => {
      if (c.code) assert.equal(results[i].error.code, c.code, c.name)
      else assert.equal(results[i].value.toString('utf8'), c.plaintext)
    })
  }
})

test('encrypt, rotate, rewrap, destroy', async () => {
  const ring = Keyring.generate()
  const ctx = { tenant: 't', table: 'patients', column: 'ssn', recordId: '1' }
  const env1 = ring.encrypt(ctx, '123-45-6789')
  assert.ok(env1.startsWith('mc1:'))
  assert.throws(() => ring.decrypt({ ...ctx, recordId: '2' }, env1), (e) => e.code === 'PII_AUTH_FAILED')
  const first = ring.primaryId
  const second = ring.rotate()
  assert.notEqual(first, second)
  assert.equal(ring.primaryId, second)
  const env2 = ring.rewrap(ctx, env1).toString('utf8')
  assert.equal(pii.envelopeInfo(env2).keyId, second)
  assert.equal(ring.decryptText(ctx, env2), '123-45-6789')
  const [batch] = await ring.encryptBatchAsync([ctx], [Buffer.from('x')])
  assert.equal(ring.decryptText(ctx, batch), 'x')
  assert.equal(ring.rewrapBatch([ctx], [env1])[0].error, undefined)
  assert.ok((await ring.rewrapBatchAsync([ctx], [env1]))[0].value instanceof Buffer)
  ring.destroy(first)
  assert.throws(() => ring.decrypt(ctx, env1), (e) => e.code === 'PII_KEY_DESTROYED')
  assert.deepEqual(ring.status().map((s) => s.state), ['destroyed', 'primary'])
  assert.throws(() => ring.encryptBatch([ctx], []), (e) => typeof e.code === 'string' && e.code.startsWith('PII_'))
})

test('raw key and env keyrings', () => {
  assert.throws(() => Keyring.fromRawKey(Buffer.alloc(5)), (e) => e.code === 'PII_KEY_FORMAT')
  const a = Keyring.fromRawKey(Buffer.alloc(32, 7))
  const ctx = { tenant: 't', table: 'x', column: 'y', recordId: '1' }
  assert.equal(Keyring.fromRawKey(Buffer.alloc(32, 7)).decryptText(ctx, a.encrypt(ctx, 'v')), 'v')
  process.env.MEDCORE_NODE_TEST_KEYS = ENV.keyring_spec
  const fromEnv = Keyring.fromEnv('MEDCORE_NODE_TEST_KEYS')
  const c = ENV.decrypt[0]
  assert.equal(fromEnv.decryptText(field(c.context), c.envelope), c.plaintext)
  delete process.env.MEDCORE_NODE_TEST_KEYS
  assert.throws(() => Keyring.fromEnv('MEDCORE_NODE_TEST_KEYS'), (e) => e.code === 'PII_KEY_FORMAT')
})

test('token vectors: tokenize, rekey, verify, normalize', async () => {
  const t1 = Tokenizer.fromSpec(TOKENS.token_keys_v1)
  const t2 = Tokenizer.fromSpec(TOKENS.token_keys_v2)
  assert.deepEqual(t2.keyIds, [1, 2])
  for (const c of TOKENS.cases) {
    assert.equal(pii.normalize(c.type, c.value), c.normalized)
    assert.equal(t1.tokenize(c.type, c.tenant, c.value), c.token_v1)
    assert.equal(t2.tokenize(c.type, c.tenant, c.value), c.token_v2)
    assert.equal(t2.rekey(c.tenant, c.token_v1), c.token_v2)
    assert.equal(t2.verify(c.type, c.tenant, c.value, c.token_v1), true)
    assert.equal(t2.verify(c.type, 'another-tenant', c.value, c.token_v2), false)
  }
  for (const c of TOKENS.normalize_errors) {
    assert.throws(() => pii.normalize(c.type, c.value), (e) => e.code === c.code)
  }
  const c = TOKENS.cases[0]
  const values = TOKENS.cases.filter((x) => x.type === c.type).map((x) => x.value)
  const sync = t1.tokenizeBatch(c.type, c.tenant, values.concat(['bad']))
  assert.equal(sync[0].value, c.token_v1)
  assert.equal(sync[sync.length - 1].error.code, 'PII_NORMALIZE')
  assert.deepEqual(await t1.tokenizeBatchAsync(c.type, c.tenant, values.concat(['bad'])), sync)
  assert.equal(t2.rekeyBatch(c.tenant, [c.token_v1, 'nope'])[0].value, c.token_v2)
  assert.equal(t2.rekeyBatch(c.tenant, [c.token_v1, 'nope'])[1].error.code, 'PII_TOKEN_FORMAT')
  assert.throws(() => t1.tokenize('blood-type', 't', 'x'), (e) => typeof e.code === 'string' && e.code.startsWith('PII_'))
})

test('mask vectors', () => {
  for (const c of MASK.cases) assert.equal(pii.mask(c.type, c.value), c.masked, c.value)
  const ssn = MASK.cases.filter((c) => c.type === 'ssn')
  assert.deepEqual(pii.maskBatch('ssn', ssn.map((c) => c.value)), ssn.map((c) => c.masked))
})

test('de-identification vectors (Safe Harbor)', () => {
  for (const c of DEID.pid) {
    if (c.error) {
      assert.throws(() => pii.deidentifyPid(c.segment, { asOf: DEID.as_of }), (e) => e.code === c.error, c.name)
      continue
    }
    const r = pii.deidentifyPid(c.segment, { asOf: DEID.as_of })
    assert.equal(r.segment, c.expected, c.name)
    assert.equal(r.age, c.age, c.name)
    assert.deepEqual(r.changes.map((ch) => ch.field), c.changed, c.name)
  }
  for (const c of DEID.zip3) assert.equal(pii.zip3(c.zip) ?? null, c.expected, c.zip)
  for (const c of DEID.age) assert.equal(pii.ageCategory(c.age), c.expected)
})

test('keyring documents: local KEK and the host KMS/Vault unwrap callback', () => {
  const ring = Keyring.fromSpec(ENV.keyring_spec)
  const kek = require('node:crypto').randomBytes(32)
  const text = ring.toDocument('kms-key-1', kek)
  const doc = JSON.parse(text)
  assert.equal(doc.kek_id, 'kms-key-1')
  assert.equal(doc.keys.length, 3)
  assert.ok(!text.includes(ENV.keyring_spec.split(':')[1]), 'the document holds wrapped keys only')
  const decrypts = (r) => {
    for (const c of ENV.decrypt) assert.equal(r.decryptText(field(c.context), c.envelope), c.plaintext)
  }
  // Local KEK.
  const local = Keyring.fromDocument(text, kek)
  assert.deepEqual(local.status(), ring.status())
  decrypts(local)
  assert.throws(() => Keyring.fromDocument(text, require('node:crypto').randomBytes(32)), (e) => e.code === 'PII_AUTH_FAILED')
  // A host "KMS" that knows the root secrets of the spec (1:<key>:..., 2:<key>, 3:destroyed).
  const roots = Object.fromEntries(
    ENV.keyring_spec.split(',').map((e) => e.split(':')).filter((p) => p[1] !== 'destroyed').map((p) => [Number(p[0]), Buffer.from(p[1], 'base64url')]),
  )
  const calls = []
  const viaKms = Keyring.fromDocument(text, (kekId, keyId, wrapped) => {
    calls.push([kekId, keyId])
    assert.ok(Buffer.isBuffer(wrapped) && wrapped.length > 32)
    return roots[keyId]
  })
  assert.deepEqual(calls, [['kms-key-1', 1], ['kms-key-1', 2]], 'once per key that is not destroyed')
  assert.deepEqual(viaKms.status(), ring.status())
  decrypts(viaKms)
  // The bytes the host returns are the keys used: a wrong key fails authentication.
  const wrong = Keyring.fromDocument(text, () => Buffer.alloc(32, 9))
  assert.throws(() => wrong.decryptText(field(ENV.decrypt[0].context), ENV.decrypt[0].envelope), (e) => e.code === 'PII_AUTH_FAILED')
  assert.throws(
    () => Keyring.fromDocument(text, () => { throw new Error('AccessDenied') }),
    (e) => e.code === 'PII_UNWRAP' && e.message.includes('AccessDenied'),
  )
  assert.throws(() => Keyring.fromDocument(text, () => Buffer.alloc(3)), (e) => e.code === 'PII_KEY_FORMAT')
  assert.throws(() => Keyring.fromDocument('{not json', kek), (e) => e.code === 'PII_KEY_FORMAT')
})

test('tokenizer rotation with a host key gives the v2 vectors; master-derived tokenizers', () => {
  const t = Tokenizer.fromSpec(TOKENS.token_keys_v1)
  const [, k2] = TOKENS.token_keys_v2.split(',')[1].split(':')
  t.rotateWith(2, Buffer.from(k2, 'base64url'))
  assert.deepEqual(t.keyIds, [1, 2])
  assert.equal(t.primaryId, 2)
  for (const c of TOKENS.cases) {
    assert.equal(t.tokenize(c.type, c.tenant, c.value), c.token_v2)
    assert.equal(t.verify(c.type, c.tenant, c.value, c.token_v1), true)
  }
  assert.throws(() => t.rotateWith(3, Buffer.alloc(5)), (e) => e.code === 'PII_KEY_FORMAT')
  const c = TOKENS.cases[0]
  const m1 = Tokenizer.fromMaster(Buffer.alloc(32, 1))
  assert.equal(m1.tokenize(c.type, c.tenant, c.value), Tokenizer.fromMaster(Buffer.alloc(32, 1)).tokenize(c.type, c.tenant, c.value))
  assert.notEqual(m1.tokenize(c.type, c.tenant, c.value), Tokenizer.fromMaster(Buffer.alloc(32, 2)).tokenize(c.type, c.tenant, c.value))
})

test('column encryption: one envelope per record, each decrypting only in its own record', async () => {
  const ring = Keyring.fromSpec(ENV.keyring_spec)
  const column = { tenant: 't', table: 'patients', column: 'ssn' }
  const ids = ['1', '2', '3']
  const values = ['111-11-1111', Buffer.from('222-22-2222'), '333-33-3333']
  const envs = ring.encryptColumn(column, ids, values)
  const asyncEnvs = await ring.encryptColumnAsync(column, ids, values)
  assert.equal(envs.length, 3)
  for (const list of [envs, asyncEnvs]) {
    list.forEach((e, i) => assert.equal(ring.decryptText({ ...column, recordId: ids[i] }, e), values[i].toString()))
  }
  assert.throws(() => ring.decryptText({ ...column, recordId: '2' }, envs[0]), (e) => e.code === 'PII_AUTH_FAILED')
  assert.throws(() => ring.encryptColumn(column, ['1'], values), (e) => typeof e.code === 'string' && e.code.startsWith('PII_'))
})
