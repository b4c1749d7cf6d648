import { CredentialFile, type StringCipher } from './credentialFile.js';
import { CredentialStoreError, type CredentialStore } from './credentialStore.js';

/** The part of Electron's `safeStorage` this store uses; the shell passes the real one. */
export interface SafeStorageLike extends StringCipher {
  isEncryptionAvailable(): boolean;
  /** Linux only: `basic_text` means no keyring, secrets would be obfuscated with a fixed key. */
  getSelectedStorageBackend?(): string;
}

export interface KeyringCredentialsOptions {
  path: string;
  safeStorage: SafeStorageLike;
  platform: NodeJS.Platform;
  /** The user accepted storing secrets without a keyring (Linux `basic_text`). */
  allowPlainText?: boolean;
}

/**
 * Secrets encrypted by the OS keyring through Electron's safeStorage (electron-platform.md,
 * "Secrets"). On Linux without a keyring safeStorage falls back to a hard-coded key; that is no
 * better than plain text, so storing is refused unless the user accepted it explicitly.
 */
export class KeyringCredentials implements CredentialStore {
  private readonly file: CredentialFile;

  constructor(private readonly options: KeyringCredentialsOptions) {
    this.file = new CredentialFile({
      path: options.path,
      cipher: options.safeStorage,
      protection: 'OS keyring (Electron safeStorage)',
    });
  }

  get protection(): string {
    const backend = this.backend();
    return backend ? `OS keyring (Electron safeStorage, ${backend})` : 'OS keyring (Electron safeStorage)';
  }

  get(id: string): Promise<string | null> {
    return this.file.get(id);
  }

  async set(id: string, secret: string): Promise<void> {
    if (!this.options.safeStorage.isEncryptionAvailable())
      throw new CredentialStoreError('the OS keyring is not available: no password can be stored safely');
    if (this.backend() === 'basic_text' && !this.options.allowPlainText) {
      throw new CredentialStoreError(
        'no OS keyring found (safeStorage backend basic_text): install and unlock a keyring ' +
          '(e.g. GNOME Keyring or KWallet), or accept plain-text storage explicitly',
      );
    }
    await this.file.set(id, secret);
  }

  private backend(): string | null {
    if (this.options.platform !== 'linux') return null;
    return this.options.safeStorage.getSelectedStorageBackend?.() ?? null;
  }
}
