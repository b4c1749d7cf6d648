import { describe, expect, it } from 'vitest';
import { BrokerConfigSchema } from '../../../../shared/siteConfig.js';
import { useConfigStore } from '../../../helpers/configStoreFixture.js';

const LINE2 = BrokerConfigSchema.parse({ id: 'line2', url: 'mqtt://127.0.0.1:1884' });

describe('the site settings in config.db', () => {
  const config = useConfigStore();
  const storeRaw = (value: string) =>
    config.corrupt("UPDATE site_settings SET value = ? WHERE key = 'brokers'", value);

  it('keeps the brokers an import stored across a restart, and none before the first', () => {
    expect(config.store.site.brokers()).toBeNull();
    config.store.site.setBrokers([LINE2], 'erin', 1_000);
    config.reopen();
    expect(config.store.site.brokers()).toEqual([LINE2]);
    expect(config.badRows).toEqual([]);
  });

  it('reports a broker list that is not JSON and answers none, so the site starts on its embedded broker', () => {
    config.store.site.setBrokers([LINE2], 'erin', 1_000);
    storeRaw('[{"id":');
    expect(config.store.site.brokers()).toBeNull();
    expect(config.badRows).toEqual(['the stored broker list is not valid JSON; passed over it']);
  });

  it('reports a broker list that no longer parses and answers none', () => {
    config.store.site.setBrokers([LINE2], 'erin', 1_000);
    storeRaw('[{"id":"line2","url":"http://127.0.0.1"}]');
    expect(config.store.site.brokers()).toBeNull();
    expect(config.badRows).toEqual([
      expect.stringMatching(/^the stored broker list does not parse \(0\.url: /),
    ]);
  });
});
