import { describe, expect, it } from 'vitest';
import { JsonFormatter, type JsonSample } from '../../../../electron/simulator/jsonPublisher.js';
import type { DeviceDef, DeviceReading } from '../../../../electron/simulator/plantModel.js';

const T = Date.UTC(2026, 0, 1);

const devices: DeviceDef[] = [
  {
    area: 'line1',
    id: 'pump3',
    kind: 'pump',
    tags: [
      {
        name: 'running',
        unit: '',
        description: 'Motor run feedback',
        dataType: 'boolean',
        engLow: 0,
        engHigh: 1,
      },
      {
        name: 'vibration',
        unit: 'mm/s',
        description: 'Vibration',
        dataType: 'number',
        engLow: 0,
        engHigh: 25,
      },
    ],
  },
];

function reading(options: { online?: boolean; bad?: boolean } = {}): DeviceReading[] {
  return [
    {
      area: 'line1',
      device: 'pump3',
      online: options.online ?? true,
      values: [
        { name: 'running', value: true, bad: false },
        { name: 'vibration', value: 4.21, bad: options.bad ?? false },
      ],
    },
  ];
}

function bodies(formatter: JsonFormatter, readings: DeviceReading[], nowMs = T): Array<[string, JsonSample]> {
  return formatter
    .messages(readings, nowMs)
    .map((m) => [m.topic, JSON.parse(String(m.payload)) as JsonSample]);
}

describe('JsonFormatter', () => {
  it('publishes one message per tag on factory/{area}/{device}/{tag}', () => {
    expect(bodies(new JsonFormatter(devices), reading())).toEqual([
      [
        'factory/line1/pump3/running',
        { sensor_id: 'pump3-running', value: true, unit: '', ts: '2026-01-01T00:00:00.000Z', seq: 0 },
      ],
      [
        'factory/line1/pump3/vibration',
        { sensor_id: 'pump3-vibration', value: 4.21, unit: 'mm/s', ts: '2026-01-01T00:00:00.000Z', seq: 0 },
      ],
    ]);
  });

  it('counts seq per topic', () => {
    const formatter = new JsonFormatter(devices);
    const seqs = [0, 1, 2].map(() => bodies(formatter, reading()).map(([, body]) => body.seq));
    expect(seqs).toEqual([
      [0, 0],
      [1, 1],
      [2, 2],
    ]);
  });

  it('adds quality "bad" to a failed sensor only', () => {
    const [running, vibration] = bodies(new JsonFormatter(devices), reading({ bad: true }));
    expect(running?.[1].quality).toBeUndefined();
    expect(vibration?.[1].quality).toBe('bad');
  });

  it('goes silent while a device is off the network and resumes afterwards', () => {
    const formatter = new JsonFormatter(devices);
    bodies(formatter, reading());
    expect(bodies(formatter, reading({ online: false }))).toEqual([]);
    expect(bodies(formatter, reading()).map(([, body]) => body.seq)).toEqual([1, 1]);
  });

  it('uses QoS 0', () => {
    expect(new JsonFormatter(devices).messages(reading(), T).every((m) => m.qos === 0)).toBe(true);
  });
});
