import { useEffect, useRef, useState, type ChangeEvent } from 'react';
import { ApiError } from '../../shared/errors.js';
import type { ImportResult } from '../../shared/siteConfigFile.js';
import { useApi } from '../api/apiContext.js';
import { importReportLines, siteConfigFileName } from '../siteConfig/importReport.js';
import { downloadBlob } from '../trend/exportPng.js';

/** Where an import stands: a dry run's answer waits for Apply or Cancel. */
type ImportState =
  | { step: 'idle' }
  | { step: 'checking'; fileName: string }
  | { step: 'checked'; fileName: string; file: unknown; result: ImportResult }
  | { step: 'applying'; fileName: string }
  | { step: 'applied'; fileName: string; lines: string[] };

function inWords(error: unknown): string {
  return error instanceof ApiError ? error.message : String(error);
}

/**
 * The whole site's configuration as one JSON file: export downloads it; import reads a file,
 * shows the server's dry run (every problem, or what would change) and applies it only on
 * Apply. Importing needs the admin role: the server refuses anyone else, and says so here.
 */
export function SiteConfigControls() {
  const api = useApi();
  const input = useRef<HTMLInputElement>(null);
  const [state, setState] = useState<ImportState>({ step: 'idle' });
  const [problem, setProblem] = useState<string | null>(null);

  const onExport = () => {
    setProblem(null);
    api
      .call('site.exportConfig', {})
      .then((file) =>
        downloadBlob(
          new Blob([`${JSON.stringify(file, null, 2)}\n`], { type: 'application/json' }),
          siteConfigFileName(file.exportedMs ?? Date.now()),
        ),
      )
      .catch((error: unknown) => setProblem(`Export failed: ${inWords(error)}`));
  };

  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const chosen = event.target.files?.[0];
    event.target.value = '';
    if (!chosen) return;
    setProblem(null);
    setState({ step: 'checking', fileName: chosen.name });
    let file: unknown;
    try {
      file = JSON.parse(await chosen.text());
    } catch (error) {
      const result = { ok: false as const, problems: [`the file is not JSON: ${inWords(error)}`] };
      setState({ step: 'checked', fileName: chosen.name, file: null, result });
      return;
    }
    try {
      const result = await api.call('site.importConfig', { file, dryRun: true });
      setState({ step: 'checked', fileName: chosen.name, file, result });
    } catch (error) {
      setState({ step: 'idle' });
      setProblem(`Import not checked: ${inWords(error)}`);
    }
  };

  const onApply = async () => {
    if (state.step !== 'checked' || !state.result.ok) return;
    const { fileName, file } = state;
    setState({ step: 'applying', fileName });
    try {
      const result = await api.call('site.importConfig', { file, dryRun: false });
      if (result.ok) setState({ step: 'applied', fileName, lines: importReportLines(result) });
      else setState({ step: 'checked', fileName, file, result });
    } catch (error) {
      setState({ step: 'idle' });
      setProblem(`Import failed: ${inWords(error)}`);
    }
  };

  const close = () => setState({ step: 'idle' });

  return (
    <div className="site-config" role="group" aria-label="Site configuration">
      <button type="button" data-testid="site-export" onClick={onExport}>
        Export site configuration
      </button>
      <button
        type="button"
        data-testid="site-import"
        title="Check a site configuration file, see what it changes, then apply it (admin)"
        onClick={() => input.current?.click()}
      >
        Import…
      </button>
      <input
        ref={input}
        type="file"
        accept="application/json,.json"
        hidden
        data-testid="site-import-file"
        onChange={(event) => void onFile(event)}
      />
      {problem && (
        <span className="notice" role="alert" data-testid="site-config-problem">
          {problem}
        </span>
      )}
      {state.step !== 'idle' && <ImportReport state={state} onApply={() => void onApply()} onClose={close} />}
    </div>
  );
}

function ImportReport({
  state,
  onApply,
  onClose,
}: {
  state: Exclude<ImportState, { step: 'idle' }>;
  onApply: () => void;
  onClose: () => void;
}) {
  const busy = state.step === 'checking' || state.step === 'applying';
  const checked = state.step === 'checked' ? state.result : null;
  const panel = useRef<HTMLDivElement>(null);
  // Keyboard users land on the report's first action as soon as there is one to take.
  useEffect(() => {
    if (!busy) panel.current?.querySelector<HTMLButtonElement>('.import-actions button')?.focus();
  }, [busy, state.step]);
  return (
    <div
      ref={panel}
      className="import-report"
      role="dialog"
      aria-label={`Import ${state.fileName}`}
      data-testid="import-report"
      onKeyDown={(event) => {
        if (event.key === 'Escape' && !busy) onClose();
      }}
    >
      <h2>Import {state.fileName}</h2>
      {busy && <p role="status">{state.step === 'checking' ? 'Checking the file…' : 'Applying…'}</p>}
      {checked && !checked.ok && (
        <>
          <p role="alert">
            The file cannot be imported ({checked.problems.length}{' '}
            {checked.problems.length === 1 ? 'problem' : 'problems'}); nothing was changed:
          </p>
          <ul className="import-problems" data-testid="import-problems">
            {checked.problems.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </>
      )}
      {checked?.ok && (
        <>
          <p>Applying this file will change:</p>
          <ul data-testid="import-changes">
            {importReportLines(checked).map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
          <p className="calm-note">
            Devices and tags the file does not name keep their configuration
            {checked.models ? '; model bindings it does not name are removed' : ''}.
          </p>
          {checked.warnings && (
            <>
              <p>Worth checking first (the import goes ahead):</p>
              <ul className="import-problems" data-testid="import-warnings">
                {checked.warnings.map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
      {state.step === 'applied' && (
        <>
          <p role="status" data-testid="import-applied">
            Imported. What changed:
          </p>
          <ul>
            {state.lines.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </>
      )}
      <div className="import-actions">
        {checked?.ok && (
          <button type="button" data-testid="import-apply" onClick={onApply}>
            Apply
          </button>
        )}
        <button type="button" data-testid="import-close" onClick={onClose} disabled={busy}>
          {state.step === 'applied' || (checked && !checked.ok) ? 'Close' : 'Cancel'}
        </button>
      </div>
    </div>
  );
}
