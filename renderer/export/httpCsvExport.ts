import { CsvRowCounter } from './csvProgress.js';
import type { CsvSink } from './csvSinks.js';

export interface CsvDownloadProgress {
  rows: number;
  /** Share of the time range the rows have covered, 0…1. */
  fraction: number;
}

/** The server marks an export that failed after its headers were sent with this last line. */
const ABORTED_MARK = '# export aborted';

/**
 * Reads the server's CSV export as it streams (fetch + a ReadableStream reader) into a sink,
 * reporting rows and progress per chunk: the server sends its time range in `X-Export-From/To`
 * and rows come in time order. Rejects on an HTTP error with the server's message, on a
 * stream the server ended as failed, and with an AbortError when `signal` aborts.
 */
export async function downloadCsv(
  url: string,
  sink: CsvSink,
  options: { signal: AbortSignal; onProgress(progress: CsvDownloadProgress): void },
): Promise<{ rows: number }> {
  const response = await fetch(url, { signal: options.signal, headers: { Accept: 'text/csv' } });
  if (!response.ok || !response.body) throw new Error(await problemOf(response));
  const from = Number(response.headers.get('X-Export-From'));
  const to = Number(response.headers.get('X-Export-To'));
  const counter = new CsvRowCounter();
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    await sink.write(value);
    counter.push(value);
    options.onProgress({ rows: counter.rows, fraction: counter.fraction(from, to) });
  }
  const last = counter.lastFirstCell ?? '';
  if (last.startsWith(ABORTED_MARK)) throw new Error(last.slice(2));
  return { rows: counter.rows };
}

async function problemOf(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { message?: unknown };
    if (typeof body.message === 'string') return body.message;
  } catch {
    // Not our JSON error body: the status says enough.
  }
  return `the server answered ${response.status} ${response.statusText}`;
}
