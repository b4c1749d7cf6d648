import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { CredentialFile, type StringCipher } from '../../../../electron/credentials/credentialFile.js';
import { KeyringCredentials } from '../../../../electron/credentials/keyringCredentials.js';
import { makeTempDir } from '../../../helpers/tempDir.js';

const dir = makeTempDir();
let files = 0;
const nextPath = () => `${dir.path}/credentials-${files++}.json`;
const plain = (path: string) => new CredentialFile({ path, protection: 'plain-text file' });

/**
 * Stands in for Electron's safeStorage, which needs the Electron binary: a reversible cipher, so
 * the test can tell that the file never holds the secret itself.
 */
const cipher: StringCipher = {
  encryptString: (text) => Buffer.from([...Buffer.from(text, 'utf8')].map((b) => b ^ 0x5a)),
  decryptString: (data) => Buffer.from([...data].map((b) => b ^ 0x5a)).toString('utf8'),
};

afterAll(() => dir.remove());

describe('the credentials file (watchkeeper serve)', () => {
  it('keeps a secret in a 0600 file whose header says it is not encrypted', async () => {
    const path = nextPath();
    const store = plain(path);
    expect(await store.get('line1')).toBeNull();
    await store.set('line1', 'hunter2');
    await store.set('line2', 'correct horse');
    expect(await store.get('line1')).toBe('hunter2');
    expect(await plain(path).get('line2')).toBe('correct horse');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const content = JSON.parse(readFileSync(path, 'utf8'));
    expect(content).toMatchObject({ encrypted: false, version: 1 });
    expect(content.about).toMatch(/NOT ENCRYPTED/);
  });

  it('refuses a file that others may read, saying how to fix it', async () => {
    const path = nextPath();
    await plain(path).set('line1', 'hunter2');
    chmodSync(path, 0o644);
    await expect(plain(path).get('line1')).rejects.toThrow(/readable by others \(mode 644\).*chmod 600/);
    await expect(plain(path).set('line1', 'new')).rejects.toThrow(/chmod 600/);
  });

  it('never overwrites a file it cannot read as credentials', async () => {
    const path = nextPath();
    writeFileSync(path, '{"not": "ours"', { mode: 0o600 });
    await expect(plain(path).set('line1', 'x')).rejects.toThrow(/is not JSON: fix or remove it/);
    expect(readFileSync(path, 'utf8')).toBe('{"not": "ours"');
  });
});

describe('the keyring store (Electron safeStorage)', () => {
  const keyring = (path: string, backend: string, allowPlainText = false) =>
    new KeyringCredentials({
      path,
      platform: 'linux',
      allowPlainText,
      safeStorage: { ...cipher, isEncryptionAvailable: () => true, getSelectedStorageBackend: () => backend },
    });

  it('stores only ciphertext and reads the secret back', async () => {
    const path = nextPath();
    await keyring(path, 'gnome_libsecret').set('dmz', 'hunter2');
    expect(readFileSync(path, 'utf8')).not.toContain('hunter2');
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ encrypted: true });
    expect(await keyring(path, 'gnome_libsecret').get('dmz')).toBe('hunter2');
    expect(keyring(path, 'gnome_libsecret').protection).toContain('gnome_libsecret');
  });

  it('refuses to store a secret without a keyring unless plain text was accepted', async () => {
    const path = nextPath();
    await expect(keyring(path, 'basic_text').set('dmz', 'hunter2')).rejects.toThrow(/no OS keyring found/);
    await keyring(path, 'basic_text', true).set('dmz', 'hunter2');
    expect(await keyring(path, 'basic_text').get('dmz')).toBe('hunter2');
  });

  it('does not read a plain-text file as encrypted secrets', async () => {
    const path = nextPath();
    await plain(path).set('dmz', 'hunter2');
    await expect(keyring(path, 'kwallet5').get('dmz')).rejects.toThrow(/holds plain-text secrets/);
  });
});
