import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { NewCommandRecord } from '../../../../electron/config/types.js';
import { useConfigStore } from '../../../helpers/configStoreFixture.js';

const record = (newValue: number, extra: Partial<NewCommandRecord> = {}): NewCommandRecord => ({
  user: 'erin',
  requestedAt: 1_000,
  tag: 'line1/pump1/speed_setpoint',
  target: {
    kind: 'sparkplug',
    broker: 'site',
    topic: 'spBv1.0/factory/DCMD/line1/pump1',
    metric: 'speed_setpoint',
    datatype: 'Double',
  },
  oldValue: 100,
  newValue,
  outcome: 'sending',
  outcomeAt: 1_000,
  detail: '',
  ...extra,
});

describe('the command journal', () => {
  const config = useConfigStore();

  it('keeps a command written as sending across a restart, then moves it on to its outcome', () => {
    const added = config.store.commands.add(record(55));
    config.reopen(); // as after a crash between journaling and publishing
    expect(config.store.commands.list(10)).toEqual([added]);
    const sent = config.store.commands.setOutcome({
      id: added.id,
      outcome: 'sent',
      outcomeAt: 1_050,
      detail: 'MQTT 3.1.1',
    });
    expect(sent).toEqual({ ...added, outcome: 'sent', outcomeAt: 1_050, detail: 'MQTT 3.1.1' });
    expect(
      config.store.commands.setOutcome({ id: 999, outcome: 'sent', outcomeAt: 1, detail: '' }),
    ).toBeNull();
  });

  it('lists newest first and no more than asked for', () => {
    for (let value = 30; value < 40; value++) config.store.commands.add(record(value));
    const listed = config.store.commands.list(3);
    expect(listed.map((r) => r.newValue)).toEqual([39, 38, 37]);
  });

  it('skips and reports a row that no longer reads, keeping the others', () => {
    config.store.commands.add(record(40));
    config.store.commands.add(record(41));
    const raw = new Database(config.path);
    raw.prepare("UPDATE command_journal SET target = '{not json' WHERE id = 1").run();
    raw.close();
    expect(config.store.commands.list(10).map((r) => r.newValue)).toEqual([41]);
    expect(config.badRows).toEqual(['command journal row 1 is not valid JSON (target); passed over it']);
  });

  it('passes over a row that no longer fits the record, even when its outcome is set, and keeps the others', () => {
    const first = config.store.commands.add(record(40));
    config.store.commands.add(record(41));
    const raw = new Database(config.path);
    raw.prepare('UPDATE command_journal SET new_value = \'{"a":{"b":1}}\' WHERE id = 1').run();
    raw.close();
    expect(
      config.store.commands.setOutcome({ id: first.id, outcome: 'sent', outcomeAt: 1_050, detail: '' }),
    ).toBeNull();
    expect(config.store.commands.list(10).map((r) => r.newValue)).toEqual([41]);
    expect(config.badRows).toEqual([
      expect.stringMatching(/^command journal row 1 does not parse \(newValue: .+\); passed over it$/),
      expect.stringMatching(/^command journal row 1 does not parse/),
    ]);
  });
});
