import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import mqtt from 'mqtt';
import type { SiteConfigFileInput } from '../../shared/siteConfigFile.js';

/**
 * A small plant for the alarm tests: plain-JSON devices on `plant/<area>/<device>/<tag>`
 * (`{"value": …}`), and tags with alarm limits, written as a site configuration file for
 * `watchkeeper serve --config`. The devices report by exception, so they are given an hour
 * before their values count as stale: a test's quiet minute must not raise bad-quality alarms.
 */
export const ALARM_TOPIC_RULE = {
  id: 'plant',
  name: 'plant/<area>/<device>/<tag>, one value per message',
  topic: 'plant/{area}/{device}/{tag}',
  area: '{area}',
  device: '{device}',
  points: [{ value: '$.value', tag: '{tag}' }],
};

export interface AlarmTagSpec {
  id: string;
  high: number;
  priority?: 'low' | 'medium' | 'high' | 'critical';
}

export function alarmSiteFile(tags: readonly AlarmTagSpec[]): SiteConfigFileInput {
  return {
    format: 'watchkeeper-site-config',
    version: 1,
    exportedMs: 1_760_000_000_000,
    exportedBy: 'test',
    brokers: [],
    mappings: { rules: [ALARM_TOPIC_RULE], fallback: { action: 'ignore' } },
    devices: [...new Set(tags.map((tag) => tag.id.split('/').slice(0, 2).join('/')))].map((id) => ({
      id,
      config: { staleAfterMs: 3_600_000 },
    })),
    tags: tags.map((tag) => ({
      id: tag.id,
      config: {
        unit: '°C',
        engRange: { low: 0, high: 200 },
        alarms: [{ kind: 'H', value: tag.high, deadband: 1, priority: tag.priority ?? 'high' }],
      },
    })),
  };
}

/** Writes the file into `dir` and returns its path. */
export function writeAlarmSite(dir: string, tags: readonly AlarmTagSpec[]): string {
  const path = join(dir, 'alarm-site.json');
  writeFileSync(path, JSON.stringify(alarmSiteFile(tags), null, 2));
  return path;
}

/** A device publisher on the broker: `publish('boiler/b1/temp', 85)` is one reading. */
export async function plantPublisher(brokerUrl: string) {
  const client = await mqtt.connectAsync(brokerUrl, {
    clientId: `wk-test-plant-${process.pid}-${Date.now()}`,
  });
  return {
    async publish(tag: string, value: number): Promise<void> {
      await client.publishAsync(`plant/${tag}`, JSON.stringify({ value }), { qos: 1 });
    },
    client,
    close: () => client.endAsync(),
  };
}
