import { describe, expect, it } from 'vitest';
import { alarmKpiReport } from '../../../../electron/alarms/report/kpiReport.js';
import { alarmKpiCsv, alarmKpiFileName } from '../../../../electron/export/alarmKpiCsv.js';
import { D0, DAY, H, line } from '../../../helpers/kpiJournal.js';

describe('the alarm performance report as CSV', () => {
  const report = alarmKpiReport({
    from: D0,
    to: D0 + DAY,
    before: [],
    lines: [
      line(D0 + H, 'a/b#level', { message: 'Flow high, "really"', priority: 'high' }),
      line(D0 + 2 * H, 'a/b#level', { message: 'Flow high, "really"', priority: 'high' }),
    ],
  });
  const csv = alarmKpiCsv(report);
  const sections = csv.split('\r\n\r\n');

  it('writes each table as a section with its own header, separated by an empty line', () => {
    expect(sections.map((s) => s.split('\r\n').slice(0, 2).join(' | '))).toEqual([
      'section,summary | metric,value,target,manageable',
      'section,10-minute counts | start,start_ms,count',
      'section,flood episodes | start,start_ms,end,end_ms,alarms,peak_10min',
      'section,bad actors | rank,alarm,message,priority,count,percent',
      'section,chattering | alarm,message,episodes,max_per_minute',
      'section,fleeting | alarm,message,count',
      'section,stale | alarm,message,active_ms,active_hours',
      'section,priority distribution | priority,count,percent,target_percent',
      'section,shelving | metric,value',
      'section,most shelved | alarm,count',
    ]);
    expect(csv.endsWith('\r\n')).toBe(true);
  });

  it('gives the figures, with texts quoted as RFC 4180 asks and times as ISO 8601 and epoch ms', () => {
    const summary = sections[0]!.split('\r\n');
    expect(summary).toContain('from,2026-01-01T00:00:00.000Z,,');
    expect(summary).toContain('annunciated activations,2,,');
    expect(summary).toContain('per day average,2,150,300');
    expect(summary).toContain('per hour max,1,6,12');
    expect(sections[1]!.split('\r\n')[8]).toBe(`2026-01-01T01:00:00.000Z,${D0 + H},1`);
    expect(sections[3]!.split('\r\n')[2]).toBe('1,a/b#level,"Flow high, ""really""",high,2,100');
    expect(sections[7]!.split('\r\n').slice(2)).toEqual([
      'low,0,0,80',
      'medium,0,0,15',
      'high,2,100,5',
      'critical,0,0,1',
    ]);
  });

  it('names the file by the days it spans', () => {
    expect(alarmKpiFileName(report)).toBe('alarm-kpi-2026-01-01-2026-01-02.csv');
  });
});
