import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigStore } from '../../../../electron/config/configStore.js';
import { BrokerConfigSchema } from '../../../../shared/siteConfig.js';
import { makeTempDir } from '../../../helpers/tempDir.js';

const LINE2 = BrokerConfigSchema.parse({ id: 'line2', url: 'mqtt://127.0.0.1:1884' });

describe('the site settings in config.db', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let store: ConfigStore;
  const badRows: string[] = [];
  const open = () => new ConfigStore(new Database(`${dir.path}/config.db`), (line) => badRows.push(line));
  const storeRaw = (value: string) => {
    store.close();
    const db = new Database(`${dir.path}/config.db`);
    db.prepare("UPDATE site_settings SET value = ? WHERE key = 'brokers'").run(value);
    db.close();
    store = open();
  };
  beforeEach(() => {
    dir = makeTempDir();
    badRows.length = 0;
    store = open();
  });
  afterEach(() => {
    store.close();
    dir.remove();
  });

  it('keeps the brokers an import stored across a restart, and none before the first', () => {
    expect(store.site.brokers()).toBeNull();
    store.site.setBrokers([LINE2], 'erin', 1_000);
    store.close();
    store = open();
    expect(store.site.brokers()).toEqual([LINE2]);
    expect(badRows).toEqual([]);
  });

  it('reports a broker list that is not JSON and answers none, so the site starts on its embedded broker', () => {
    store.site.setBrokers([LINE2], 'erin', 1_000);
    storeRaw('[{"id":');
    expect(store.site.brokers()).toBeNull();
    expect(badRows).toEqual(['the stored broker list is not valid JSON; passed over it']);
  });

  it('reports a broker list that no longer parses and answers none', () => {
    store.site.setBrokers([LINE2], 'erin', 1_000);
    storeRaw('[{"id":"line2","url":"http://127.0.0.1"}]');
    expect(store.site.brokers()).toBeNull();
    expect(badRows).toEqual([expect.stringMatching(/^the stored broker list does not parse \(0\.url: /)]);
  });
});
