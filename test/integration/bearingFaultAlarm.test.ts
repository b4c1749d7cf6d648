import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pumpBearingBinding } from '../../electron/inference/shipped/demoBindings.js';
import { createMemoryLogger } from '../../electron/platform/logger.js';
import { startServing, type Serving } from '../../electron/serve.js';
import { createPlant } from '../../electron/simulator/plantModel.js';
import type { AlarmJournalEntry } from '../../shared/alarms.js';
import { Quality } from '../../shared/quality.js';
import { startMosquitto, type MosquittoHandle } from '../helpers/mosquitto.js';
import { makeTempDir } from '../helpers/tempDir.js';
import { waitFor } from '../helpers/waitFor.js';
import { connectWs, type WsClient } from '../helpers/wsClient.js';

/** The demo's vibration alarm limit (ISO 10816, mm/s). */
const VIBRATION_LIMIT = 7.1;
const SIGNALS = ['vibration', 'running', 'speed_setpoint'] as const;
/** Of the simulated fault, seconds sent as history before the live part starts. */
const HISTORY_S = 90;
/** Seconds before vibration reaches its limit that the live part starts. */
const LEAD_S = 40;

interface Second {
  values: Record<(typeof SIGNALS)[number], number>;
}

/**
 * The demo plant's own physics (the simulator's plant model, stepped 1 s at a time on its own
 * clock) up to its first bearing-wear fault on a pump: the seconds of that pump from HISTORY_S
 * before the live part to the moment vibration passes its limit, and a little after.
 */
function simulatedBearingFault(): { area: string; device: string; seconds: Second[]; crossing: number } {
  const plant = createPlant({ seed: 1, startMs: Date.UTC(2026, 0, 5, 8) });
  const history = new Map<string, Second[]>();
  let t = Date.UTC(2026, 0, 5, 8);
  for (let step = 0; step < 3 * 3600; step++, t += 1000) {
    for (const reading of plant.step(t)) {
      const byName = Object.fromEntries(reading.values.map((v) => [v.name, Number(v.value)]));
      if (!SIGNALS.every((s) => s in byName)) continue;
      const key = `${reading.area}/${reading.device}`;
      const list = history.get(key) ?? [];
      list.push({ values: byName as Second['values'] });
      history.set(key, list);
    }
    const wear = plant.activeEvents().find((e) => e.kind === 'bearingWear');
    const seconds = wear && history.get(`${wear.area}/${wear.device}`);
    if (wear && seconds && seconds.at(-1)!.values.vibration >= VIBRATION_LIMIT) {
      // Carry on a minute past the crossing, so the live part sees the limit passed.
      for (let extra = 0; extra < 60; extra++, t += 1000) {
        const reading = plant.step(t + 1000).find((r) => r.area === wear.area && r.device === wear.device)!;
        seconds.push({
          values: Object.fromEntries(
            reading.values.map((v) => [v.name, Number(v.value)]),
          ) as Second['values'],
        });
      }
      const crossing = seconds.length - 61;
      return { area: wear.area, device: wear.device, seconds, crossing };
    }
  }
  throw new Error('no bearing wear reached the vibration limit in 3 simulated hours');
}

/**
 * The end-to-end scenario over real parts: the simulator's bearing fault, sent over a
 * real Mosquitto as a device would (its recent past first, timestamped, then live at 1 Hz) →
 * the shipped bearing model in the real onnxruntime → the derived anomaly score → a level alarm
 * on it → the alarm journal — raised before vibration's own limit alarm.
 */
