import {
  DropBacklogRequestSchema,
  SyncStreamSchema,
  type DropBacklogRequest,
  type StreamBacklog,
  type SyncStatus,
} from '../../shared/sync.js';
import { formatDateTime } from '../format/time.js';
import { formatBytes } from './syncText.js';

/**
 * The "Drop backlog" dialog (admin): one stream or all backfill, optionally only what is older
 * than a time, and a reason that is mandatory. What goes never reaches the cloud, so the dialog
 * says how much at most, and that the drop is journaled on the audit stream.
 */
export interface DropForm {
  /** A stream's name, or `backfill` for every backfill stream. */
  target: string;
  /** `YYYY-MM-DDTHH:MM` local time (a datetime-local input); empty: everything waiting. */
  before: string;
  reason: string;
}

export const emptyDropForm: DropForm = { target: 'backfill', before: '', reason: '' };

export type DropRequestResult = { ok: true; request: DropBacklogRequest } | { ok: false; problem: string };

export function dropRequest(form: DropForm): DropRequestResult {
  const stream = form.target === 'backfill' ? null : SyncStreamSchema.safeParse(form.target);
  if (stream !== null && !stream.success) return { ok: false, problem: `no stream "${form.target}"` };
  let beforeMs: number | null = null;
  if (form.before.trim() !== '') {
    beforeMs = new Date(form.before).getTime();
    if (!Number.isFinite(beforeMs)) return { ok: false, problem: 'Before: give a date and time' };
  }
  if (form.reason.trim().length < 3) return { ok: false, problem: 'Reason: say why (at least 3 characters)' };
  const parsed = DropBacklogRequestSchema.safeParse({
    stream: stream === null ? null : stream.data,
    beforeMs,
    reason: form.reason,
  });
  if (!parsed.success)
    return { ok: false, problem: parsed.error.issues[0]?.message ?? 'not a valid request' };
  return { ok: true, request: parsed.data };
}

/** The streams a form's target covers. */
export function targetStreams(target: string, streams: readonly StreamBacklog[]): StreamBacklog[] {
  return streams.filter((s) => (target === 'backfill' ? s.lane === 'backfill' : s.stream === target));
}

/** What the drop will remove, in words: at most what waits now, with the journal said. */
export function dropPreview(form: DropForm, status: Pick<SyncStatus, 'streams'>): string[] {
  const covered = targetStreams(form.target, status.streams);
  const records = covered.reduce((sum, s) => sum + s.records, 0);
  const bytes = covered.reduce((sum, s) => sum + s.bytes, 0);
  const which =
    form.target === 'backfill'
      ? `every backfill stream (${covered.map((s) => s.stream).join(', ')})`
      : `the ${form.target} stream`;
  const beforeMs = form.before.trim() === '' ? NaN : new Date(form.before).getTime();
  const when = Number.isFinite(beforeMs) ? `with event time before ${formatDateTime(beforeMs)}` : 'all of it';
  return [
    `Drops waiting records of ${which}, ${when}: at most ${records.toLocaleString('en')} records (${formatBytes(bytes)}) that will never reach the cloud.`,
    'The drop is journaled on the audit stream with the batches removed, so the cloud can tell it from a loss.',
  ];
}
