import { afterAll, describe, expect, it } from 'vitest';
import { withCloudCredential } from '../../../../electron/api/cloudCredential.js';
import type { CredentialOutcome } from '../../../../electron/connectivity/siteConnections.js';
import { CredentialFile } from '../../../../electron/credentials/credentialFile.js';
import { createMemoryLogger } from '../../../../electron/platform/logger.js';
import { SyncSettingsSchema } from '../../../../shared/sync.js';
import { makeTempDir } from '../../../helpers/tempDir.js';

/** The password path for the cloud broker, into a real credential file. */
describe('the cloud broker password', () => {
  const dir = makeTempDir();
  afterAll(() => dir.remove());
  const credentials = new CredentialFile({ path: `${dir.path}/credentials.json`, protection: 'test file' });
  const cloud = {
    id: 'cloud',
    url: 'mqtts://cloud.example:8883',
    username: 'site7',
    passwordSecret: 'cloud-pw',
  };
  const reconnects: string[] = [];
  const sync = {
    settings: async () => ({ settings: SyncSettingsSchema.parse({ enabled: true, cloud }), version: 1 }),
    reconnect: () => void reconnects.push('now'),
  };
  const siteBrokers = async (broker: string): Promise<CredentialOutcome> =>
    broker === 'plant'
      ? { ok: true, secret: 'plant', protection: 'test file' }
      : { ok: false, code: 'NOT_FOUND', message: `no broker "${broker}"` };
  const setCredential = withCloudCredential(siteBrokers, { sync, credentials, log: createMemoryLogger() });

  it("stores the cloud broker's password under its passwordSecret and connects again at once", async () => {
    expect(await setCredential('cloud', 's3cret')).toEqual({
      ok: true,
      secret: 'cloud-pw',
      protection: 'test file',
    });
    expect(await credentials.get('cloud-pw')).toBe('s3cret');
    expect(reconnects).toEqual(['now']);
  });

  it('leaves site brokers to the site links, and answers an unknown broker as before', async () => {
    expect(await setCredential('plant', 'x')).toMatchObject({ ok: true, secret: 'plant' });
    expect(await setCredential('elsewhere', 'x')).toEqual({
      ok: false,
      code: 'NOT_FOUND',
      message: 'no broker "elsewhere"',
    });
    expect(await credentials.get('elsewhere')).toBeNull();
    expect(reconnects).toEqual(['now']);
  });
});
