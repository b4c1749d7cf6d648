import type { Logger } from '../platform/logger.js';

/**
 * Counts rejected input per cause (e.g. `json.not_object`, `topic.unmapped`). The first
 * occurrence of each cause is logged with an example; the rest only count, and the counts are
 * shown in /api/health and the status bar, so one broken device cannot flood the log.
 */
export class InputErrors {
  private readonly counts = new Map<string, number>();
  private total = 0;
  private last: string | null = null;

  constructor(private readonly log: Logger) {}

  record(cause: string, detail: string): void {
    this.counts.set(cause, (this.counts.get(cause) ?? 0) + 1);
    this.total++;
    this.last = `${cause}: ${detail}`;
    this.log.once(cause, 'warn', `rejected input (${cause}): ${detail}`);
  }

  snapshot(): { errors: Record<string, number>; errorTotal: number; lastError: string | null } {
    return { errors: Object.fromEntries(this.counts), errorTotal: this.total, lastError: this.last };
  }
}
