import { describe, expect, it } from 'vitest';
import { describeZodError } from '../../../shared/errors.js';
import { BrokerConfigSchema, BrokersFileSchema, passwordSecretOf } from '../../../shared/siteConfig.js';

describe('the broker configuration', () => {
  it('fills in MQTT 3.1.1, a 30 s keepalive, clean sessions, every Sparkplug group and 1 s → 60 s reconnects', () => {
    expect(BrokerConfigSchema.parse({ id: 'line1', url: 'mqtt://10.0.1.5:1883' })).toEqual({
      id: 'line1',
      url: 'mqtt://10.0.1.5:1883',
      mqttVersion: 4,
      keepaliveSeconds: 30,
      cleanSession: true,
      sparkplug: {},
      json: true,
      reconnect: { initialMs: 1_000, maxMs: 60_000 },
    });
  });

  it('takes TLS files, a username and a password reference, never a password', () => {
    const broker = BrokerConfigSchema.parse({
      id: 'dmz',
      url: 'mqtts://broker.site:8883',
      mqttVersion: 5,
      tls: { caFile: '/etc/wk/ca.pem', certFile: '/etc/wk/me.pem', keyFile: '/etc/wk/me.key' },
      username: 'watchkeeper',
      passwordSecret: 'dmz-password',
      sparkplug: { groups: ['Plant1'], hostId: 'wk-control-room' },
    });
    expect(broker.tls).toMatchObject({ rejectUnauthorized: true });
    expect(passwordSecretOf(broker)).toBe('dmz-password');
    expect(passwordSecretOf({ id: 'line1' })).toBe('line1');
    expect(BrokerConfigSchema.safeParse({ id: 'a', url: 'mqtt://h', password: 'secret' }).success).toBe(
      false,
    );
  });

  it.each([
    [{ id: 'a', url: 'http://h:1883' }, /url: must be an mqtt/],
    [{ id: 'a b', url: 'mqtt://h' }, /id: must be 1–64 letters/],
    [{ id: 'a', url: 'mqtt://h', mqttVersion: 3 }, /mqttVersion/],
    [
      { id: 'a', url: 'mqtts://h', tls: { certFile: '/c.pem' } },
      /tls.keyFile: certFile and keyFile go together/,
    ],
    [{ id: 'a', url: 'mqtt://h', sparkplug: { hostId: 'a/b' } }, /sparkplug.hostId: must not contain/],
    [{ id: 'a', url: 'mqtt://h', keepAlive: 10 }, /keepAlive/],
  ])('refuses %j with a clear reason', (input, reason) => {
    const parsed = BrokerConfigSchema.safeParse(input);
    expect(parsed.success).toBe(false);
    expect(describeZodError(parsed.error!)).toMatch(reason);
  });

  it('refuses a brokers file with duplicate ids or a password in a URL', () => {
    const duplicate = BrokersFileSchema.safeParse({
      brokers: [
        { id: 'line1', url: 'mqtt://a' },
        { id: 'line1', url: 'mqtt://b' },
      ],
    });
    expect(describeZodError(duplicate.error!)).toMatch(/brokers.1.id: duplicate broker id "line1"/);
    const leaked = BrokersFileSchema.safeParse({
      brokers: [{ id: 'a', url: 'mqtt://wk:hunter2@plant:1883' }],
    });
    expect(describeZodError(leaked.error!)).toMatch(/brokers.0.url: keep the password out of the URL/);
    expect(describeZodError(leaked.error!)).not.toContain('hunter2');
    expect(BrokersFileSchema.safeParse({ brokers: [{ id: 'a', url: 'mqtt://wk@plant:1883' }] }).success).toBe(
      true,
    );
  });
});
