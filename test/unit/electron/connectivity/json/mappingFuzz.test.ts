import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileRule } from '../../../../../electron/connectivity/json/compiledRules.js';
import { JsonMappingEngine } from '../../../../../electron/connectivity/json/mappingEngine.js';
import { shippedRules } from '../../../../../electron/connectivity/json/shippedRules.js';
import type { IngestEvent } from '../../../../../electron/connectivity/ingestEvents.js';
import { TagIdSchema } from '../../../../../shared/domain.js';
import { MappingRuleSchema, type MappingRuleDraft } from '../../../../../shared/jsonMapping.js';
import { Quality } from '../../../../../shared/quality.js';

/** A nested/array rule set beside the shipped one: what a gateway with its own JSON gets. */
const nestedRules: MappingRuleDraft[] = [
  {
    name: 'readings',
    topic: 'plant/{area}/{device}/telemetry',
    maxTagsPerMessage: 50,
    points: [
      {
        value: '$.readings[*].value',
        tag: '{$.readings[*].name}',
        unit: '{$.readings[*].unit}',
        timestamp: { path: '$.readings[*].t', format: 'auto' },
        quality: { path: '$.readings[*].q', map: { OK: 'good', '0': 'bad' } },
        states: '$.readings[*].states',
      },
      { value: '$.status.*.*', tag: 'status/{key1}/{key2}', description: '{$.status.*.label}' },
    ],
  },
  {
    name: 'array root',
    topic: 'arr/{area}/{device}/{tag#}',
    points: [{ value: '$[*]', tag: '{tag}/{key}', timestamp: { path: '$[0]', format: 'epoch_ms' } }],
  },
  { ...shippedDraft(), topic: 'factory/{area}/{device}/{tag#}' },
];

function shippedDraft(): MappingRuleDraft {
  const { id: _id, updatedMs: _u, savedBy: _s, ...draft } = shippedRules('factory')[0]!;
  return draft;
}

function engine() {
  const counted: string[] = [];
  const decoder = new JsonMappingEngine({ record: (cause) => counted.push(cause) }, () => 1_767_225_600_000);
  decoder.setRules(
    nestedRules.map((draft, i) =>
      compileRule(MappingRuleSchema.parse({ ...draft, id: `r${i}`, updatedMs: 0, savedBy: 'fuzz' })),
    ),
  );
  return { decoder, counted };
}

const topics = fc.oneof(
  fc.constantFrom(
    'plant/north/gw1/telemetry',
    'arr/a/d/x',
    'factory/line1/pump3/flow',
    'factory/a/d/t/deeper',
    'factory/a',
    'elsewhere/x',
  ),
  // Levels a device makes up: spaces, control characters, wildcards where a broker would allow them.
  fc
    .tuple(
      fc.constantFrom('factory', 'plant', 'arr'),
      fc.array(fc.string({ maxLength: 12 }), { minLength: 1, maxLength: 5 }),
    )
    .map(([first, rest]) => [first, ...rest].join('/')),
);

/** Values a sloppy device puts where a rule expects a reading. */
const reading = fc.record(
  {
    name: fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.jsonValue({ maxDepth: 1 })),
    value: fc.oneof(fc.double(), fc.boolean(), fc.string(), fc.constant(null), fc.jsonValue({ maxDepth: 1 })),
    unit: fc.oneof(fc.string({ maxLength: 40 }), fc.integer()),
    t: fc.oneof(fc.string(), fc.double(), fc.integer(), fc.constant(null)),
    q: fc.oneof(fc.constantFrom('OK', 'good', 'bad', 'stale', 'nope'), fc.integer()),
    states: fc.oneof(fc.string(), fc.constant('0=Off;1=On')),
  },
  { requiredKeys: [] },
);
const shaped = fc.oneof(
  fc.record({ readings: fc.array(reading, { maxLength: 80 }), status: fc.jsonValue({ maxDepth: 3 }) }),
  fc.record({
    value: fc.jsonValue({ maxDepth: 2 }),
    ts: fc.jsonValue({ maxDepth: 1 }),
    unit: fc.jsonValue(),
  }),
  fc.array(fc.jsonValue({ maxDepth: 2 })),
);

function checkEvents(events: IngestEvent[]): void {
  for (const event of events) {
    if (event.kind === 'tags')
      for (const tag of event.tags) expect(TagIdSchema.safeParse(tag.id).success).toBe(true);
    if (event.kind === 'samples')
      for (const s of event.samples) expect(Number.isFinite(s.ts) && s.ts >= 0 && s.ts <= 8.64e15).toBe(true);
  }
  const produced = events.reduce(
    (n, e) => n + (e.kind === 'samples' ? e.samples.length : e.kind === 'texts' ? e.texts.length : 0),
    0,
  );
  expect(produced).toBeLessThanOrEqual(1_000 + 50);
}

describe('the JSON mapping engine under fuzzing', () => {
  // Regression: a describing JSON.stringify of the whole payload would overflow the stack here.
  it('counts a payload nested 100,000 deep without overflowing the stack', () => {
    const { decoder, counted } = engine();
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    expect(decoder.handle('factory/a/d/t', Buffer.from(deep))).toEqual([]);
    expect(decoder.handle('arr/a/d/t', Buffer.from(deep))).toMatchObject([
      { kind: 'samples', samples: [{ tag: 'a/d/t/0', value: null, quality: Quality.BadTypeMismatch }] },
    ]);
    expect(counted).toEqual(['json.not_object', 'json.value_not_number']);
  });

  it('never throws on random JSON values, and names only legal tags', () => {
    const { decoder } = engine();
    fc.assert(
      fc.property(topics, fc.jsonValue({ maxDepth: 6 }), (topic, value) => {
        checkEvents(decoder.handle(topic, Buffer.from(JSON.stringify(value) ?? 'null')));
      }),
      { numRuns: 400 },
    );
  });

  it('never throws on payloads shaped like the rules expect, but wrong in every way', () => {
    const { decoder } = engine();
    fc.assert(
      fc.property(topics, shaped, (topic, value) => {
        checkEvents(decoder.handle(topic, Buffer.from(JSON.stringify(value))));
      }),
      { numRuns: 400 },
    );
  });

  it('never throws on random bytes, and counts each one it refuses', () => {
    const { decoder, counted } = engine();
    fc.assert(
      fc.property(topics, fc.uint8Array({ maxLength: 512 }), (topic, bytes) => {
        const before = counted.length;
        const events = decoder.handle(topic, bytes);
        checkEvents(events);
        if (events.length === 0) expect(counted.length).toBeGreaterThan(before);
      }),
      { numRuns: 400 },
    );
  });
});
