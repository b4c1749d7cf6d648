import { describe, expect, it } from 'vitest';
import { InputErrors } from '../../../../../electron/connectivity/inputErrors.js';
import { compileRule } from '../../../../../electron/connectivity/json/compiledRules.js';
import { JsonMappingEngine } from '../../../../../electron/connectivity/json/mappingEngine.js';
import { shippedRules } from '../../../../../electron/connectivity/json/shippedRules.js';
import { createMemoryLogger } from '../../../../../electron/platform/logger.js';
import { Quality } from '../../../../../shared/quality.js';

const NOW = Date.UTC(2026, 0, 1, 12);

function setup() {
  const log = createMemoryLogger();
  const errors = new InputErrors(log);
  const decoder = new JsonMappingEngine(errors, () => NOW);
  decoder.setRules(shippedRules('factory').map(compileRule));
  return { decoder, errors, log };
}

const bytes = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));

describe('the shipped JSON mapping', () => {
  it('turns a demo payload into a tag and a sample', () => {
    const { decoder } = setup();
    const events = decoder.handle(
      'factory/line1/pump3/vibration',
      bytes({ sensor_id: 'vib-001', value: 4.21, unit: 'mm/s', ts: '2026-01-01T00:00:00Z', seq: 7 }),
    );
    expect(events).toEqual([
      {
        kind: 'tags',
        device: { id: 'line1/pump3', area: 'line1', protocol: 'json' },
        tags: [
          expect.objectContaining({
            id: 'line1/pump3/vibration',
            unit: 'mm/s',
            device: 'line1/pump3',
            dataType: 'number',
          }),
        ],
      },
      {
        kind: 'samples',
        device: { id: 'line1/pump3', area: 'line1', protocol: 'json' },
        samples: [
          { tag: 'line1/pump3/vibration', ts: Date.UTC(2026, 0, 1), value: 4.21, quality: Quality.Good },
        ],
      },
    ]);
  });

  it('announces a tag once, then only samples', () => {
    const { decoder } = setup();
    decoder.handle('factory/a/d/t', bytes({ value: 1 }));
    expect(decoder.handle('factory/a/d/t', bytes({ value: 2 })).map((e) => e.kind)).toEqual(['samples']);
  });

  it.each([
    [1767225600, Date.UTC(2026, 0, 1)],
    [1767225600000, Date.UTC(2026, 0, 1)],
    ['2026-01-01T01:00:00+01:00', Date.UTC(2026, 0, 1)],
  ])('reads the timestamp %s', (ts, expected) => {
    const [, samples] = setup().decoder.handle('factory/a/d/t', bytes({ value: 1, ts }));
    expect(samples).toMatchObject({ samples: [{ ts: expected }] });
  });

  it('stores booleans as 0 and 1 and maps stated quality', () => {
    const { decoder } = setup();
    const [tags, samples] = decoder.handle('factory/a/p/running', bytes({ value: true }));
    expect(tags).toMatchObject({ tags: [{ dataType: 'boolean' }] });
    expect(samples).toMatchObject({ samples: [{ value: 1 }] });
    expect(decoder.handle('factory/a/p/t', bytes({ value: 3, quality: 'bad' }))[1]).toMatchObject({
      samples: [{ value: 3, quality: Quality.BadSensorFailure }],
    });
  });

  it('counts and logs once a value that is not a number, and records the tag as bad', () => {
    const { decoder, errors, log } = setup();
    decoder.handle('factory/a/d/t', bytes({ value: 1 }));
    for (let i = 0; i < 5; i++) {
      expect(decoder.handle('factory/a/d/t', bytes({ value: 'ERR' }))).toEqual([
        {
          kind: 'samples',
          device: expect.anything(),
          samples: [{ tag: 'a/d/t', ts: NOW, value: null, quality: Quality.BadTypeMismatch }],
        },
      ]);
    }
    expect(errors.snapshot().errors).toEqual({ 'json.value_not_number': 5 });
    expect(log.lines.filter((line) => line.includes('json.value_not_number'))).toHaveLength(1);
  });

  it.each([
    ['factory/a/d/t', '{"value": 1', 'json.invalid'],
    ['factory/a/d/t', '[1,2,3]', 'json.not_object'],
    ['factory/a/d/t', '42', 'json.not_object'],
    ['factory/a/d/t', 'null', 'json.not_object'],
    ['factory/a', '{"value":1}', 'topic.unmapped'],
    ['factory/a//t', '{"value":1}', 'topic.unmapped'],
    ['factory/a/d/t', 'x'.repeat(300 * 1024), 'json.too_large'],
  ])('rejects %s with %j as %s', (topic, payload, cause) => {
    const { decoder, errors } = setup();
    expect(decoder.handle(topic, bytes(payload))).toEqual([]);
    expect(errors.snapshot().errors).toEqual({ [cause]: 1 });
  });

  it('uses the time of receipt for an unreadable timestamp and says so', () => {
    const { decoder, errors } = setup();
    expect(decoder.handle('factory/a/d/t', bytes({ value: 1, ts: 'soon' }))[1]).toMatchObject({
      samples: [{ ts: NOW }],
    });
    expect(errors.snapshot().errors).toEqual({ 'json.bad_timestamp': 1 });
  });
});