describe('a bearing fault from the simulator to the alarm journal', () => {
  let broker: MosquittoHandle;
  let serving: Serving;
  let device: MqttClient;
  let ws: WsClient;
  const dir = makeTempDir();
  const fault = simulatedBearingFault();
  const pump = `test/${fault.device}`;
  const score = `${pump}/anomaly_score`;
  const vibration = `${pump}/vibration`;

  const publishSecond = (second: Second, ts: number) =>
    Promise.all(
      SIGNALS.map((signal) =>
        device.publishAsync(
          `factory/${pump}/${signal}`,
          JSON.stringify({ value: second.values[signal], ts }),
          {
            qos: 1,
          },
        ),
      ),
    );
  const configureAlarm = async (tag: string, value: number, message: string) => {
    const answer = await ws.call('tags.configure', {
      tag,
      config: { alarms: [{ kind: 'H', value, deadband: 0, priority: 'high', message }] },
      baseVersion: 0,
    });
    expect(answer, tag).toMatchObject({ ok: true });
  };

  beforeAll(async () => {
    broker = await startMosquitto();
    serving = await startServing({
      runtime: { dataDir: dir.path, brokerUrl: broker.url, demo: false, clientId: 'wk-bearing-e2e' },
      port: 0,
      log: createMemoryLogger(),
    });
    device = await mqtt.connectAsync(broker.url, { clientId: 'bearing-e2e-device' });
    ws = await connectWs(serving.url);
  });

  afterAll(async () => {
    ws?.close();
    await device?.endAsync();
    await serving?.stop();
    await broker?.stop();
    dir.remove();
  });

  it(
    'raises the anomaly alarm from the shipped model before the vibration limit alarm',
    { timeout: 240_000 },
    async () => {
      const liveStart = fault.crossing - LEAD_S;
      expect(liveStart - HISTORY_S).toBeGreaterThanOrEqual(0);
      const startedAt = Date.now();
      // The pump's recent past, as a device with a buffer would send it: timestamped, in order.
      for (let i = liveStart - HISTORY_S; i < liveStart; i++)
        await publishSecond(fault.seconds[i]!, startedAt - (liveStart - i) * 1000);
      await waitFor('the pump tags', () => serving.runtime.tags.get(`${pump}/speed_setpoint`) !== undefined);
      await configureAlarm(vibration, VIBRATION_LIMIT, 'Vibration high');

      const binding = { ...pumpBearingBinding(pump), id: 'bearing-test-pump' };
      const saved = await ws.call('models.saveBinding', { binding, baseVersion: 0 });
      expect(saved).toMatchObject({ ok: true, result: { binding: { model: 'pump_bearing.onnx' } } });
      await waitFor('the derived score tag', () => serving.runtime.tags.get(score) !== undefined);
      await configureAlarm(score, 0.5, 'Bearing wear (model)');

      // Then live, one second a second, until both alarms are in the journal.
      const journal = async () => {
        const answer = (await ws.call('alarms.queryJournal', {
          filter: { from: startedAt - HISTORY_S * 1000, to: Date.now() + 1000, state: ['unacked'] },
        })) as { ok: boolean; result: { entries: AlarmJournalEntry[] } };
        return answer.result.entries;
      };
      let raised: AlarmJournalEntry[] = [];
      for (let i = liveStart; i < fault.seconds.length; i++) {
        const tick = Date.now();
        await publishSecond(fault.seconds[i]!, tick);
        raised = await journal();
        if (raised.some((e) => e.tag === vibration) && raised.some((e) => e.tag === score)) break;
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, 1000 - (Date.now() - tick))));
      }
      const first = (tag: string) => raised.filter((e) => e.tag === tag).sort((a, b) => a.seq - b.seq)[0];
      expect(first(score)).toMatchObject({
        alarm: `${score}#level`,
        message: 'Bearing wear (model)',
        level: 'H',
      });
      expect(first(vibration)).toMatchObject({ alarm: `${vibration}#level`, level: 'H' });
      // On a good score past the limit, not on a bad output.
      expect(first(score)!.value).toBeGreaterThanOrEqual(0.5);
      expect(first(score)!.quality).toBe(Quality.Good);
      expect(first(score)!.seq).toBeLessThan(first(vibration)!.seq);
    },
  );
});
