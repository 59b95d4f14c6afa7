'use strict'
// The MLLP listener example: a client sends framed messages (split across writes, several in
// one write, one malformed) and gets one ACK per message.
const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const net = require('node:net')
const path = require('node:path')
const medcore = require('..')
const { ROOT } = require('./helpers')
const { startServer } = require('../../examples/node/mllp_server')

const ADT = fs.readFileSync(path.join(ROOT, 'testdata/hl7/microsoft-FHIR-Converter/hl7v2/ADT-A01-01.hl7'))
const ORU = 'MSH|^~\\&|LAB|HOSP|EHR|HOSP|20240105123000||ORU^R01^ORU_R01|MSG00042|P|2.5.1\rPID|1||12345\r'

function exchange(port, writes, expected) {
  return new Promise((resolve, reject) => {
    const acks = []
    const deframer = new medcore.Deframer()
    const client = net.connect(port, '127.0.0.1', async () => {
      for (const w of writes) {
        client.write(w)
        await new Promise((r) => setTimeout(r, 5))
      }
    })
    client.on('data', (chunk) => {
      deframer.push(chunk)
      for (let f = deframer.nextFrame(); f !== null; f = deframer.nextFrame()) acks.push(medcore.parse(f.payload))
      if (acks.length === expected) {
        client.end()
        resolve(acks)
      }
    })
    client.on('error', reject)
  })
}

test('the MLLP listener acknowledges every message', async () => {
  const server = await startServer(0)
  try {
    const { address, port } = server.address()
    assert.equal(address, '127.0.0.1')
    assert.ok(port > 0)
    const adt = medcore.frame(ADT)
    const writes = [
      adt.subarray(0, 100),
      adt.subarray(100),
      Buffer.concat([medcore.frame(ORU), medcore.frame('not an HL7 message')]),
    ]
    const acks = await exchange(port, writes, 3)
    assert.deepEqual(acks.map((a) => a.get('MSA-1')), ['AA', 'AA', 'AR'])
    assert.deepEqual(acks.map((a) => a.get('MSA-2')), ['MSG00001', 'MSG00042', ''])
    assert.equal(acks[0].messageType.code, 'ACK')
    assert.equal(acks[0].messageType.trigger, 'A01')
    assert.equal(acks[0].get('MSH-5'), 'ADTApp')
    assert.match(acks[2].get('MSA-3'), /^HL7_PARSE_NO_MSH: line 1, byte 0/)
  } finally {
    await new Promise((r) => server.close(r))
  }
})
