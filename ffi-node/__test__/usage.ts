// Typed usage of the generated index.d.ts, checked with `tsc --noEmit --strict`.
import {
  Batch,
  Deframer,
  Delimiters,
  FrameOrError,
  Message,
  MessageBuilder,
  Segment,
  Warning,
  escape,
  frame,
  parse,
  parseBatchAsync,
  parseMany,
  parseManyAsync,
  unescapeChecked,
} from '../index'

const msg: Message = parse(Buffer.from('MSH|^~\\&|A||B||202401011200||ADT^A01|1|P|2.5\rPID|1||9||Doe^Jo\r'))
const family: string | null = msg.get('PID-5-1')
const segments: Segment[] = msg.segments
const ids: string[] = segments.map((s) => s.id)
const pid: Segment | null = msg.findSegment('PID')
const given: string | undefined = pid?.field(5)?.repetition(1)?.component(2)?.decoded
const warnings: Warning[] = msg.warnings
const d: Delimiters = msg.delimiters
const trigger: string = msg.messageType.trigger
const pidId: string = msg.toJSON().segments[1].id
const firstWarning: Warning | undefined = msg.toJSON().warnings[0]
const many: Message[] = parseMany([msg.text, Buffer.from(msg.text)])
const b = new MessageBuilder({ field: '|', component: '^', repetition: '~', escape: '\\', subcomponent: '&' })
b.set('PID-5-1', 'Doe & Sons')
const rebuilt: Message = b.build()
const encoded: string = escape('a|b', d)
const unknown: number = unescapeChecked('\\Zx\\').unknown.length
const framed: Buffer = frame(rebuilt.text)
const deframer = new Deframer()
deframer.push(framed)
const next = deframer.nextFrame()
const rest: FrameOrError[] = deframer.finish()

async function later(): Promise<number> {
  const batch: Batch = await parseBatchAsync(Buffer.from(msg.text))
  const async: Message[] = await parseManyAsync([msg.text])
  return batch.messages.length + batch.errors.length + async.length
}

try {
  parse('not hl7')
} catch (e) {
  const code: unknown = (e as Error & { code?: string }).code
  void code
}

void [family, ids, given, warnings, trigger, pidId, firstWarning, many, encoded, unknown, next?.payload, rest, later]
