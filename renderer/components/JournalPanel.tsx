import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { AlarmJournalEntry, AlarmJournalFilter, AlarmJournalState } from '../../shared/alarms.js';
import type { ControlRoomApi } from '../../shared/contract.js';
import { ApiError } from '../../shared/errors.js';
import { useApi } from '../api/apiContext.js';
import {
  EMPTY_JOURNAL_FORM,
  journalFileName,
  journalFilter,
  type JournalForm,
} from '../alarms/journalQuery.js';
import { JOURNAL_STATE_WORDS } from '../alarms/journalText.js';
import { PRIORITY_LABEL } from '../alarms/priorityText.js';
import { PRIORITIES_DESC } from '../stores/alarmsSelectors.js';
import { exportActions, useExportStore } from '../stores/exportStore.js';
import { AlarmIndicator } from './AlarmIndicator.js';
import { CsvExportStatus } from './CsvExportStatus.js';
import { JournalTable } from './JournalTable.js';

/** Lines per page of the journal on screen; the CSV export has every line. */
export const JOURNAL_PAGE = 200;

interface Page {
  filter: AlarmJournalFilter;
  /** beforeSeq of each page so far; the last is this page's (undefined: the newest page). */
  trail: Array<number | undefined>;
  entries: AlarmJournalEntry[];
  more: boolean;
}

async function fetchPage(
  api: Pick<ControlRoomApi, 'call'>,
  filter: AlarmJournalFilter,
  trail: Array<number | undefined>,
): Promise<Page> {
  const beforeSeq = trail.at(-1);
  const result = await api.call('alarms.queryJournal', {
    filter,
    limit: JOURNAL_PAGE,
    ...(beforeSeq === undefined ? {} : { beforeSeq }),
  });
  return { filter, trail, entries: result.entries, more: result.more };
}

function describe(error: unknown): string {
  return error instanceof ApiError ? `${error.code}: ${error.message}` : String(error);
}

const toggle = <T,>(list: readonly T[], item: T) =>
  list.includes(item) ? list.filter((x) => x !== item) : [...list, item];

/**
 * The alarm journal: every transition and operator action, newest first, filtered by time
 * range, tag, area, priority, state, user and text, a page at a time (Older / Newer), and the
 * whole filtered journal as CSV through the same streaming export as the trends.
 */
export function JournalPanel() {
  const api = useApi();
  const [form, setForm] = useState<JournalForm>(EMPTY_JOURNAL_FORM);
  const [page, setPage] = useState<Page | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const exporting = useExportStore((state) => state.csv.phase === 'running');

  const load = useCallback(
    (filter: AlarmJournalFilter, trail: Array<number | undefined>) => {
      setBusy(true);
      fetchPage(api, filter, trail).then(
        (next) => {
          setPage(next);
          setError(null);
          setBusy(false);
        },
        (failure: unknown) => {
          setError(describe(failure));
          setBusy(false);
        },
      );
    },
    [api],
  );

  const search = (event?: FormEvent) => {
    event?.preventDefault();
    const checked = journalFilter(form, Date.now());
    if (!checked.ok) return setError(checked.error);
    load(checked.filter, [undefined]);
  };
  // The last week at once when the tab opens.
  useEffect(() => {
    let current = true;
    const checked = journalFilter(EMPTY_JOURNAL_FORM, Date.now());
    if (!checked.ok) return;
    fetchPage(api, checked.filter, [undefined]).then(
      (first) => current && setPage(first),
      (failure: unknown) => current && setError(describe(failure)),
    );
    return () => {
      current = false;
    };
  }, [api]);

  const exportCsv = () => {
    const checked = journalFilter(form, Date.now());
    if (!checked.ok) return setError(checked.error);
    exportActions.dismiss();
    exportActions.startCsv('alarms', { alarmJournal: checked.filter }, journalFileName(checked.filter));
  };
  const older = () => {
    const last = page?.entries.at(-1);
    if (page && last) load(page.filter, [...page.trail, last.seq]);
  };
  const newer = () => {
    if (page && page.trail.length > 1) load(page.filter, page.trail.slice(0, -1));
  };
  const text = (key: 'from' | 'to' | 'tag' | 'area' | 'user' | 'text', label: string, type = 'text') => (
    <label>
      {label}
      <input
        type={type}
        data-testid={`journal-${key}`}
        value={form[key]}
        onChange={(event) => setForm({ ...form, [key]: event.target.value })}
      />
    </label>
  );
  const first = page ? (page.trail.length - 1) * JOURNAL_PAGE + 1 : 0;
  return (
    <div className="journal-panel" data-testid="journal-panel">
      <form className="journal-filters" aria-label="Journal filters" onSubmit={search}>
        {text('from', 'From', 'datetime-local')}
        {text('to', 'To', 'datetime-local')}
        {text('tag', 'Tag (exact, a/path or prefix*)')}
        {text('area', 'Area')}
        {text('user', 'User')}
        {text('text', 'Text')}
        <fieldset className="journal-priorities">
          <legend>Priority</legend>
          {PRIORITIES_DESC.map((priority) => (
            <label key={priority} title={PRIORITY_LABEL[priority]}>
              <input
                type="checkbox"
                checked={form.priorities.includes(priority)}
                onChange={() => setForm({ ...form, priorities: toggle(form.priorities, priority) })}
              />
              <AlarmIndicator priority={priority} />
            </label>
          ))}
        </fieldset>
        <label>
          Became
          <select
            multiple
            size={3}
            data-testid="journal-state"
            value={[...form.states]}
            onChange={(event) =>
              setForm({
                ...form,
                states: [...event.target.selectedOptions].map((option) => option.value as AlarmJournalState),
              })
            }
          >
            {Object.entries(JOURNAL_STATE_WORDS).map(([value, words]) => (
              <option key={value} value={value}>
                {words}
              </option>
            ))}
          </select>
        </label>
        <div className="journal-buttons">
          <button type="submit" data-testid="journal-search" disabled={busy}>
            Search
          </button>
          <button type="button" onClick={() => setForm(EMPTY_JOURNAL_FORM)}>
            Clear
          </button>
          <button type="button" data-testid="journal-export" disabled={exporting} onClick={exportCsv}>
            Export CSV…
          </button>
        </div>
      </form>
      <div className="view-toolbar">
        <CsvExportStatus />
        {error && (
          <span className="form-error" role="alert" data-testid="journal-error">
            {error}
          </span>
        )}
      </div>
      {page && (
        <>
          <div className="view-toolbar journal-pager">
            <button
              type="button"
              data-testid="journal-newer"
              disabled={busy || page.trail.length <= 1}
              onClick={newer}
            >
              ← Newer
            </button>
            <span className="calm-note" data-testid="journal-range">
              {page.entries.length === 0
                ? 'No journal lines match.'
                : `Lines ${first}–${first + page.entries.length - 1}, newest first`}
            </span>
            <button type="button" data-testid="journal-older" disabled={busy || !page.more} onClick={older}>
              Older →
            </button>
          </div>
          {page.entries.length > 0 && <JournalTable entries={page.entries} testId="journal-table" />}
        </>
      )}
    </div>
  );
}