describe('the shipped JSON mapping with texts and state tables', () => {
  it('makes a tag first seen with a text a string tag, and its values texts', () => {
    const { decoder, errors } = setup();
    const [tags, texts] = decoder.handle('factory/line1/conveyor1/batch', bytes({ value: 'B4821 rye mash' }));
    expect(tags).toMatchObject({ kind: 'tags', tags: [{ id: 'line1/conveyor1/batch', dataType: 'string' }] });
    expect(texts).toEqual({
      kind: 'texts',
      device: expect.anything(),
      texts: [{ tag: 'line1/conveyor1/batch', ts: NOW, text: 'B4821 rye mash', quality: Quality.Good }],
    });
    expect(decoder.handle('factory/line1/conveyor1/batch', bytes({ value: 'B4822' }))).toEqual([
      {
        kind: 'texts',
        device: expect.anything(),
        texts: [{ tag: 'line1/conveyor1/batch', ts: NOW, text: 'B4822', quality: Quality.Good }],
      },
    ]);
    expect(errors.snapshot().errorTotal).toBe(0);
  });

  it('hands an oversize text on whole: ingest cuts and flags it', () => {
    const { decoder } = setup();
    const long = 'x'.repeat(5000);
    const [, texts] = decoder.handle('factory/a/d/note', bytes({ value: long }));
    expect(texts).toMatchObject({ texts: [{ text: long }] });
  });

  it('makes an integer with a states table an enum tag with that table', () => {
    const { decoder } = setup();
    const [tags, samples] = decoder.handle(
      'factory/line1/pump1/state',
      bytes({ value: 1, states: '0=Stopped;1=Running;2=Tripped' }),
    );
    expect(tags).toMatchObject({
      tags: [
        {
          dataType: 'enum',
          states: [
            { value: 0, label: 'Stopped' },
            { value: 1, label: 'Running' },
            { value: 2, label: 'Tripped' },
          ],
        },
      ],
    });
    expect(samples).toMatchObject({ kind: 'samples', samples: [{ value: 1, quality: Quality.Good }] });
    const again = decoder.handle(
      'factory/line1/pump1/state',
      bytes({ value: 2, states: '0=Stopped;1=Running;2=Tripped' }),
    );
    expect(again.map((event) => event.kind)).toEqual(['samples']);
  });

  it('keeps the readable states of a table with unreadable entries, and counts them', () => {
    const { decoder, errors } = setup();
    const [tags] = decoder.handle('factory/a/d/mode', bytes({ value: 0, states: '0=Auto;one=Manual;2=' }));
    expect(tags).toMatchObject({ tags: [{ dataType: 'enum', states: [{ value: 0, label: 'Auto' }] }] });
    expect(errors.snapshot().errors).toEqual({ 'json.invalid_states': 1 });
  });

  it('records a number sent to a string tag as a bad text, and a text sent to a numeric tag as a bad sample', () => {
    const { decoder, errors } = setup();
    decoder.handle('factory/a/d/note', bytes({ value: 'hello' }));
    decoder.handle('factory/a/d/flow', bytes({ value: 12.5 }));
    expect(decoder.handle('factory/a/d/note', bytes({ value: 42 }))).toEqual([
      {
        kind: 'texts',
        device: expect.anything(),
        texts: [{ tag: 'a/d/note', ts: NOW, text: null, quality: Quality.BadTypeMismatch }],
      },
    ]);
    expect(decoder.handle('factory/a/d/flow', bytes({ value: 'ERR' }))).toEqual([
      {
        kind: 'samples',
        device: expect.anything(),
        samples: [{ tag: 'a/d/flow', ts: NOW, value: null, quality: Quality.BadTypeMismatch }],
      },
    ]);
    expect(errors.snapshot().errors).toEqual({ 'json.value_not_text': 1, 'json.value_not_number': 1 });
  });

  it('counts a field that breaks the payload format apart from the value', () => {
    const { decoder, errors } = setup();
    decoder.handle('factory/a/d/t', bytes({ value: 1, unit: 'u'.repeat(40) }));
    expect(errors.snapshot().errors).toEqual({ 'json.bad_field': 1 });
  });
});
