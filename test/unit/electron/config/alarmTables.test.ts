import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_ALARM_SETTINGS, type AlarmSettings } from '../../../../shared/alarms.js';
import { ConfigStore } from '../../../../electron/config/configStore.js';
import { alarmState, journalLine } from '../../../helpers/alarmJournalLines.js';
import { makeTempDir } from '../../../helpers/tempDir.js';

const FILTER = { from: 0, to: 8.64e15 };

describe('alarm states, journal and settings in config.db', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let db: Database.Database;
  let store: ConfigStore;
  const badRows: string[] = [];
  const open = () => {
    db = new Database(`${dir.path}/config.db`);
    store = new ConfigStore(db, (line) => badRows.push(line));
  };
  beforeEach(() => {
    dir = makeTempDir();
    badRows.length = 0;
    open();
  });
  afterEach(() => {
    store.close();
    dir.remove();
  });

  it('restores after a restart the states and journal lines a batch wrote, and forgets removed alarms', () => {
    const other = alarmState({ id: 'line1/tank/level#level', tag: 'line1/tank/level', priority: 'low' });
    const seqs = store.alarms.writeBatch({
      states: [alarmState(), other],
      removed: [],
      journal: [journalLine(), journalLine({ ts: 1_001, alarm: other.id, tag: other.tag })],
    });
    expect(seqs).toEqual([1, 2]);
    const acked = alarmState({ state: 'acked', acknowledged: true, revision: 2, changedMs: 2_000 });
    store.alarms.writeBatch({
      states: [acked],
      removed: [other.id],
      journal: [
        journalLine({ ts: 2_000, from: 'unacked', to: 'acked', trigger: 'acknowledged', user: 'olga' }),
      ],
    });
    store.close();
    open();
    expect(store.alarms.states.list()).toEqual([acked]);
    const page = store.alarms.journal.query({ filter: FILTER, limit: 10 });
    expect(page.entries.map((e) => [e.seq, e.trigger, e.user])).toEqual([
      [3, 'acknowledged', 'olga'],
      [2, 'activated', null],
      [1, 'activated', null],
    ]);
    expect(page.entries[2]).toEqual({ seq: 1, ...journalLine() });
  });

  it('stores a batch whole or not at all: a line the journal refuses takes the states with it', () => {
    store.alarms.writeBatch({ states: [alarmState()], removed: [], journal: [journalLine()] });
    const broken = { ...journalLine({ ts: 5_000 }), priority: 'urgent' } as unknown as ReturnType<
      typeof journalLine
    >;
    expect(() =>
      store.alarms.writeBatch({
        states: [alarmState({ state: 'acked', revision: 2 })],
        removed: [],
        journal: [journalLine({ ts: 5_000 }), broken],
      }),
    ).toThrow(/CHECK/);
    expect(store.alarms.states.list()).toEqual([alarmState()]);
    expect(store.alarms.journal.query({ filter: FILTER, limit: 10 }).entries).toHaveLength(1);
  });

  it('skips and reports a stored state that no longer reads, restoring the others', () => {
    const other = alarmState({ id: 'line1/tank/level#level', tag: 'line1/tank/level' });
    const third = alarmState({ id: 'line1/tank/temp#level', tag: 'line1/tank/temp' });
    const fourth = alarmState({ id: 'line1/tank/volume#level', tag: 'line1/tank/volume' });
    store.alarms.writeBatch({ states: [alarmState(), other, third, fourth], removed: [], journal: [] });
    db.prepare("UPDATE alarm_state SET alarm = '{not json' WHERE id = ?").run(other.id);
    db.prepare(`UPDATE alarm_state SET alarm = json_set(alarm, '$.state', 'confused') WHERE id = ?`).run(
      third.id,
    );
    db.prepare(
      `UPDATE alarm_state SET alarm = json_set(alarm, '$.id', 'line1/tank/mass#level') WHERE id = ?`,
    ).run(fourth.id);
    expect(store.alarms.states.list()).toEqual([alarmState()]);
    expect(badRows).toEqual([
      expect.stringMatching(/alarm line1\/tank\/level#level is not valid JSON; passed over/),
      expect.stringMatching(/alarm line1\/tank\/temp#level does not parse \(state: .*\); passed over/),
      'stored state of alarm line1/tank/volume#level does not parse (it names line1/tank/mass#level); passed over it',
    ]);
  });

  it('skips and reports a journal line that no longer reads, keeping the others and the paging', () => {
    store.alarms.writeBatch({
      states: [],
      removed: [],
      journal: [journalLine({ ts: 1 }), journalLine({ ts: 2 }), journalLine({ ts: 3 })],
    });
    db.prepare("UPDATE alarm_journal SET value = '{oops' WHERE seq = 2").run();
    const page = store.alarms.journal.query({ filter: FILTER, limit: 2 });
    expect(page.entries.map((e) => e.seq)).toEqual([3]);
    expect(page.more).toBe(true);
    expect(
      store.alarms.journal.query({ filter: FILTER, limit: 2, beforeSeq: 2 }).entries.map((e) => e.seq),
    ).toEqual([1]);
    expect(badRows).toEqual(['alarm journal line 2 is not valid JSON (value); passed over it']);
  });

  it('fails a batch on a full disk with a clear error, keeps everything written before, and takes batches again once there is room', () => {
    const pages = db.pragma('page_count', { simple: true }) as number;
    db.pragma(`max_page_count = ${pages + 8}`);
    const batch = (i: number) => ({
      states: [alarmState({ revision: i, changedMs: i })],
      removed: [],
      journal: Array.from({ length: 20 }, (_, n) =>
        journalLine({ ts: i * 100 + n, comment: `note ${i}/${n} `.padEnd(300, '.') }),
      ),
    });
    let written = 0;
    let failure: unknown = null;
    for (let i = 1; i < 1_000 && failure === null; i++) {
      try {
        store.alarms.writeBatch(batch(i));
        written = i;
      } catch (error) {
        failure = error;
      }
    }
    expect(failure).toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringMatching(
        /^the alarm state and journal could not be written: the disk is full \(SQLITE_FULL: .*\); nothing of it was stored$/,
      ),
    });
    expect(written).toBeGreaterThan(0);
    const check = () => {
      expect(store.alarms.states.list()).toEqual([alarmState({ revision: written, changedMs: written })]);
      expect(db.prepare('SELECT count(*) FROM alarm_journal').pluck().get()).toBe(written * 20);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    };
    check();
    store.close();
    open();
    check();
    // Room again (max_page_count is per connection): the same batch now goes through.
    expect(store.alarms.writeBatch(batch(written + 1))).toHaveLength(20);
  });

  it('fails a batch and a settings change on a read-only file with a clear error, storing nothing', () => {
    store.alarms.writeBatch({ states: [alarmState()], removed: [], journal: [journalLine()] });
    db.pragma('query_only = ON');
    expect(() =>
      store.alarms.writeBatch({
        states: [alarmState({ revision: 2 })],
        removed: [],
        journal: [journalLine()],
      }),
    ).toThrow(/^the alarm state and journal could not be written: the file or its disk is read-only/);
    expect(() => store.alarms.saveSettings(DEFAULT_ALARM_SETTINGS, 'erin', 1)).toThrow(
      /^the alarm settings could not be written: the file or its disk is read-only/,
    );
    db.pragma('query_only = OFF');
    expect(store.alarms.states.list()).toEqual([alarmState()]);
    expect(store.alarms.journal.query({ filter: FILTER, limit: 10 }).entries).toHaveLength(1);
    expect(store.alarms.settings.current()).toBeNull();
  });

  it('keeps every settings change as a version with who, when, before and after; the newest is in force', () => {
    expect(store.alarms.settings.current()).toBeNull();
    const stricter: AlarmSettings = {
      ...DEFAULT_ALARM_SETTINGS,
      ackCommentRequired: { low: true, medium: true, high: true, critical: true },
    };
    store.alarms.saveSettings(DEFAULT_ALARM_SETTINGS, 'erin', 1_000);
    store.alarms.saveSettings(stricter, 'frank', 2_000);
    store.close();
    open();
    expect(store.alarms.settings.current()).toEqual(stricter);
    expect(store.alarms.settings.versions(10)).toEqual([
      { version: 2, changedMs: 2_000, changedBy: 'frank', before: DEFAULT_ALARM_SETTINGS, after: stricter },
      { version: 1, changedMs: 1_000, changedBy: 'erin', before: null, after: DEFAULT_ALARM_SETTINGS },
    ]);
  });

  it('refuses a settings change made over an older version than the one stored, storing nothing', () => {
    const longer = { ...DEFAULT_ALARM_SETTINGS, journalRetentionDays: 400 };
    store.alarms.saveSettings(DEFAULT_ALARM_SETTINGS, 'erin', 1_000, 0);
    // Frank edited version 1; Grace saved version 2 before him.
    store.alarms.saveSettings(longer, 'grace', 2_000, 1);
    expect(() => store.alarms.saveSettings(DEFAULT_ALARM_SETTINGS, 'frank', 3_000, 1)).toThrow(
      expect.objectContaining({
        code: 'CONFLICT',
        message:
          'the alarm settings were changed meanwhile (now version 2, edited from 1): reload them and edit again',
      }),
    );
    expect(store.alarms.settings.current()).toEqual(longer);
    expect(store.alarms.settings.versions(10).map((v) => v.changedBy)).toEqual(['grace', 'erin']);
    // Without a base version a change is taken over whatever is stored, as before.
    store.alarms.saveSettings(DEFAULT_ALARM_SETTINGS, 'frank', 4_000);
    expect(store.alarms.settings.versions(1)[0]).toMatchObject({ version: 3, changedBy: 'frank' });
  });

  it('passes over a settings version that no longer reads, keeping the newest readable one in force', () => {
    store.alarms.saveSettings(DEFAULT_ALARM_SETTINGS, 'erin', 1_000);
    store.alarms.saveSettings({ ...DEFAULT_ALARM_SETTINGS, journalRetentionDays: 30 }, 'erin', 2_000);
    db.prepare(
      'UPDATE alarm_settings_versions SET after = \'{"journalRetentionDays": -1}\' WHERE version = 2',
    ).run();
    expect(store.alarms.settings.current()).toEqual(DEFAULT_ALARM_SETTINGS);
    expect(badRows).toEqual([expect.stringMatching(/alarm settings version 2 does not parse/)]);
  });

  it('deletes old journal lines in bounded chunks, oldest first, leaving the states alone', () => {
    store.alarms.writeBatch({
      states: [alarmState()],
      removed: [],
      journal: [5, 1, 4, 2, 3, 10].map((ts) => journalLine({ ts })),
    });
    expect(store.alarms.journal.deleteOlderThan(5, 2)).toBe(2);
    expect(store.alarms.journal.query({ filter: FILTER, limit: 10 }).entries.map((e) => e.ts)).toEqual([
      10, 5, 4, 3,
    ]);
    expect(store.alarms.journal.deleteOlderThan(5, 2)).toBe(2);
    expect(store.alarms.journal.deleteOlderThan(5, 2)).toBe(0);
    expect(store.alarms.states.list()).toEqual([alarmState()]);
  });
});
