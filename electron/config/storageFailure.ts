import { WorkerError } from '../platform/workerProtocol.js';

/** What SQLite says when the file cannot take a write now: the disk, not the data, is at fault. */
const CAUSES: ReadonlyArray<[RegExp, string]> = [
  [/^SQLITE_FULL/, 'the disk is full'],
  [/^SQLITE_READONLY/, 'the file or its disk is read-only'],
  [/^SQLITE_IOERR/, 'the disk failed to read or write'],
  [/^SQLITE_CANTOPEN/, 'the file cannot be opened'],
  [/^SQLITE_BUSY/, 'another program holds the file'],
];

/**
 * Runs a write; when the disk refuses it (full, read-only, failing), fails with UNAVAILABLE and
 * a message an operator understands instead of SQLite's code. The write was one transaction, so
 * SQLite has rolled it back whole: nothing of it is stored and the file is as it was, and the
 * caller may try again once the disk is fixed. Anything else is a bug and is thrown as it is.
 */
export function writeOrExplain<T>(what: string, write: () => T): T {
  try {
    return write();
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const cause = typeof code === 'string' ? CAUSES.find(([pattern]) => pattern.test(code)) : undefined;
    if (!cause) throw error;
    const detail = error instanceof Error ? error.message : String(error);
    throw new WorkerError(
      'UNAVAILABLE',
      `${what} could not be written: ${cause[1]} (${code}: ${detail}); nothing of it was stored`,
    );
  }
}
