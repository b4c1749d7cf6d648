import { z } from 'zod';
import {
  AggregateSchema,
  AggregatesResultSchema,
  DeviceSchema,
  EpochMsSchema,
  EventOrderSchema,
  EventsResultSchema,
  HealthSchema,
  HistoryResultSchema,
  TagIdSchema,
  TagMetaSchema,
  TagSchema,
  TagValueSchema,
  ValueAtResultSchema,
} from './domain.js';
import {
  MAX_RULES,
  MappingRuleDraftSchema,
  MappingRuleIdSchema,
  MappingRuleSchema,
  PreviewResultSchema,
  TopicFilterSchema,
  UnmappedCaptureSchema,
  UnmatchedFallbackSchema,
} from './jsonMapping.js';
import {
  DerivedTagSchema,
  ModelBindingSchema,
  ModelBindingVersionSchema,
  ModelFileSchema,
  ModelIdSchema,
} from './modelBindings.js';
import {
  InferenceRuntimeSchema,
  MAX_MODEL_FILE_BYTES,
  ModelFileInfoSchema,
  ModelSignatureSchema,
  ModelStatusSchema,
  TestRunResultSchema,
} from './models.js';
import { RoleSchema, type Role } from './roles.js';
import {
  AckParamsSchema,
  AlarmActionResultSchema,
  AlarmCountsSchema,
  AlarmJournalEntrySchema,
  AlarmJournalFilterSchema,
  AlarmKpiReportSchema,
  AlarmSchema,
  AlarmSettingsSchema,
  NoteParamsSchema,
  OutOfServiceParamsSchema,
  ResetParamsSchema,
  ReturnToServiceParamsSchema,
  ShelveParamsSchema,
  UnshelveParamsSchema,
} from './alarms.js';
import { BrokerIdSchema, SecretIdSchema } from './siteConfig.js';
import {
  CommandConfirmationSchema,
  CommandRecordSchema,
  MAX_COMMAND_RECORDS,
  WriteValueSchema,
} from './commands.js';
import { ImportResultSchema, SiteConfigFileSchema } from './siteConfigFile.js';
import { DeviceConfigSchema, DeviceIdSchema } from './deviceConfig.js';
import { DeviceConfigVersionSchema, TagConfigSchema, TagConfigVersionSchema } from './tagConfig.js';
import { TrendViewDraftSchema, TrendViewSchema, ViewIdSchema } from './trendViews.js';
import { DropBacklogRequestSchema, SyncSettingsSchema, SyncStatusSchema } from './sync.js';

/**
 * The one API contract. Every method and event exists here once, with its schemas, the role it
 * needs and a doc line; the Electron IPC and WebSocket transports are both derived from these
 * tables, so nothing can be called that is not declared here. Each call takes one object.
 */
interface MethodSpec<P extends z.ZodType, R extends z.ZodType> {
  doc: string;
  role: Role;
  params: P;
  result: R;
}

const method = <P extends z.ZodType, R extends z.ZodType>(spec: MethodSpec<P, R>) => spec;

/** A range that ends before it starts is a mistake in the request, not an empty answer. */
const inOrder = (p: { from: number; to: number }) => p.from <= p.to;
const IN_ORDER = { message: 'from must not be after to', path: ['from'] };

/** A configuration's version: 0 before its first change. */
const VERSION = z.number().int().min(0);
const LIMIT = z.number().int().min(1).max(500).default(50);

/** Largest series a client may ask for: 4 points per pixel column of a very wide screen. */
export const MAX_POINTS = 100_000;
/** Most points one multi-tag query may return in all. */
export const MAX_POINTS_PER_CALL = 1_000_000;
/** Most intervals one aggregate query may return per tag. */
export const MAX_INTERVALS = 100_000;
/** Most events one query may return. */
export const MAX_EVENTS = 10_000;
/** Most alarm journal lines one query may return (the CSV export streams any number). */
export const MAX_JOURNAL_LINES = 5_000;
/** Longest period one alarm performance report may cover. */
export const MAX_KPI_SPAN_MS = 400 * 86_400_000;

