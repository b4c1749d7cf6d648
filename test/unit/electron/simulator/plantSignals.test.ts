import { describe, expect, it } from 'vitest';
import { InputErrors } from '../../../../electron/connectivity/inputErrors.js';
import type { IngestEvent } from '../../../../electron/connectivity/ingestEvents.js';
import { compileRule } from '../../../../electron/connectivity/json/compiledRules.js';
import { JsonMappingEngine } from '../../../../electron/connectivity/json/mappingEngine.js';
import { shippedRules } from '../../../../electron/connectivity/json/shippedRules.js';
import { SparkplugHost } from '../../../../electron/connectivity/sparkplug/host.js';
import { createMemoryLogger } from '../../../../electron/platform/logger.js';
import { JsonFormatter } from '../../../../electron/simulator/jsonPublisher.js';
import { createPlant, type DeviceReading } from '../../../../electron/simulator/plantModel.js';
import { batchName, PUMP_STATES } from '../../../../electron/simulator/plantSignals.js';
import { SparkplugEdgeNode } from '../../../../electron/simulator/sparkplugEdgeNode.js';

const START = Date.UTC(2026, 0, 1, 10);

const valueOf = (reading: DeviceReading, name: string) => reading.values.find((v) => v.name === name);

describe('the demo plant state and batch tags', () => {
  it('gives each pump a state that agrees with its running flag, Tripped while a worn bearing has it down', () => {
    const plant = createPlant({ seed: 1, startMs: START });
    const seen = new Set<number>();
    const problems: string[] = [];
    for (let t = 0; t <= 3600; t += 5) {
      const readings = plant.step(START + t * 1000);
      const down = new Set(
        plant
          .activeEvents()
          .filter((e) => e.kind === 'bearingWear' && START + t * 1000 >= e.endMs - 60_000)
          .map((e) => e.device),
      );
      for (const reading of readings.filter((r) => r.device.startsWith('pump'))) {
        const state = valueOf(reading, 'state')?.value as number;
        const running = valueOf(reading, 'running')?.value === true;
        seen.add(state);
        const expected = down.has(reading.device) ? 2 : running ? 1 : 0;
        if (state !== expected) problems.push(`${t}s ${reading.device}: state ${state}, running ${running}`);
      }
    }
    expect(problems).toEqual([]);
    expect([...seen].sort()).toEqual([0, 1, 2]);
    expect(plant.devices.find((d) => d.kind === 'pump')?.tags.find((t) => t.name === 'state')).toMatchObject({
      dataType: 'enum',
      states: PUMP_STATES,
    });
  });

  it('names the batch on each line conveyor, and moves on to a new batch every so often while it runs', () => {
    const plant = createPlant({ seed: 2, startMs: START });
    const texts = new Map<string, Set<string>>();
    for (let t = 0; t <= 3600; t += 10) {
      for (const reading of plant.step(START + t * 1000)) {
        const batch = valueOf(reading, 'batch');
        if (!batch) continue;
        expect(batch.text).toBe(batchName(batch.value as number));
        texts.set(reading.device, (texts.get(reading.device) ?? new Set()).add(batch.text ?? ''));
      }
    }
    expect([...texts.keys()].sort()).toEqual(['conveyor1', 'conveyor2', 'conveyor3']);
    for (const names of texts.values()) {
      expect(names.size).toBeGreaterThanOrEqual(2);
      expect(names.size).toBeLessThanOrEqual(8);
    }
    expect(batchName(4822)).toBe('B4822 rye mash');
  });
});

/** The plant's messages through the app's own decoders, as ingest will see them. */
function decodedKinds(events: IngestEvent[]) {
  const tags = new Map<string, string>();
  const states = new Map<string, unknown>();
  const texts = new Map<string, string | null>();
  for (const event of events) {
    if (event.kind === 'tags')
      for (const tag of event.tags) {
        tags.set(tag.id, tag.dataType);
        if (tag.states) states.set(tag.id, tag.states);
      }
    if (event.kind === 'texts') for (const text of event.texts) texts.set(text.tag, text.text);
  }
  return { tags, states, texts };
}

describe('the demo plant publishers with state and batch tags', () => {
  const plant = () => createPlant({ devices: 3, seed: 4, startMs: START });

  it('publish the pump state as an enum with its table and the batch as a text over Sparkplug', () => {
    const p = plant();
    const errors = new InputErrors(createMemoryLogger());
    const host = new SparkplugHost({ errors, requestRebirth: () => {}, deliver: () => {}, now: () => START });
    const node = new SparkplugEdgeNode({ edgeNodeId: 'line1', devices: p.devices });
    node.beginSession(0);
    const readings = p.step(START);
    const messages = [
      ...node.birthMessages(readings, START),
      ...node.dataMessages(p.step(START + 1000), START + 1000),
    ];
    const events = messages.flatMap((m) => host.handle(m.topic.split('/'), Buffer.from(m.payload)));
    const { tags, states, texts } = decodedKinds(events);
    expect(tags.get('line1/pump1/state')).toBe('enum');
    expect(states.get('line1/pump1/state')).toEqual(PUMP_STATES);
    expect(tags.get('line1/conveyor1/batch')).toBe('string');
    expect(texts.get('line1/conveyor1/batch')).toMatch(/^B\d+ /);
    expect(errors.snapshot().errorTotal).toBe(0);
  });

  it('publish the same over plain JSON, the state table with every message', () => {
    const p = plant();
    const errors = new InputErrors(createMemoryLogger());
    const decoder = new JsonMappingEngine(errors, () => START);
    decoder.setRules(shippedRules('factory').map(compileRule));
    const formatter = new JsonFormatter(p.devices);
    const messages = formatter.messages(p.step(START), START);
    const state = messages.find((m) => m.topic === 'factory/line1/pump1/state');
    expect(JSON.parse(String(state?.payload))).toMatchObject({ states: '0=Stopped;1=Running;2=Tripped' });
    const events = messages.flatMap((m) => decoder.handle(m.topic, Buffer.from(m.payload)));
    const { tags, states, texts } = decodedKinds(events);
    expect(tags.get('line1/pump1/state')).toBe('enum');
    expect(states.get('line1/pump1/state')).toEqual(PUMP_STATES);
    expect(tags.get('line1/conveyor1/batch')).toBe('string');
    expect(texts.get('line1/conveyor1/batch')).toMatch(/^B\d+ /);
    expect(errors.snapshot().errorTotal).toBe(0);
  });
});
