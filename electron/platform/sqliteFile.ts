import { existsSync, renameSync } from 'node:fs';

/** What SQLite says when a file is not a database, or one whose pages no longer make sense. */
const DAMAGED_CODES = ['SQLITE_NOTADB', 'SQLITE_CORRUPT'];

/**
 * Opens a SQLite file with `open`; when SQLite cannot read it as a database, moves it (and its
 * -wal and -shm) aside as `<path>.corrupt-<time>` — never deleting what may still be rescued —
 * and opens a fresh one. `onSetAside` gets the line to log. Other errors (permissions, a full
 * disk) are not damage and are thrown as they are.
 */
export function openOrSetAside<T>(
  path: string,
  open: () => T,
  onSetAside: (message: string) => void,
  what = 'database file',
): T {
  try {
    return open();
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    if (!DAMAGED_CODES.includes(code) || !existsSync(path)) throw error;
    const aside = `${path}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    for (const suffix of ['', '-wal', '-shm']) {
      if (existsSync(path + suffix)) renameSync(path + suffix, aside + suffix);
    }
    onSetAside(`${what} ${path} is damaged (${code}); kept it as ${aside} and started a new one`);
    return open();
  }
}