export const methods = {
  'system.getHealth': method({
    doc: 'Status of the broker link, the historian and ingest, with error counts per cause.',
    role: 'viewer',
    params: z.object({}).strict(),
    result: HealthSchema,
  }),
  'system.getCaller': method({
    doc: 'Who this client acts as and with which roles, so the UI offers only what the caller may do.',
    role: 'viewer',
    params: z.object({}).strict(),
    result: z.object({ user: z.string(), roles: z.array(RoleSchema) }),
  }),
  'tags.list': method({
    doc: 'Every known tag with its metadata and current value, quality and timestamp.',
    role: 'viewer',
    params: z.object({}).strict(),
    result: z.object({ tags: z.array(TagSchema) }),
  }),
  'devices.list': method({
    doc: 'Every known device with its online state and last message time.',
    role: 'viewer',
    params: z.object({}).strict(),
    result: z.object({ devices: z.array(DeviceSchema) }),
  }),
  'devices.configure': method({
    doc: "Sets a device's timeout and area (replacing its whole configuration); refused if baseVersion is not the stored one.",
    role: 'engineer',
    params: z.object({ device: DeviceIdSchema, config: DeviceConfigSchema, baseVersion: VERSION }).strict(),
    result: z.object({ device: DeviceSchema, version: VERSION }),
  }),
  'devices.listConfigVersions': method({
    doc: "A device's configuration changes, newest first: who, when, before and after.",
    role: 'viewer',
    params: z.object({ device: DeviceIdSchema, limit: LIMIT }).strict(),
    result: z.object({ device: DeviceIdSchema, versions: z.array(DeviceConfigVersionSchema) }),
  }),
  'tags.getConfig': method({
    doc: "A tag's configuration with its version, and what its device describes underneath it.",
    role: 'viewer',
    params: z.object({ tag: TagIdSchema }).strict(),
    result: z.object({
      tag: TagIdSchema,
      version: VERSION,
      config: TagConfigSchema,
      discovered: TagMetaSchema,
    }),
  }),
  'tags.configure': method({
    doc: "Sets a tag's configuration (replacing it whole), effective at once; refused if baseVersion is not the stored one.",
    role: 'engineer',
    params: z.object({ tag: TagIdSchema, config: TagConfigSchema, baseVersion: VERSION }).strict(),
    result: z.object({ tag: TagMetaSchema, version: VERSION }),
  }),
  'tags.listConfigVersions': method({
    doc: "A tag's configuration changes, newest first: who, when, before and after.",
    role: 'viewer',
    params: z.object({ tag: TagIdSchema, limit: LIMIT }).strict(),
    result: z.object({ tag: TagIdSchema, versions: z.array(TagConfigVersionSchema) }),
  }),
  'history.queryRange': method({
    doc: 'Samples of one tag in [from, to]: raw when they fit in maxPoints, else M4 buckets.',
    role: 'viewer',
    params: z
      .object({
        tag: TagIdSchema,
        from: EpochMsSchema,
        to: EpochMsSchema,
        maxPoints: z.number().int().min(4).max(MAX_POINTS).default(2000),
      })
      .strict()
      .refine(inOrder, IN_ORDER),
    result: HistoryResultSchema,
  }),
  'history.queryRanges': method({
    doc: 'Samples of several tags in [from, to] in one call, each as history.queryRange would answer.',
    role: 'viewer',
    params: z
      .object({
        tags: z.array(TagIdSchema).min(1).max(100),
        from: EpochMsSchema,
        to: EpochMsSchema,
        maxPoints: z.number().int().min(4).max(MAX_POINTS).default(2000),
      })
      .strict()
      .refine(inOrder, IN_ORDER)
      .refine((p) => p.tags.length * p.maxPoints <= MAX_POINTS_PER_CALL, {
        message: `at most ${MAX_POINTS_PER_CALL} points in one call (tags × maxPoints): ask for fewer`,
        path: ['maxPoints'],
      }),
    result: z.object({ results: z.array(HistoryResultSchema) }),
  }),
  'history.queryAggregates': method({
    doc: 'Aggregates (avg, time-weighted avg, min, max, first, last, count, % good) per interval.',
    role: 'viewer',
    params: z
      .object({
        tags: z.array(TagIdSchema).min(1).max(100),
        from: EpochMsSchema,
        to: EpochMsSchema,
        interval: z.number().int().min(1),
        aggregates: z.array(AggregateSchema).min(1).default(['avg', 'twa', 'min', 'max', 'count', 'pctGood']),
      })
      .strict()
      .refine(inOrder, IN_ORDER)
      .refine((p) => (p.to - p.from) / p.interval <= MAX_INTERVALS, {
        message: `at most ${MAX_INTERVALS} intervals per query: choose a longer interval`,
        path: ['interval'],
      }),
    result: AggregatesResultSchema,
  }),
  'history.valueAt': method({
    doc: 'The last value of a tag at or before a time, with its quality.',
    role: 'viewer',
    params: z.object({ tag: TagIdSchema, at: EpochMsSchema }).strict(),
    result: ValueAtResultSchema,
  }),
  'history.queryEvents': method({
    doc: "A string tag's events (text changes) in [from, to], newest or oldest first, at most limit.",
    role: 'viewer',
    params: z
      .object({
        tag: TagIdSchema,
        from: EpochMsSchema,
        to: EpochMsSchema,
        limit: z.number().int().min(1).max(MAX_EVENTS).default(1000),
        order: EventOrderSchema.default('newest'),
      })
      .strict()
      .refine(inOrder, IN_ORDER),
    result: EventsResultSchema,
  }),
  'live.subscribe': method({
    doc: 'Sets the tags whose changes this client receives as onTagValues (null: every tag).',
    role: 'viewer',
    params: z.object({ tags: z.array(TagIdSchema).max(100_000).nullable() }).strict(),
    result: z.object({ subscribed: z.union([z.number().int().min(0), z.literal('all')]) }),
  }),
  'views.list': method({
    doc: "The site's saved trend views, by name.",
    role: 'viewer',
    params: z.object({}).strict(),
    result: z.object({ views: z.array(TrendViewSchema) }),
  }),
  'views.save': method({
    doc: 'Saves a trend view: new without an id, else replaces that view. Names are unique per site.',
    role: 'operator',
    params: TrendViewDraftSchema,
    result: TrendViewSchema,
  }),
  'views.delete': method({
    doc: 'Deletes a saved trend view.',
    role: 'operator',
    params: z.object({ id: ViewIdSchema }).strict(),
    result: z.object({ id: ViewIdSchema }),
  }),
  'mappings.list': method({
    doc: 'The JSON mapping rules in the order they are tried, the fallback, and the latest unmapped messages.',
    role: 'engineer',
    params: z.object({}).strict(),
    result: z.object({
      rules: z.array(MappingRuleSchema),
      fallback: UnmatchedFallbackSchema,
      /** Newest first. */
      unmapped: z.array(UnmappedCaptureSchema),
      /** Topics dropped from the capture list to keep it bounded. */
      unmappedEvicted: z.number().int().min(0),
    }),
  }),
  'mappings.save': method({
    doc: 'Saves a JSON mapping rule (new without an id) at a place in the order; it applies at once.',
    role: 'engineer',
    params: z
      .object({ rule: MappingRuleDraftSchema, position: z.number().int().min(0).max(MAX_RULES).optional() })
      .strict(),
    result: MappingRuleSchema,
  }),
  'mappings.delete': method({
    doc: 'Deletes a JSON mapping rule; its topics stop being read at once.',
    role: 'engineer',
    params: z.object({ id: MappingRuleIdSchema }).strict(),
    result: z.object({ id: MappingRuleIdSchema }),
  }),
  'mappings.setFallback': method({
    doc: 'What happens to topics no rule matches: ignored (counted), or their latest messages captured.',
    role: 'engineer',
    params: UnmatchedFallbackSchema,
    result: UnmatchedFallbackSchema,
  }),
  /**
   * Engineer, like editing: a preview changes nothing, but it runs rules the caller writes and
   * shows raw device payloads, which are the tool of whoever maps the site, not of operators.
   */
  'mappings.preview': method({
    doc: 'The tags a topic and payload would produce under the saved rules or one draft rule, or why none.',
    role: 'engineer',
    params: z
      .object({
        topic: z.string().min(1).max(1024),
        payload: z.string().max(1_048_576),
        rule: MappingRuleDraftSchema.optional(),
      })
      .strict(),
    result: PreviewResultSchema,
  }),
  'mappings.captureNext': method({
    doc: 'The next live message on a topic filter (subscribed to while waiting), or null after the timeout.',
    role: 'engineer',
    params: z
      .object({
        filter: TopicFilterSchema,
        timeoutMs: z.number().int().min(100).max(60_000).default(15_000),
      })
      .strict(),
    result: z.object({
      message: z
        .object({ topic: z.string(), payload: z.string(), truncated: z.boolean(), bytes: z.number().int() })
        .nullable(),
    }),
  }),
  'brokers.setCredential': method({
    doc: "Stores a broker's password in the credential store; it is never sent back. A link that is down retries at once.",
    role: 'admin',
    params: z.object({ broker: BrokerIdSchema, password: z.string().min(1).max(1024) }).strict(),
    result: z.object({
      broker: BrokerIdSchema,
      /** The id the password is stored under. */
      secret: SecretIdSchema,
      /** What protects it: the OS keyring, or a plain-text file (and then say so). */
      protection: z.string(),
    }),
  }),
  'commands.prepare': method({
    doc: 'Checks a write to a tag and answers what would be sent where, with a one-time token for commands.send (30 s, this caller only).',
    role: 'engineer',
    params: z.object({ tag: TagIdSchema, value: WriteValueSchema }).strict(),
    result: CommandConfirmationSchema,
  }),
  'commands.send': method({
    doc: 'Sends a prepared command, journaled first; answers the record: sent, or refused with the reason.',
    role: 'engineer',
    params: z.object({ token: z.string().min(1).max(128) }).strict(),
    result: CommandRecordSchema,
  }),
  // Operator, not viewer: the journal names people and what they did to the plant, which is
  // for those who run it; a wall display (viewer) sees values, not who wrote them.
  'commands.list': method({
    doc: 'The command journal, newest first: who wrote what where, and how it ended.',
    role: 'operator',
    params: z.object({ limit: z.number().int().min(1).max(MAX_COMMAND_RECORDS).default(50) }).strict(),
    result: z.object({ commands: z.array(CommandRecordSchema) }),
  }),
  'alarms.list': method({
    doc: 'Every alarm that is not normal, or is shelved, suppressed or out of service, with counts by priority for the banner.',
    role: 'viewer',
    params: z.object({}).strict(),
    result: z.object({ alarms: z.array(AlarmSchema), counts: AlarmCountsSchema }),
  }),
  'alarms.acknowledge': method({
    doc: 'Acknowledges alarms (one, a selection or all visible) with a comment, which settings may make mandatory per priority.',
    role: 'operator',
    params: AckParamsSchema,
    result: AlarmActionResultSchema,
  }),
  'alarms.shelve': method({
    doc: "Shelves alarms with a reason: timed (up to the priority's maximum) or one-shot (until they next return to normal).",
    role: 'operator',
    params: ShelveParamsSchema,
    result: AlarmActionResultSchema,
  }),
  'alarms.unshelve': method({
    doc: 'Unshelves alarms; each is evaluated anew and annunciated if its condition holds.',
    role: 'operator',
    params: UnshelveParamsSchema,
    result: AlarmActionResultSchema,
  }),
  'alarms.setOutOfService': method({
    doc: 'Takes alarms out of service with a reason: still evaluated and journaled, never annunciated.',
    role: 'engineer',
    params: OutOfServiceParamsSchema,
    result: AlarmActionResultSchema,
  }),
  'alarms.returnToService': method({
    doc: 'Returns alarms to service; each is evaluated anew and annunciated if its condition holds.',
    role: 'engineer',
    params: ReturnToServiceParamsSchema,
    result: AlarmActionResultSchema,
  }),
  'alarms.reset': method({
    doc: 'Resets latched alarms whose condition has cleared.',
    role: 'operator',
    params: ResetParamsSchema,
    result: AlarmActionResultSchema,
  }),
  'alarms.addNote': method({
    doc: "Adds a note to an alarm's journal, in any state.",
    role: 'operator',
    params: NoteParamsSchema,
    result: AlarmActionResultSchema,
  }),
  // Operator, like commands.list: the journal names people and what they did.
  'alarms.queryJournal': method({
    doc: 'Alarm journal lines matching the filters, newest first, at most limit; beforeSeq pages on.',
    role: 'operator',
    params: z
      .object({
        filter: AlarmJournalFilterSchema,
        limit: z.number().int().min(1).max(MAX_JOURNAL_LINES).default(500),
        beforeSeq: z.number().int().min(1).optional(),
      })
      .strict(),
    result: z.object({ entries: z.array(AlarmJournalEntrySchema), more: z.boolean() }),
  }),
  'alarms.getKpiReport': method({
    doc: 'The ISA-18.2 / EEMUA 191 alarm performance report over [from, to].',
    role: 'operator',
    params: z
      .object({ from: EpochMsSchema, to: EpochMsSchema })
      .strict()
      .refine(inOrder, IN_ORDER)
      .refine((p) => p.to - p.from <= MAX_KPI_SPAN_MS, {
        message: 'a report covers at most 400 days',
        path: ['to'],
      }),
    result: AlarmKpiReportSchema,
  }),
  'alarms.getSettings': method({
    doc: "The site's alarm settings: mandatory ack comments, shelve maxima per priority, journal retention.",
    role: 'viewer',
    params: z.object({}).strict(),
    result: AlarmSettingsSchema,
  }),
  'alarms.setSettings': method({
    doc: "Replaces the site's alarm settings; effective at once, journaled. With `baseVersion` (the version the edit started from, 0 while none is saved), a save over a newer version is refused with CONFLICT.",
    role: 'engineer',
    params: AlarmSettingsSchema.extend({ baseVersion: z.number().int().min(0).optional() }).strict(),
    result: AlarmSettingsSchema,
  }),
  // Operator, like the journal: it names who changed what.
  'alarms.listSettingsVersions': method({
    doc: "The alarm settings' changes, newest first: who changed them, when, and the settings before and after.",
    role: 'operator',
    params: z.object({ limit: LIMIT }).strict(),
    result: z.object({
      versions: z.array(
        z.object({
          version: z.number().int().min(1),
          changedMs: EpochMsSchema,
          changedBy: z.string(),
          before: AlarmSettingsSchema.nullable(),
          after: AlarmSettingsSchema,
        }),
      ),
    }),
  }),
  'site.exportConfig': method({
    doc: 'The whole site configuration as one file: brokers (no secrets), mapping rules and fallback, configured devices and tags.',
    role: 'engineer',
    params: z.object({}).strict(),
    result: SiteConfigFileSchema,
  }),
  /**
   * Admin: it can rewire the site to other brokers. The file is taken as anything so that a
   * wrong one is answered with every problem in it, not refused at the door with three.
   */
  'site.importConfig': method({
    doc: 'Checks a site configuration file and says what it would change (dryRun), or applies it; invalid: every problem, nothing changed.',
    role: 'admin',
    params: z.object({ file: z.unknown(), dryRun: z.boolean() }).strict(),
    result: ImportResultSchema,
  }),
  'models.list': method({
    doc: 'Every model binding with its state and statistics, the model files there are, and the model runtime.',
    role: 'viewer',
    params: z.object({}).strict(),
    result: z.object({
      runtime: InferenceRuntimeSchema,
      files: z.array(ModelFileInfoSchema),
      models: z.array(ModelStatusSchema),
    }),
  }),
  'models.getSignature': method({
    doc: "A model file's inputs and outputs (names, element types, shapes) as onnxruntime reads them.",
    role: 'viewer',
    params: z.object({ file: ModelFileSchema }).strict(),
    result: ModelSignatureSchema,
  }),
  /**
   * Engineer: it adds or replaces a model file. The bytes travel as such (IPC, or the HTTP
   * endpoint `POST /api/models/{file}`), never as JSON over the WebSocket.
   */
  'models.importFile': method({
    doc: "Puts a model file into the data folder's models/ once onnxruntime has loaded it; a file it cannot load is refused and nothing is replaced.",
    role: 'engineer',
    params: z
      .object({
        file: ModelFileSchema,
        data: z
          .instanceof(Uint8Array)
          .refine(
            (d) => d.length <= MAX_MODEL_FILE_BYTES,
            `a model file holds at most ${MAX_MODEL_FILE_BYTES} bytes`,
          ),
      })
      .strict(),
    result: z.object({ file: ModelFileInfoSchema, signature: ModelSignatureSchema }),
  }),
  'models.saveBinding': method({
    doc: 'Saves a model binding (new or changed), checked against its model; in force at once. Refused if baseVersion is not the stored one.',
    role: 'engineer',
    params: z.object({ binding: ModelBindingSchema, baseVersion: VERSION }).strict(),
    result: ModelStatusSchema,
  }),
  'models.setEnabled': method({
    doc: 'Enables or disables a binding (stored as a new version); enabling one taken out after a failure retries it.',
    role: 'engineer',
    params: z.object({ id: ModelIdSchema, enabled: z.boolean() }).strict(),
    result: ModelStatusSchema,
  }),
  'models.deleteBinding': method({
    doc: 'Deletes a stored binding (journaled); its outputs turn bad. A demo default with the same id comes back.',
    role: 'engineer',
    params: z.object({ id: ModelIdSchema, baseVersion: VERSION }).strict(),
    result: z.object({ id: ModelIdSchema, status: ModelStatusSchema.nullable() }),
  }),
  'models.listBindingVersions': method({
    doc: "A binding's changes, newest first: who, when, before and after (after null: deleted).",
    role: 'viewer',
    params: z.object({ id: ModelIdSchema, limit: LIMIT }).strict(),
    result: z.object({ id: ModelIdSchema, versions: z.array(ModelBindingVersionSchema) }),
  }),
  /** Engineer: it runs a model over history, which costs the worker time the live bindings share. */
  'models.testRun': method({
    doc: 'Runs a binding (saved or draft) over a historical period: outputs beside the newest inputs at each run time.',
    role: 'engineer',
    params: z
      .object({ binding: ModelBindingSchema, from: EpochMsSchema, to: EpochMsSchema })
      .strict()
      .refine(inOrder, IN_ORDER)
      .refine((p) => p.to - p.from <= 31 * 86_400_000, {
        message: 'a test run covers at most 31 days',
        path: ['to'],
      }),
    result: TestRunResultSchema,
  }),
  'models.learnNormal': method({
    doc: 'Learns a baseline of normal operation of tags from a historical period (PCA), writes it as an ONNX model and saves its binding.',
    role: 'engineer',
    params: z
      .object({
        id: ModelIdSchema,
        tags: z.array(TagIdSchema).min(2).max(32),
        from: EpochMsSchema,
        to: EpochMsSchema,
        /** The grid the tags are sampled on, and how often the learned model runs. */
        stepMs: z.number().int().min(100).max(3_600_000).default(1_000),
        /** Share of variance the kept components explain. */
        variance: z.number().min(0.5).max(0.999).default(0.95),
        /** The derived tag of the score: 1 at the edge of normal. */
        output: DerivedTagSchema,
        /** The binding's version when learning again over one that exists; 0 for a new one. */
        baseVersion: VERSION.default(0),
      })
      .strict()
      .refine(inOrder, IN_ORDER)
      .refine((p) => p.to - p.from <= 366 * 86_400_000, {
        message: 'at most a year of history',
        path: ['to'],
      }),
    result: z.object({
      status: ModelStatusSchema,
      baseline: z.object({
        file: ModelFileSchema,
        components: z.number().int().min(1),
        explained: z.number().min(0).max(1),
        limit: z.number().positive(),
        rows: z.number().int().min(1),
      }),
    }),
  }),
  'sync.status': method({
    doc: 'Cloud sync: link state and why, last successful sync, throughput, backlog per stream, outbox fill.',
    role: 'viewer',
    params: z.object({}).strict(),
    result: SyncStatusSchema,
  }),
  'sync.settings': method({
    doc: 'The cloud sync settings with their version; passwords are named by credential id, never given.',
    role: 'viewer',
    params: z.object({}).strict(),
    result: z.object({ settings: SyncSettingsSchema, version: VERSION }),
  }),
  'sync.saveSettings': method({
    doc: 'Replaces the cloud sync settings, in force at once (audited); refused if baseVersion is not the stored one.',
    role: 'engineer',
    params: z.object({ settings: SyncSettingsSchema, baseVersion: VERSION }).strict(),
    result: z.object({ version: VERSION }),
  }),
  /** Admin: what is dropped never reaches the cloud. The drop is journaled (audit stream) with what went. */
  'sync.dropBacklog': method({
    doc: 'Drops waiting backlog of one stream or all backfill, before a time, with a mandatory reason; journaled.',
    role: 'admin',
    params: DropBacklogRequestSchema,
    result: z.object({ batches: z.number().int().min(0), records: z.number().int().min(0) }),
  }),
  'sync.reconnect': method({
    doc: 'Connects to the cloud broker now instead of waiting out the backoff.',
    role: 'operator',
    params: z.object({}).strict(),
    result: z.object({}),
  }),
} as const;

