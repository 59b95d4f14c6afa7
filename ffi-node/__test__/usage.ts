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
  Profile,
  Validator,
  ValidationReport,
  Issue,
  buildAck,
  Score,
  ScoreResult,
  MciResult,
  MewsBands,
  news2,
  news2BatchAsync,
  gcs,
  mciTriage,
  salt,
  Keyring,
  Tokenizer,
  FieldContext,
  BufferResult,
  mask,
  deidentifyPid,
  PolicySet,
  Decision,
  DecisionEvent,
  Request,
  RoadGraph,
  Dispatcher,
  UnitChoice,
  Grouper,
  GroupResult,
  Explained,
  Filter,
  SqlFragment,
  HospitalChoice,
  GeofenceSet,
  GeofenceEvent,
  CoverageReport,
  selectHospital,
  coverageAsync,
  EsiResult,
  EsiResultOrError,
  esi,
  esiBatchAsync,
  DispatchRules,
  DispatchResult,
  EdTriage,
  EdTriageResult,
  Pricer,
  Invoice,
  Plan,
  Adjudicated,
  DataResult,
  invoiceTotals,
  FhirResource,
  FhirConversion,
  FhirIssue,
  fhirFromV2,
  FhirV2Segments,
  FhirV2SegmentsResult,
  FhirDeidentified,
  FhirMasked,
  DeidPolicy,
  fhirBundleToV2,
  fhirBundleToV2BatchAsync,
  fhirPatientToPid,
  fhirEncounterToPv1,
  fhirObservationToObx,
  fhirDeidentifyResource,
  fhirDeidentifyBundleAsync,
  fhirLinkablePolicy,
  fhirApplyObligations,
  fhirApplyObligationsBundleAsync,
  fhirApplyDecision,
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

// hl7 validation and ACK
const validator = new Validator(Profile.strict())
const report: ValidationReport = validator.validate(msg.text)
const issues: Issue[] = report.issues
const firstPath: string | undefined = issues[0]?.path
const ack: string = buildAck(msg.text, report, { controlId: 'ACK1', timestamp: '20240101120000' })
async function validateLater(): Promise<boolean> {
  const reports: ValidationReport[] = await validator.validateManyAsync([msg.text])
  return reports.every((r) => !r.hasErrors)
}

// triage
const n2: Score = news2({ respirationRate: 22, spo2: 95, consciousness: 'A', temperature: 38.2 })
const g: Score = gcs({ eye: 4, verbal: 'NT', motor: 6 })
const child: MciResult = mciTriage({ ageYears: 5, walking: false, breathing: true, respirationRate: 30 })
const s: MciResult = salt({ walks: true })
const mewsScore: Score = new MewsBands().score({ heartRate: 120 })
async function triageLater(): Promise<number> {
  const many: ScoreResult[] = await news2BatchAsync([{ pulse: 80 }])
  return many.filter((r) => r.error === undefined).length
}

// pii
const ring: Keyring = Keyring.generate()
const ctx: FieldContext = { tenant: 't', table: 'patients', column: 'ssn', recordId: '1' }
const envelope: string = ring.encrypt(ctx, '123-45-6789')
const plain: Buffer = ring.decrypt(ctx, envelope)
const masked: string = mask('ssn', '123-45-6789')
const token: string = Tokenizer.generate().tokenize('mrn', 't', 'MRN-1')
const deid: string = deidentifyPid('PID|1||123^^^H^MR||DOE^JANE', { asOf: '2026-01-15' }).segment
async function piiLater(): Promise<number> {
  const out: BufferResult[] = await ring.decryptBatchAsync([ctx], [envelope])
  return out.length
}

