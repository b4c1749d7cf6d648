import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConfigStore } from '../../../../electron/config/configStore.js';
import type { NewCommandRecord } from '../../../../electron/config/types.js';
import { decodeBatch } from '../../../../electron/sync/wire.js';
import { DEFAULT_ALARM_SETTINGS } from '../../../../shared/alarms.js';
import { AlarmRecordSchema, CommandRecordLineSchema, type SyncStream } from '../../../../shared/sync.js';
import { alarmState, journalLine } from '../../../helpers/alarmJournalLines.js';
import { makeTempDir } from '../../../helpers/tempDir.js';
import { IDENTITY, TestClocks, enableSync, openStore } from './syncOutboxFixture.js';

const command: NewCommandRecord = {
  user: 'erin',
  requestedAt: 1_000,
  tag: 'line1/pump1/speed_setpoint',
  target: {
    kind: 'sparkplug',
    broker: 'site',
    topic: 'spBv1.0/f/DCMD/line1/pump1',
    metric: 'sp',
    datatype: 'Double',
  },
  oldValue: 100,
  newValue: 55,
  outcome: 'sending',
  outcomeAt: 1_000,
  detail: '',
};

describe('the journals and configuration saves put their records in the outbox, in their own transactions', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let db: Database.Database;
  let store: ConfigStore;
  beforeEach(() => {
    dir = makeTempDir();
    db = new Database(`${dir.path}/config.db`);
    store = openStore(`${dir.path}/config.db`, new TestClocks(), [], db);
  });
  afterEach(() => {
    store.close();
    dir.remove();
  });

  const records = (stream: SyncStream) =>
    store.outbox
      .nextBatches({ streams: [stream], after: {}, maxBatches: 100, maxBytes: 1e9 })
      .flatMap((batch) => decodeBatch(batch.payload).records);
  const rows = (table: string) => db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get();
  const batch = (i: number) => ({
    states: [alarmState({ revision: i, changedMs: i })],
    removed: [],
    journal: [
      journalLine({ ts: i * 100 }),
      journalLine({ ts: i * 100 + 1, trigger: 'acknowledged', user: 'olga' }),
    ],
  });

  it('adds nothing while sync is off', () => {
    store.outbox.setIdentity(IDENTITY);
    store.alarms.writeBatch(batch(1));
    store.commands.add(command);
    store.items.saveConfig({
      kind: 'tag',
      id: 'a/b',
      config: { unit: 'bar' },
      baseVersion: 0,
      changedBy: 'e',
      now: 5,
    });
    expect(rows('sync_pending')).toBe(0);
    expect(rows('sync_batches')).toBe(0);
  });

  it('journals every alarm line as an alarm record with its journal seq, sealed at once for the live lane', () => {
    enableSync(store);
    store.outbox.setIdentity(IDENTITY);
    expect(store.alarms.writeBatch(batch(1))).toEqual([1, 2]);
    expect(rows("sync_pending WHERE stream = 'alarms'")).toBe(0);
    const lines = records('alarms');
    expect(lines.map((line) => AlarmRecordSchema.parse(line))).toEqual([
      { seq: 1, ...journalLine({ ts: 100 }), at: 100 },
      { seq: 2, ...journalLine({ ts: 101, trigger: 'acknowledged', user: 'olga' }), at: 101 },
    ]);
  });

  it('a journal write that fails leaves no outbox record, and an outbox write that fails leaves no journal line', () => {
    enableSync(store);
    store.outbox.setIdentity(IDENTITY);
    const broken = { ...batch(1), journal: [{ ...journalLine(), priority: 'urgent' as never }] };
    expect(() => store.alarms.writeBatch(broken)).toThrow(/CHECK/);
    expect([rows("sync_pending WHERE stream = 'alarms'"), rows('sync_batches'), rows('alarm_state')]).toEqual(
      [0, 0, 0],
    );
    db.exec(
      "CREATE TRIGGER refuse BEFORE INSERT ON sync_batches BEGIN SELECT RAISE(ABORT, 'outbox refused'); END",
    );
    expect(() => store.alarms.writeBatch(batch(2))).toThrow(/outbox refused/);
    expect(() => store.commands.add(command)).toThrow(/outbox refused/);
    expect([rows('alarm_journal'), rows('alarm_state'), rows('command_journal')]).toEqual([0, 0, 0]);
    db.exec('DROP TRIGGER refuse');
    store.alarms.writeBatch(batch(3));
    expect([rows('alarm_journal'), records('alarms').length]).toEqual([2, 2]);
  });

  it('on a full disk the alarm batch fails whole (journal and outbox), and goes through whole once there is room', () => {
    enableSync(store);
    store.outbox.setIdentity(IDENTITY);
    const pages = db.pragma('page_count', { simple: true }) as number;
    db.pragma(`max_page_count = ${pages + 6}`);
    let written = 0;
    let failure: unknown = null;
    const big = (i: number) => ({
      ...batch(i),
      journal: Array.from({ length: 20 }, (_, n) =>
        journalLine({ ts: i * 100 + n, comment: 'x'.repeat(300) }),
      ),
    });
    for (let i = 1; i < 1_000 && failure === null; i++) {
      try {
        store.alarms.writeBatch(big(i));
        written = i;
      } catch (error) {
        failure = error;
      }
    }
    expect(failure).toMatchObject({ code: 'UNAVAILABLE', message: expect.stringMatching(/disk is full/) });
    expect(rows('alarm_journal')).toBe(written * 20);
    db.pragma('max_page_count = 1000000');
    expect(records('alarms')).toHaveLength(written * 20);
    store.alarms.writeBatch(big(written + 1));
    expect(records('alarms')).toHaveLength((written + 1) * 20);
  });

  it('journals a command when it is added and again at its outcome', () => {
    enableSync(store);
    store.outbox.setIdentity(IDENTITY);
    const added = store.commands.add(command);
    store.commands.setOutcome({ id: added.id, outcome: 'echoed', outcomeAt: 2_500, detail: 'seen at 55' });
    expect(records('commands').map((line) => CommandRecordLineSchema.parse(line))).toEqual([
      { ...added, at: 1_000 },
      { ...added, outcome: 'echoed', outcomeAt: 2_500, detail: 'seen at 55', at: 2_500 },
    ]);
  });

  it('records configuration saves on site in the audit stream: who, what, which version', () => {
    enableSync(store);
    store.outbox.setIdentity(IDENTITY);
    const tag = { kind: 'tag' as const, id: 'a/b', config: { unit: 'bar' }, changedBy: 'eng', now: 5_000 };
    store.items.saveConfig({ ...tag, baseVersion: 0 });
    store.items.saveConfig({ ...tag, baseVersion: 0, config: { unit: 'kPa' } }); // refused: no record
    store.items.saveConfig({ ...tag, baseVersion: 1, config: { unit: 'kPa' }, now: 6_000 });
    store.alarms.saveSettings({ ...DEFAULT_ALARM_SETTINGS, journalRetentionDays: 30 }, 'lead', 7_000);
    store.site.setBrokers([{ id: 'site', url: 'mqtt://127.0.0.1:1883' } as never], 'admin', 8_000);
    store.mappings.setFallback({ action: 'ignore' });
    const audit = records('audit') as {
      what: string;
      id: string | null;
      version: number | null;
      by: string;
      at: number;
    }[];
    expect(audit.map(({ what, id, version, by }) => [what, id, version, by])).toEqual([
      ['sync', null, 1, 'engineer'],
      ['tag', 'a/b', 1, 'eng'],
      ['tag', 'a/b', 2, 'eng'],
      ['alarmSettings', null, 1, 'lead'],
      ['brokers', null, null, 'admin'],
      ['mappings', null, null, ''],
    ]);
    expect(audit[2]!.at).toBe(6_000);
  });
});
