import type { AlarmJournalEntry } from '../../shared/alarms.js';
import { qualityName } from '../../shared/quality.js';
import { csvField } from './csvFormat.js';

/**
 * The alarm journal as CSV, in the trend export's dialect (csvFormat.ts): RFC 4180 with CRLF line
 * ends, every text field quoted when it holds a comma, quote or line break. Each line carries its
 * time twice, as ISO 8601 UTC for people and epoch ms for tools, and its seq, so two exports can
 * be joined or told apart. Texts are written as they were entered, never rewritten.
 */
export const ALARM_CSV_HEADER =
  'timestamp,timestamp_ms,seq,alarm,tag,area,priority,message,from,to,trigger,user,station,comment,value,quality,quality_code,level\r\n';

export function alarmCsvRow(entry: AlarmJournalEntry): string {
  const value =
    entry.value === null ? '' : typeof entry.value === 'number' ? String(entry.value) : csvField(entry.value);
  return [
    new Date(entry.ts).toISOString(),
    String(entry.ts),
    String(entry.seq),
    csvField(entry.alarm),
    csvField(entry.tag),
    csvField(entry.area),
    entry.priority,
    csvField(entry.message),
    entry.from,
    entry.to,
    entry.trigger,
    csvField(entry.user ?? ''),
    csvField(entry.station),
    csvField(entry.comment),
    value,
    csvField(qualityName(entry.quality)),
    String(entry.quality),
    entry.level ?? '',
  ].join(',');
}

export function alarmCsvRows(entries: readonly AlarmJournalEntry[]): string {
  let text = '';
  for (const entry of entries) text += `${alarmCsvRow(entry)}\r\n`;
  return text;
}
