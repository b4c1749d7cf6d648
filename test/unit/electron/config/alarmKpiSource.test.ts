import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { alarmKpiReport } from '../../../../electron/alarms/report/kpiReport.js';
import type { KpiLine } from '../../../../electron/alarms/report/kpiLines.js';
import { ConfigStore } from '../../../../electron/config/configStore.js';
import { journalLine } from '../../../helpers/alarmJournalLines.js';
import { D0, DAY, H, KPI_JOURNAL, line, TANK_LEVEL } from '../../../helpers/kpiJournal.js';
import { makeTempDir } from '../../../helpers/tempDir.js';

const stored = (kpi: KpiLine, extra = {}) =>
  journalLine({ ...kpi, tag: kpi.alarm.split('#')[0]!, level: null, ...extra });

describe('the alarm performance report from config.db', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let db: Database.Database;
  let store: ConfigStore;
  const badRows: string[] = [];
  beforeEach(() => {
    dir = makeTempDir();
    badRows.length = 0;
    db = new Database(`${dir.path}/config.db`);
    store = new ConfigStore(db, (message) => badRows.push(message));
  });
  afterEach(() => {
    store.close();
    dir.remove();
  });

  it('reads the period and what stood before it from the journal, and answers the report worked out by hand', () => {
    store.alarms.writeBatch({
      states: [],
      removed: [],
      journal: [
        // Before the period: the tank level cleared once and activated again, the last is what counts.
        stored(line(D0 - 30 * H, TANK_LEVEL, { priority: 'high' })),
        stored(line(D0 - 20 * H, TANK_LEVEL, { trigger: 'cleared', priority: 'high' })),
        ...KPI_JOURNAL.before.map((kpi) => stored(kpi)),
        // Lines the report has no use for, in and after the period.
        stored(line(D0 + 3 * H, TANK_LEVEL, { trigger: 'note' }), { user: 'olga', comment: 'still high' }),
        ...KPI_JOURNAL.lines.map((kpi) => stored(kpi)),
        stored(line(D0 + 3 * DAY, TANK_LEVEL, { trigger: 'cleared' })),
      ],
    });
    expect(store.alarms.kpiReport(KPI_JOURNAL.from, KPI_JOURNAL.to)).toEqual(alarmKpiReport(KPI_JOURNAL));
    expect(badRows).toEqual([]);
  });

  it('leaves out and reports a line whose trigger the contract does not know', () => {
    store.alarms.writeBatch({
      states: [],
      removed: [],
      journal: [stored(line(D0 + H, 'a/b#level')), stored(line(D0 + 2 * H, 'a/b#level'))],
    });
    db.prepare("UPDATE alarm_journal SET trigger = 'exploded' WHERE seq = 2").run();
    db.prepare("UPDATE alarm_journal SET from_state = 'shelved' WHERE seq = 2").run();
    expect(store.alarms.kpiReport(D0, D0 + DAY).annunciated).toBe(1);
    expect(badRows).toEqual(['alarm performance report: 1 journal lines do not parse; left them out']);
  });
});