export const events = {
  onTagValues: {
    doc: 'Changed current values of subscribed tags, coalesced: at most ten batches a second.',
    payload: z.object({ values: z.array(TagValueSchema) }),
  },
  onTagsDiscovered: {
    doc: "Tags seen for the first time, or described anew (a birth, a new topic, an engineer's edit).",
    payload: z.object({ tags: z.array(TagMetaSchema) }),
  },
  onHealth: {
    doc: 'Health, whenever the broker link or historian state changes and every few seconds.',
    payload: HealthSchema,
  },
  onDevices: {
    doc: 'Devices whose online state or configuration changed.',
    payload: z.object({ devices: z.array(DeviceSchema) }),
  },
  onAlarms: {
    doc: 'Alarms that changed (raised, cleared, acknowledged, shelved…) and ids that left the list, coalesced: at most ten batches a second.',
    payload: z.object({
      alarms: z.array(AlarmSchema),
      removed: z.array(z.string()),
      counts: AlarmCountsSchema,
    }),
  },
  onCommand: {
    doc: "A command's journal record whenever its outcome changes (sending, sent, echoed, timed out, refused).",
    payload: CommandRecordSchema,
  },
  onSync: {
    doc: 'Cloud sync status whenever it changes in a way the operator sees, at most once a second.',
    payload: SyncStatusSchema,
  },
} as const;

export type MethodName = keyof typeof methods;
export type EventName = keyof typeof events;
export type Params<M extends MethodName> = z.input<(typeof methods)[M]['params']>;
export type ParsedParams<M extends MethodName> = z.output<(typeof methods)[M]['params']>;
export type Result<M extends MethodName> = z.output<(typeof methods)[M]['result']>;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]['payload']>;

export const methodNames = Object.keys(methods) as MethodName[];

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.hasOwn(methods, name);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(events, name);
}

/** What the renderer sees, whichever transport carries it. */
export interface ControlRoomApi {
  call<M extends MethodName>(method: M, params: Params<M>): Promise<Result<M>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}
