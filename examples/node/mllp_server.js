'use strict'
// An MLLP listener that acknowledges every HL7 v2 message it receives.
//
//   node examples/node/mllp_server.js [port]      (port 0 or absent: an ephemeral port)
//
// Each connection gets its own Deframer, so messages split across TCP packets or several in
// one packet are handled alike. A message that parses is answered with AA; one that does not,
// or a framing error, with AR carrying the error code and location in MSA-3.

const net = require('node:net')
// In an application: require('medcore'). Here, the package built in this repository.
const medcore = require('../../ffi-node')

function timestamp() {
  return new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14) + '+0000'
}

/** An ACK for `msg` (or a bare one when the message could not be read). */
function buildAck(msg, code, text = '') {
  const ack = new medcore.MessageBuilder()
  if (msg) {
    // Reply from the receiver to the sender: swap MSH-3/4 with MSH-5/6.
    for (const [to, from] of [['MSH-3', 'MSH-5'], ['MSH-4', 'MSH-6'], ['MSH-5', 'MSH-3'], ['MSH-6', 'MSH-4']]) {
      ack.set(to, msg.get(from) ?? '')
    }
    ack.set('MSH-9-2', msg.messageType.trigger)
    ack.set('MSH-11', msg.get('MSH-11') ?? 'P')
    ack.set('MSH-12', msg.version ?? '2.5')
    ack.set('MSA-2', msg.controlId ?? '')
  } else {
    ack.set('MSH-11', 'P')
    ack.set('MSH-12', '2.5')
  }
  ack.set('MSH-7', timestamp())
  ack.set('MSH-9-1', 'ACK')
  ack.set('MSH-9-3', 'ACK')
  ack.set('MSH-10', `ACK${Date.now()}`)
  ack.set('MSA-1', code)
  if (text) ack.set('MSA-3', text)
  return ack.encode()
}

/** The reply to one frame's payload. */
function reply(payload) {
  try {
    return buildAck(medcore.parse(payload), 'AA')
  } catch (e) {
    return buildAck(null, 'AR', `${e.code}: ${e.message}`)
  }
}

/** Starts the listener on 127.0.0.1; resolves to the server once it listens. */
function startServer(port = 0) {
  const server = net.createServer((socket) => {
    const deframer = new medcore.Deframer()
    socket.on('data', (chunk) => {
      deframer.push(chunk)
      for (;;) {
        let frame
        try {
          frame = deframer.nextFrame()
        } catch (e) {
          socket.write(medcore.frame(buildAck(null, 'AR', `${e.code}: ${e.message}`)))
          continue
        }
        if (frame === null) break
        socket.write(medcore.frame(reply(frame.payload)))
      }
    })
    socket.on('error', () => socket.destroy())
  })
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => resolve(server))
  })
}

module.exports = { startServer, buildAck }

if (require.main === module) {
  startServer(Number(process.argv[2] ?? 0)).then((server) => {
    const { address, port } = server.address()
    console.log(`MLLP listener on ${address}:${port}`)
  })
}