// authz
const policies: PolicySet = PolicySet.defaultSet()
const req: Request = {
  principal: { id: 'dr-ada', roles: ['Doctor'], attributes: { department: 'cardiology' } },
  action: 'read',
  resource: { type: 'Patient', id: 'p-1', attributes: { department: 'cardiology', care_team: [], labels: [] } },
  environment: { time: 1772445600, purposeOfUse: 'TREAT' },
}
const decision: Decision = policies.authorize(req)
const logged: Decision = policies.authorizeLogged(req, (e: DecisionEvent) => void e.policyHash)
async function authzLater(): Promise<boolean> {
  const ds: Decision[] = await policies.authorizeBatchAsync([req])
  return ds.every((d) => d.allowed)
}

void [firstPath, ack, validateLater, n2.risk, g.total, child.category, s.colour, mewsScore.partial, triageLater]
void [plain, masked, token, deid, piiLater, decision.obligations, logged.effect, authzLater]

// routing
const andorra: RoadGraph = RoadGraph.bundledAndorra('emergency')
const ms: number | null = andorra.travelTime(0, 1)
const dispatcher = new Dispatcher(andorra, [{ id: 'M1', unitType: 'als', status: 'available', lastFix: { position: { lat: 42.46, lon: 1.49 } } }], 500)
const chosen: UnitChoice = dispatcher.nearestUnit({ id: 'I1', location: { lat: 42.51, lon: 1.538 }, priority: 'immediate' })
async function routingLater(): Promise<number> {
  const times: Array<number | null> = await andorra.travelTimeBatchAsync([{ from: 0, to: 1 }])
  return times.length
}

// billing
const grouper: Grouper = Grouper.embedded()
const drg: GroupResult = grouper.group({ pdx: 'I214', age: 70, sex: 'M' })
async function billingLater(): Promise<number> {
  const many: GroupResult[] = await grouper.groupManyAsync([{ pdx: 'I214' }])
  return many[0]?.drg ?? 0
}

void [ms, chosen.reason, routingLater, drg.title, billingLater]

// authz: consents, explanations, filters
const consented: PolicySet = policies.withConsents([{ id: 'r-1', patient: 'p-1', decision: 'deny', actors: ['dr-x'] }])
const explained: Explained = consented.explain(req)
const traced: string[] = explained.explanation.trace.map((t) => `${t.id}:${t.outcome}`)
const visible: Filter = policies.filter({ principal: req.principal, action: 'read', resourceType: 'Patient' })
const where: SqlFragment = visible.toSql({ placeholder: 'question', tableAlias: 'p' })
const sees: boolean = visible.matches(req.resource)

// routing: hospitals, geofences, coverage, traffic
const destination: HospitalChoice = selectHospital(
  andorra,
  { lat: 42.5078, lon: 1.5211 },
  { condition: 'stemi' },
  [{ id: 'H1', name: 'H1', location: { lat: 42.5345, lon: 1.58 }, pci: true, bedsAvailable: 3 }],
  500,
)
const fences = new GeofenceSet([{ id: 'bay', polygon: [{ lat: 42.5, lon: 1.52 }, { lat: 42.5, lon: 1.54 }, { lat: 42.52, lon: 1.54 }] }])
const fenceEvents: GeofenceEvent[] = fences.update({ unitId: 'M1', timestampS: 0, position: { lat: 42.51, lon: 1.53 } })
andorra.setSpeedFactors([{ edge: 0, factor: 0.5 }])
andorra.clearTraffic()
async function coverageLater(): Promise<number> {
  const r: CoverageReport = await coverageAsync(andorra, [{ id: 'S1', location: { lat: 42.5078, lon: 1.5211 } }], 8, 500)
  return r.coveredFraction
}

// triage: ESI, dispatch, ED scales
const level: EsiResult = esi({ version: 'v4', lifesavingIntervention: false, unresponsive: false, resources: ['labs'] })
const rules: DispatchRules = DispatchRules.example()
const priority: DispatchResult = rules.dispatch({ findings: ['chest_pain'], ageYears: 50 })
const ed: EdTriageResult = EdTriage.example().triage({ presentation: 'limb_injury' })
async function esiLater(): Promise<number> {
  const r: EsiResultOrError[] = await esiBatchAsync([{ lifesavingIntervention: true }])
  return r[0]?.value?.level ?? 0
}

