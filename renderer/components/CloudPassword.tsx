import { useState, type FormEvent } from 'react';
import { ApiError } from '../../shared/errors.js';
import { useApi } from '../api/apiContext.js';
import { FormMessage, type FormOutcome } from './FormMessage.js';

/**
 * The cloud broker's password (admin): handed once to `brokers.setCredential`, which stores it
 * in the credential store and never gives it back. The field empties when it is stored.
 */
export function CloudPassword({ broker }: { broker: string }) {
  const api = useApi();
  const [password, setPassword] = useState('');
  const [message, setMessage] = useState<FormOutcome | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (password === '') return;
    setBusy(true);
    try {
      const stored = await api.call('brokers.setCredential', { broker, password });
      setMessage({ error: false, text: `Password stored as ${stored.secret} (${stored.protection})` });
      setPassword('');
    } catch (error) {
      setMessage({
        error: true,
        text: error instanceof ApiError ? `${error.code}: ${error.message}` : String(error),
      });
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="sync-password" onSubmit={(event) => void submit(event)}>
      <label className="sync-field">
        <span>Password of {broker}</span>
        <input
          type="password"
          autoComplete="new-password"
          data-testid="sync-cloud-password"
          value={password}
          onChange={(event) => setPassword(event.target.value)}
        />
      </label>
      <button type="submit" disabled={busy || password === ''} data-testid="sync-cloud-password-store">
        Store password
      </button>
      <FormMessage message={message} testId="sync-cloud-password-message" />
    </form>
  );
}
