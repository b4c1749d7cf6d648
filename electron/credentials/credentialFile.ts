import { open, rename, rm } from 'node:fs/promises';
import { z } from 'zod';
import { SecretIdSchema } from '../../shared/siteConfig.js';
import { errorMessage } from '../platform/logger.js';
import { CredentialStoreError, type CredentialStore } from './credentialStore.js';

/** Encrypts and decrypts one secret: Electron's safeStorage fits this shape. */
export interface StringCipher {
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

export interface CredentialFileOptions {
  path: string;
  /** With a cipher each secret is stored encrypted (base64); without, in plain text. */
  cipher?: StringCipher;
  /** For health: what protects the secrets. */
  protection: string;
}

const FileSchema = z.object({
  about: z.string(),
  encrypted: z.boolean(),
  version: z.literal(1),
  secrets: z.record(SecretIdSchema, z.string()),
});
type FileContent = z.infer<typeof FileSchema>;

const PLAIN_ABOUT =
  'Watchkeeper broker credentials. NOT ENCRYPTED: anyone who can read this file can read the passwords. ' +
  'Keep it mode 0600, owned by the account that runs watchkeeper serve; Watchkeeper refuses it otherwise.';
const ENCRYPTED_ABOUT =
  'Watchkeeper broker credentials, each encrypted with the operating system keyring (Electron safeStorage). ' +
  'They can be decrypted only by this user on this machine.';

/**
 * Secrets in one small JSON file, mode 0600, written whole to a temporary file and renamed, so a
 * crash mid-write leaves the old file intact. A file others may read is refused, not used: a
 * password that leaked once cannot be un-leaked. Reads go to disk every time, so a password set
 * by the admin applies at the next connect without a restart.
 */
export class CredentialFile implements CredentialStore {
  readonly protection: string;
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly options: CredentialFileOptions) {
    this.protection = options.protection;
  }

  async get(id: string): Promise<string | null> {
    const content = await this.read();
    const stored = content?.secrets[id];
    if (stored === undefined) return null;
    if (!this.options.cipher) return stored;
    try {
      return this.options.cipher.decryptString(Buffer.from(stored, 'base64'));
    } catch (error) {
      throw new CredentialStoreError(
        `cannot decrypt the secret "${id}" in ${this.options.path} (${errorMessage(error)}): set it again`,
      );
    }
  }

  set(id: string, secret: string): Promise<void> {
    const write = this.writing.then(async () => {
      const content = (await this.read()) ?? this.empty();
      const stored = this.options.cipher
        ? this.options.cipher.encryptString(secret).toString('base64')
        : secret;
      await this.write({ ...content, secrets: { ...content.secrets, [id]: stored } });
    });
    this.writing = write.catch(() => {});
    return write;
  }

  private empty(): FileContent {
    const encrypted = this.options.cipher !== undefined;
    return { about: encrypted ? ENCRYPTED_ABOUT : PLAIN_ABOUT, encrypted, version: 1, secrets: {} };
  }

  private async read(): Promise<FileContent | null> {
    const { path } = this.options;
    let text: string;
    try {
      const file = await open(path, 'r');
      try {
        const { mode } = await file.stat();
        if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
          throw new CredentialStoreError(
            `${path} is readable by others (mode ${(mode & 0o777).toString(8)}); ` +
              `it holds passwords: run chmod 600 ${path}`,
          );
        }
        text = await file.readFile('utf8');
      } finally {
        await file.close();
      }
    } catch (error) {
      if ((error as { code?: string }).code === 'ENOENT') return null;
      if (error instanceof CredentialStoreError) throw error;
      throw new CredentialStoreError(`cannot read ${path}: ${errorMessage(error)}`);
    }
    let parsed: ReturnType<typeof FileSchema.safeParse>;
    try {
      parsed = FileSchema.safeParse(JSON.parse(text));
    } catch {
      throw new CredentialStoreError(`${path} is not JSON: fix or remove it (nothing was overwritten)`);
    }
    if (!parsed.success)
      throw new CredentialStoreError(
        `${path} is not a credentials file: fix or remove it (nothing was overwritten)`,
      );
    if (parsed.data.encrypted !== (this.options.cipher !== undefined)) {
      throw new CredentialStoreError(
        `${path} holds ${parsed.data.encrypted ? 'encrypted' : 'plain-text'} secrets, ` +
          `but this store keeps them ${this.options.cipher ? 'encrypted' : 'in plain text'}`,
      );
    }
    return parsed.data;
  }

  private async write(content: FileContent): Promise<void> {
    const temporary = `${this.options.path}.${process.pid}.tmp`;
    try {
      const file = await open(temporary, 'w', 0o600);
      try {
        await file.chmod(0o600); // an older leftover keeps its mode otherwise
        await file.writeFile(`${JSON.stringify(content, null, 2)}\n`);
        await file.sync();
      } finally {
        await file.close();
      }
      await rename(temporary, this.options.path);
    } catch (error) {
      await rm(temporary, { force: true });
      throw new CredentialStoreError(`cannot write ${this.options.path}: ${errorMessage(error)}`);
    }
  }
}
