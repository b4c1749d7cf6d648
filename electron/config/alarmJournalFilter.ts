import type { AlarmJournalFilter } from '../../shared/alarms.js';

/** A filter as SQL: a WHERE clause over alarm_journal and its named parameters. */
export interface JournalWhere {
  sql: string;
  params: Record<string, string | number>;
}

/**
 * The journal's filters (shared/alarms.ts AlarmJournalFilter) as one WHERE clause:
 *
 * - time: `from ≤ ts ≤ to`;
 * - tag: exact, or a whole path below it (`line1/pump3` also matches `line1/pump3/flow`); a
 *   trailing `*` matches any tag starting with what comes before it (`line1/pump*`). Prefixes
 *   are ranges, so they use the tag index and match case-sensitively, like tag ids;
 * - area: exact; priority, state (the line's `to`) and trigger: any of those listed;
 * - user: exact, ignoring case;
 * - text: a case-insensitive substring of the message, comment, alarm id or user (Unicode case
 *   folding through the `wk_contains` function the journal table registers).
 */
export function journalWhere(filter: AlarmJournalFilter): JournalWhere {
  const clauses = ['ts >= @from', 'ts <= @to'];
  const params: Record<string, string | number> = { from: filter.from, to: filter.to };
  if (filter.tag !== undefined && filter.tag !== '' && filter.tag !== '*') {
    if (filter.tag.endsWith('*')) {
      const prefix = filter.tag.slice(0, -1);
      clauses.push('tag >= @tagLow AND tag < @tagHigh');
      Object.assign(params, { tagLow: prefix, tagHigh: successor(prefix) });
    } else {
      // Below `a/b` is [`a/b/`, `a/b0`): '0' is the character after '/'.
      clauses.push('(tag = @tag OR (tag >= @tagLow AND tag < @tagHigh))');
      Object.assign(params, { tag: filter.tag, tagLow: `${filter.tag}/`, tagHigh: `${filter.tag}0` });
    }
  }
  if (filter.area !== undefined) {
    clauses.push('area = @area');
    params.area = filter.area;
  }
  inList(clauses, params, 'priority', filter.priority);
  inList(clauses, params, 'to_state', filter.state);
  inList(clauses, params, 'trigger', filter.trigger);
  if (filter.user !== undefined && filter.user !== '') {
    clauses.push('user = @user COLLATE NOCASE');
    params.user = filter.user;
  }
  const text = filter.text?.trim();
  if (text) {
    clauses.push(
      '(wk_contains(message, @text) OR wk_contains(comment, @text) OR wk_contains(alarm, @text) OR wk_contains(user, @text))',
    );
    params.text = foldCase(text);
  }
  return { sql: clauses.join(' AND '), params };
}

/** How text is compared: Unicode lower case, so "ÜBERDRUCK" finds "Überdruck". */
export function foldCase(text: string): string {
  return text.toLowerCase();
}

/** `wk_contains(haystack, folded needle)`: 1 when the haystack holds the needle, ignoring case. */
export function containsFolded(haystack: unknown, needle: unknown): number {
  return typeof haystack === 'string' && typeof needle === 'string' && foldCase(haystack).includes(needle)
    ? 1
    : 0;
}

function inList(
  clauses: string[],
  params: Record<string, string | number>,
  column: string,
  values: readonly string[] | undefined,
): void {
  if (values === undefined) return;
  // An empty list names nothing: no line matches (not "no filter").
  if (values.length === 0) {
    clauses.push('0');
    return;
  }
  const names = values.map((value, i) => {
    params[`${column}${i}`] = value;
    return `@${column}${i}`;
  });
  clauses.push(`${column} IN (${names.join(', ')})`);
}

/** The smallest string greater than every string that starts with `prefix`. */
function successor(prefix: string): string {
  if (prefix === '') return '\u{10FFFF}';
  const last = prefix.charCodeAt(prefix.length - 1);
  return prefix.slice(0, -1) + String.fromCharCode(last + 1);
}
