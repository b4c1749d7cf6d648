/**
 * Where broker passwords live, apart from the configuration that names them. In the desktop app
 * an implementation over Electron's `safeStorage` (the OS keyring) encrypts them; under
 * `watchkeeper serve` a 0600 file holds them in plain text and says so in its header.
 * Nothing that holds a secret ever returns it through the API, health or logs.
 */
export interface CredentialStore {
  /** What protects the secrets, for health and the admin: e.g. "OS keyring (gnome_libsecret)". */
  readonly protection: string;
  /** The secret stored under `id`, or null when none is. Rejects with CredentialStoreError. */
  get(id: string): Promise<string | null>;
  set(id: string, secret: string): Promise<void>;
}

/** An expected failure of the store (unsafe file mode, no keyring, corrupt file): say what to do. */
export class CredentialStoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CredentialStoreError';
  }
}
