import type { SiteConfigFileInput } from '../../shared/siteConfigFile.js';

/** A full file: two brokers, two rules, a fallback, devices and tags with alarms, two model bindings (in id order, as exported). */
export function fullSiteFile(): SiteConfigFileInput {
  return {
    format: 'watchkeeper-site-config',
    version: 2,
    exportedMs: 1_760_000_000_000,
    exportedBy: 'erin',
    brokers: [
      { id: 'north', name: 'North network', url: 'mqtt://10.0.0.5:1883', username: 'wk' },
      {
        id: 'south',
        url: 'mqtts://south.plant:8883',
        passwordSecret: 'south-pw',
        tls: { caFile: '/etc/ca.pem' },
      },
    ],
    mappings: {
      rules: [
        {
          id: 'boilers',
          name: 'Boilers',
          topic: 'plant/{area}/{device}',
          points: [{ value: '$.temp', tag: 'temp' }],
        },
        {
          id: 'meters',
          name: 'Meters',
          topic: 'meters/{device}/{tag}',
          area: 'utilities',
          points: [{ value: '$.v', tag: '{tag}' }],
        },
      ],
      fallback: { action: 'capture', filter: 'plant/#' },
    },
    devices: [{ id: 'boiler/b1', config: { staleAfterMs: 30_000, area: 'Boiler house' } }],
    tags: [
      {
        id: 'boiler/b1/temp',
        config: {
          unit: '°C',
          engRange: { low: 0, high: 200 },
          alarms: [
            { kind: 'H', value: 150, deadband: 2, priority: 'high' },
            { kind: 'HH', value: 180, deadband: 2, priority: 'critical' },
          ],
        },
      },
    ],
    models: [
      {
        kind: 'onnx',
        id: 'boiler-health',
        model: 'boiler_health.onnx',
        inputs: [{ tag: 'boiler/b1/temp', normalise: { kind: 'meanStd', mean: 80, std: 20 } }],
        window: { steps: 60, stepMs: 1_000 },
        trigger: { kind: 'interval', everyMs: 5_000 },
        outputs: [{ output: 'score', tag: 'boiler/b1/health', engLow: 0, engHigh: 1 }],
      },
      {
        kind: 'zscore',
        id: 'temp-z',
        tag: 'boiler/b1/temp',
        score: { tag: 'boiler/b1/temp_z' },
        anomaly: { tag: 'boiler/b1/temp_anomaly', engLow: 0, engHigh: 1 },
      },
    ],
  };
}

/**
 * A copy of a file as untyped JSON, for tests that spoil it field by field as a hand-edited
 * file would be: the wrong shapes are the point, so no type could describe them.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function editable(file: object): any {
  return structuredClone(file);
}