// pii: keyring documents with a host unwrap call
const docText: string = ring.toDocument('kek-1', Buffer.alloc(32, 1))
const fromKms: Keyring = Keyring.fromDocument(docText, (kekId: string, keyId: number, wrapped: Buffer) => {
  void [kekId, keyId, wrapped]
  return Buffer.alloc(32)
})

void [traced, where.params, sees, destination.reason, fenceEvents, coverageLater, level.level, priority.routing.unit, ed.level.colour, esiLater, fromKms]

// billing: pricing, invoices, adjudication (money as decimal strings)
const pricer: Pricer = Pricer.embedded()
const payment: string = pricer.price({ fiscal_year: 2025, drg: 39, weight: '1.1382', provider: { wage_index: '1.7807' } }).total_payment
const inv = Invoice.draft('INV-1', 'USD')
inv.addLine({ id: '1', kind: 'consultation', quantity: '1', unit_price: '150.00' })
const invoiceTotal: string = invoiceTotals(inv.toJSON()).total
const paid: string = inv.issue().balance
inv.recordPayment({ id: 'p1', amount: '150.00', method: 'card' })
const plan = new Plan({ id: 'P', name: 'P', currency: 'USD', deductible_individual: '0', deductible_family: '0', oop_max_individual: '0', oop_max_family: '0', coinsurance: '0', benefits: [] })
const adjudicated: Adjudicated = plan.adjudicate({ id: 'C1', member_id: 'A', lines: [] })
async function pricingLater(): Promise<number> {
  const r: DataResult[] = await pricer.priceBatchAsync([{ fiscal_year: 2025, drg: 39, weight: '1', provider: { wage_index: '1' } }])
  return r.length
}

void [payment, invoiceTotal, paid, adjudicated.accumulators, pricingLater]

// fhir
const converted: FhirConversion = fhirFromV2('MSH|^~\\&|A||B||202401011200||ADT^A01|1|P|2.5\rPID|1||9||Doe^Jo\r', { bundleKind: 'transaction' })
const fhirBundle: FhirResource = FhirResource.parse(converted.bundleJson, true)
const fhirIssues: FhirIssue[] = fhirBundle.validate()
void [fhirBundle.resourceType, fhirIssues, converted.warnings]
const v2: FhirV2Segments = fhirBundleToV2(converted.bundleJson)
const v2Pid: string | undefined = v2.pid
const pidText: string = fhirPatientToPid('{"resourceType":"Patient"}')
const pv1Text: string = fhirEncounterToPv1('{"resourceType":"Encounter"}', converted.bundleJson)
const obxText: string = fhirObservationToObx('{"resourceType":"Observation"}', 2)
const linkable: DeidPolicy = fhirLinkablePolicy('2024-01-01', 'tenant-a')
const deidentified: FhirDeidentified = fhirDeidentifyResource('{"resourceType":"Patient"}', linkable, Tokenizer.generate())
const maskedPatient: FhirMasked = fhirApplyDecision('{"resourceType":"Patient"}', decision)
const maskedAgain: FhirMasked = fhirApplyObligations(maskedPatient.json, decision.obligations)
async function fhirLater(): Promise<number> {
  const segs: FhirV2SegmentsResult[] = await fhirBundleToV2BatchAsync([converted.bundleJson])
  const d: FhirDeidentified = await fhirDeidentifyBundleAsync(converted.bundleJson, { asOf: '2024-01-01' })
  const mk: FhirMasked = await fhirApplyObligationsBundleAsync(converted.bundleJson, [{ code: 'REDACT', field: 'ssn' }])
  return segs.length + d.changes.length + mk.changes.length
}
void [v2Pid, v2.obx, v2.text, pidText, pv1Text, obxText, deidentified.changes, maskedAgain.changes, fhirLater]
