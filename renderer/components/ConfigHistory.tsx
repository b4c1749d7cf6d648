import { useEffect, useState } from 'react';
import { describeChange } from '../devices/configDiff.js';
import { formatDateTime } from '../format/time.js';

export interface ConfigVersionView {
  version: number;
  changedMs: number;
  changedBy: string;
  before: Readonly<Record<string, unknown>> | null;
  after: Readonly<Record<string, unknown>>;
}

/** A tag's or device's configuration changes, newest first: who, when, and what each changed. */
export function ConfigHistory({
  load,
  version,
}: {
  load: () => Promise<ConfigVersionView[]>;
  version: number;
}) {
  const [versions, setVersions] = useState<ConfigVersionView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    load().then(
      (list) => current && setVersions(list),
      (failure: unknown) => current && setError(failure instanceof Error ? failure.message : String(failure)),
    );
    return () => {
      current = false;
    };
    // `version` is not read: a new one means the list is out of date.
  }, [load, version]);
  if (error) return <p className="form-error">History could not be loaded: {error}</p>;
  if (!versions) return <p className="calm-note">Loading the history…</p>;
  if (versions.length === 0)
    return <p className="calm-note">Never configured: everything follows the device.</p>;
  return (
    <ol className="config-history" data-testid="config-history">
      {versions.map((v) => (
        <li key={v.version}>
          <span className="config-version">v{v.version}</span> {formatDateTime(v.changedMs)} · {v.changedBy}:{' '}
          {describeChange(v.before, v.after)}
        </li>
      ))}
    </ol>
  );
}
