import Database from 'better-sqlite3';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigStore } from '../../../../electron/config/configStore.js';
import { alarmCsvRow } from '../../../../electron/export/alarmCsvFormat.js';
import {
  ALARM_CSV_PAGE,
  streamAlarmJournalCsv,
  type AlarmCsvPageQuery,
  type AlarmCsvSource,
} from '../../../../electron/export/alarmJournalCsv.js';
import { Quality } from '../../../../shared/quality.js';
import { journalLine, numbered } from '../../../helpers/alarmJournalLines.js';
import { makeTempDir } from '../../../helpers/tempDir.js';

function sink() {
  let text = '';
  return {
    stream: new Writable({ write: (chunk: Buffer, _e, done) => ((text += chunk.toString()), done()) }),
    lines: () => text.split('\r\n').slice(0, -1),
  };
}

describe('an alarm journal line as CSV', () => {
  it('has its time as ISO 8601 UTC and epoch ms, and quotes texts as RFC 4180 asks', () => {
    const line = numbered(
      7,
      journalLine({
        ts: Date.UTC(2026, 0, 31, 12, 0, 0, 250),
        trigger: 'acknowledged',
        from: 'unacked',
        to: 'acked',
        user: 'olga',
        comment: 'checked, "ok"\r\nsecond line',
        message: 'Flow high, pump 3',
        value: 'TRIPPED',
        quality: Quality.BadSensorFailure,
      }),
    );
    expect(alarmCsvRow(line)).toBe(
      '2026-01-31T12:00:00.250Z,1769860800250,7,line1/pump3/flow#level,line1/pump3/flow,line1,high,' +
        '"Flow high, pump 3",unacked,acked,acknowledged,olga,station-a,"checked, ""ok""\r\nsecond line",' +
        `TRIPPED,BadSensorFailure,${Quality.BadSensorFailure},H`,
    );
    expect(alarmCsvRow(numbered(1, journalLine({ value: null, level: null, user: null })))).toMatch(
      /,activated,,station-a,,,Good,0,$/,
    );
  });
});

describe('the alarm journal CSV export', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let store: ConfigStore;
  let pages: AlarmCsvPageQuery[];
  let onPage: () => void;
  let source: AlarmCsvSource;
  beforeEach(() => {
    dir = makeTempDir();
    store = new ConfigStore(new Database(`${dir.path}/config.db`));
    pages = [];
    onPage = () => {};
    source = {
      alarmJournalCsv: async (query) => {
        pages.push(query);
        onPage();
        return store.alarms.journalCsvPage(query);
      },
    };
  });
  afterEach(() => {
    store.close();
    dir.remove();
  });

  /** `count` lines, two per millisecond (so pages end between lines of the same time), written newest first. */
  const fill = (count: number, extra = (_i: number) => ({})) =>
    store.alarms.writeBatch({
      states: [],
      removed: [],
      journal: Array.from({ length: count }, (_, n) => {
        const i = count - 1 - n;
        return journalLine({ ts: 1_000 + Math.floor(i / 2), comment: `line ${i}`, ...extra(i) });
      }),
    });

  it('writes every matching line once, oldest first, across pages, with a header and growing progress', async () => {
    fill(2 * ALARM_CSV_PAGE + 501, (i) => (i % 3 === 0 ? { trigger: 'note', user: 'olga' } : {}));
    const out = sink();
    const seen: number[] = [];
    const filter = { from: 0, to: 1e6, trigger: ['note' as const] };
    const result = await streamAlarmJournalCsv(source, filter, out.stream, {
      onProgress: ({ through }) => seen.push(through),
    });
    const lines = out.lines();
    expect(lines[0]).toBe(
      'timestamp,timestamp_ms,seq,alarm,tag,area,priority,message,from,to,trigger,user,station,comment,value,quality,quality_code,level',
    );
    const comments = lines.slice(1).map((line) => line.split(',')[13]);
    const expected = Array.from({ length: 2 * ALARM_CSV_PAGE + 501 }, (_, i) => i)
      .filter((i) => i % 3 === 0)
      .map((i) => `line ${i}`);
    expect(comments).toEqual(expected);
    expect(result).toEqual({ rows: expected.length, complete: true });
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(seen.at(-1)).toBe(1e6);
  });

  it('pages on after the last line written even when many lines share its time', async () => {
    store.alarms.writeBatch({
      states: [],
      removed: [],
      journal: Array.from({ length: ALARM_CSV_PAGE + 10 }, (_, i) =>
        journalLine({ ts: 5, comment: `c${i}` }),
      ),
    });
    const out = sink();
    const result = await streamAlarmJournalCsv(source, { from: 0, to: 10 }, out.stream);
    expect(result.rows).toBe(ALARM_CSV_PAGE + 10);
    expect(new Set(out.lines().slice(1)).size).toBe(ALARM_CSV_PAGE + 10);
    expect(pages).toHaveLength(2);
  });

  it('stops reading the journal once cancelled, and says the export is incomplete', async () => {
    fill(5 * ALARM_CSV_PAGE);
    const cancel = new AbortController();
    onPage = () => {
      if (pages.length === 2) cancel.abort();
    };
    const out = sink();
    const result = await streamAlarmJournalCsv(source, { from: 0, to: 1e6 }, out.stream, {
      signal: cancel.signal,
    });
    expect(result.complete).toBe(false);
    expect(pages).toHaveLength(2);
    expect(out.lines().length - 1).toBe(result.rows);
  });

  it('reads no further page while the destination has not drained, and stops when it goes away', async () => {
    fill(5 * ALARM_CSV_PAGE);
    // Takes chunks and never acknowledges them, like a client that stopped reading and then left.
    const stuck = new Writable({ highWaterMark: 1, write: () => setTimeout(() => stuck.destroy(), 50) });
    const result = await streamAlarmJournalCsv(source, { from: 0, to: 1e6 }, stuck);
    expect(result.complete).toBe(false);
    expect(pages.length).toBeLessThanOrEqual(1);
  });
});
