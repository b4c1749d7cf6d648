import { statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallContext } from '../../../electron/api/dispatcher.js';
import { createMemoryLogger } from '../../../electron/platform/logger.js';
import { Runtime } from '../../../electron/runtime/runtime.js';
import type { LinkHealth } from '../../../shared/domain.js';
import type { MosquittoHandle } from '../../helpers/mosquitto.js';
import { makeTestPki, startMosquittoTls, type TestPki } from '../../helpers/mosquittoTls.js';
import { makeTempDir } from '../../helpers/tempDir.js';
import { waitFor } from '../../helpers/waitFor.js';

const PASSWORD = 'tls-test-Pa55word';
const session = { subscribe: () => 0, close: () => {} };
const as = (...roles: CallContext['caller']['roles']): CallContext => ({
  caller: { user: 'tester', roles },
  session,
});

/**
 * TLS to real Mosquittos with certificates made at test time: a client certificate where the
 * broker requires one, a username with the password from the credential store, and a wrong CA,
 * which must show as a clear last error and nothing worse. Three links, one runtime.
 */
describe('broker links over TLS', () => {
  let pki: TestPki;
  let certBroker: MosquittoHandle;
  let loginBroker: MosquittoHandle;
  let runtime: Runtime;
  const dir = makeTempDir();
  const log = createMemoryLogger();
  const link = (id: string): LinkHealth | undefined => runtime.health().links?.find((l) => l.id === id);
  /** The link once it has reported an error. */
  const failed = (id: string) => {
    const health = link(id);
    return health?.lastError ? health : undefined;
  };

  beforeAll(async () => {
    pki = await makeTestPki(dir.path);
    [certBroker, loginBroker] = await Promise.all([
      startMosquittoTls({ pki, dir: dir.path, requireCertificate: true }),
      startMosquittoTls({ pki, dir: dir.path, users: { watchkeeper: PASSWORD } }),
    ]);
    const reconnect = { initialMs: 100, maxMs: 1_000 };
    runtime = new Runtime(
      {
        dataDir: `${dir.path}/data`,
        demo: false,
        brokers: [
          {
            id: 'cert',
            url: certBroker.url,
            clientId: 'wk-cert',
            tls: { caFile: pki.caFile, certFile: pki.clientCert, keyFile: pki.clientKey },
            reconnect,
          },
          {
            id: 'login',
            url: loginBroker.url,
            mqttVersion: 5,
            clientId: 'wk-login',
            tls: { caFile: pki.caFile },
            username: 'watchkeeper',
            reconnect,
          },
          {
            id: 'wrong-ca',
            url: certBroker.url,
            clientId: 'wk-wrong-ca',
            tls: { caFile: pki.otherCaFile, certFile: pki.clientCert, keyFile: pki.clientKey },
            reconnect,
          },
          {
            id: 'missing-ca',
            url: certBroker.url,
            clientId: 'wk-missing-ca',
            tls: { caFile: `${dir.path}/no-such-ca.pem` },
            reconnect,
          },
        ],
      },
      log,
    );
    await runtime.start();
  });

  afterAll(async () => {
    await runtime?.stop();
    await Promise.all([certBroker?.stop(), loginBroker?.stop()]);
    dir.remove();
  });

  it('connects with the CA and a client certificate where the broker requires one', async () => {
    await waitFor('the certificate link', () => link('cert')?.state === 'connected');
    expect(link('cert')).toMatchObject({ tls: true, lastError: null });
  });

  it('reports a broker certificate from another CA as a clear last error, and keeps running', async () => {
    const failing = await waitFor('the wrong-CA error', () => failed('wrong-ca'));
    expect(failing.state).not.toBe('connected');
    expect(failing.lastError).toMatch(/^TLS: .*not signed by the configured CA \(tls\.caFile\)/);
    expect(runtime.health()).toMatchObject({ status: 'degraded', historian: { state: 'ok' } });
    expect(link('cert')?.state).toBe('connected');
  });

  it('names a certificate file it cannot read', async () => {
    const failing = await waitFor('the missing-CA error', () => failed('missing-ca'));
    expect(failing.lastError).toMatch(/^cannot read the CA file .*no-such-ca\.pem: ENOENT/);
    expect(failing.failures).toBeGreaterThan(0);
  });

  it('connects with a username once an admin has stored the password, which never comes back', async () => {
    const refused = await waitFor('the login refusal', () => failed('login'));
    expect(refused.lastError).toMatch(/Not authorized|Bad User Name or Password/i);
    expect(refused.lastError).toMatch(/check the username and the stored password/);

    const forbidden = await runtime.dispatch(
      'brokers.setCredential',
      { broker: 'login', password: PASSWORD },
      as('engineer'),
    );
    expect(forbidden).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const unknown = await runtime.dispatch(
      'brokers.setCredential',
      { broker: 'nope', password: 'x' },
      as('admin'),
    );
    expect(unknown).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });

    const stored = await runtime.dispatch(
      'brokers.setCredential',
      { broker: 'login', password: PASSWORD },
      as('admin'),
    );
    expect(stored).toEqual({
      ok: true,
      result: { broker: 'login', secret: 'login', protection: expect.stringMatching(/plain-text file/) },
    });
    await waitFor('the login link', () => link('login')?.state === 'connected');
    expect(statSync(`${dir.path}/data/credentials.json`).mode & 0o777).toBe(0o600);
    expect(JSON.stringify(runtime.health())).not.toContain(PASSWORD);
    expect(log.lines.join('\n')).not.toContain(PASSWORD);
  });
});
