import { passwordSecretOf } from '../../shared/siteConfig.js';
import type { CredentialOutcome } from '../connectivity/siteConnections.js';
import { CredentialStoreError, type CredentialStore } from '../credentials/credentialStore.js';
import { errorMessage, type Logger } from '../platform/logger.js';
import type { SyncControl } from '../sync/ports.js';

export type SetCredential = (broker: string, password: string) => Promise<CredentialOutcome>;

/**
 * `brokers.setCredential` for the cloud broker too: one path for every broker password, so the
 * Sync screen never carries one anywhere else. A site broker of that id wins (they share the
 * credential store's ids anyway); otherwise, if the cloud broker in the sync settings has that
 * id, its password is stored under its `passwordSecret` and the link tries again at once.
 */
export function withCloudCredential(
  site: SetCredential,
  cloud: {
    sync: Pick<SyncControl, 'settings' | 'reconnect'>;
    credentials: CredentialStore;
    log: Logger;
  },
): SetCredential {
  return async (broker, password) => {
    const outcome = await site(broker, password);
    if (outcome.ok || outcome.code !== 'NOT_FOUND') return outcome;
    const { settings } = await cloud.sync.settings();
    if (settings.cloud?.id !== broker) return outcome;
    const secret = passwordSecretOf(settings.cloud);
    try {
      await cloud.credentials.set(secret, password);
    } catch (error) {
      const message = error instanceof CredentialStoreError ? error.message : errorMessage(error);
      return { ok: false, code: 'UNAVAILABLE', message: `the password was not stored: ${message}` };
    }
    cloud.log.info(`password for the cloud broker ${broker} stored (${cloud.credentials.protection})`);
    cloud.sync.reconnect();
    return { ok: true, secret, protection: cloud.credentials.protection };
  };
}
