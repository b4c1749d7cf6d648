import type { ModelStats } from '../../shared/models.js';

const LATENCIES = 256;
const RATE_WINDOW_MS = 10_000;

/**
 * One binding's run statistics: windows evaluated, errors, the last run, inferences per second
 * over the last ten seconds, and latency percentiles over the last 256 runs.
 */
export class ModelStatsTracker {
  private inferences = 0;
  private errors = 0;
  private lastRunMs: number | null = null;
  private lastError: string | null = null;
  private readonly latencies = new Float64Array(LATENCIES);
  private latencyCount = 0;
  /** Run times and window counts of the last ten seconds, oldest first. */
  private readonly recent: { at: number; windows: number }[] = [];

  recordRun(at: number, latencyMs: number, windows = 1): void {
    this.inferences += windows;
    this.lastRunMs = at;
    this.latencies[this.latencyCount++ % LATENCIES] = latencyMs;
    this.recent.push({ at, windows });
    this.forget(at);
  }

  recordError(at: number, message: string): void {
    this.errors++;
    this.lastError = message;
    this.lastRunMs = at;
  }

  snapshot(now: number): ModelStats {
    this.forget(now);
    const n = Math.min(this.latencyCount, LATENCIES);
    const sorted = Array.from(this.latencies.subarray(0, n)).sort((a, b) => a - b);
    const at = (p: number) => (n === 0 ? null : round(sorted[Math.min(n - 1, Math.floor(p * n))]!));
    const windows = this.recent.reduce((sum, r) => sum + r.windows, 0);
    return {
      inferences: this.inferences,
      perSecond: round(windows / (RATE_WINDOW_MS / 1000)),
      latencyP50Ms: at(0.5),
      latencyP99Ms: at(0.99),
      errors: this.errors,
      lastRunMs: this.lastRunMs,
      lastError: this.lastError,
    };
  }

  private forget(now: number): void {
    while (this.recent.length > 0 && this.recent[0]!.at <= now - RATE_WINDOW_MS) this.recent.shift();
  }
}

const round = (value: number) => Math.round(value * 1000) / 1000;
