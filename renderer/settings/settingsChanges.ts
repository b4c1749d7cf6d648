import { DEFAULT_ALARM_SETTINGS, type AlarmSettings } from '../../shared/alarms.js';
import { PRIORITY_LABEL } from '../alarms/priorityText.js';
import { FORM_PRIORITIES, spanWords } from './alarmSettingsForm.js';

/** A priority's shelve limit in words: `8 h`, `cannot be shelved`. */
export function shelveWords(ms: number | null): string {
  return ms === null ? 'cannot be shelved' : `at most ${spanWords(ms)}`;
}

/**
 * What one version of the alarm settings changed, one line per setting, as the audit trail reads
 * it: `High: ack comment not required → required`. The first version is compared with the
 * defaults, which were in force before it.
 */
export function describeSettingsChange(before: AlarmSettings | null, after: AlarmSettings): string[] {
  const was = before ?? DEFAULT_ALARM_SETTINGS;
  const changes: string[] = [];
  const required = (flag: boolean) => (flag ? 'required' : 'not required');
  for (const p of FORM_PRIORITIES) {
    const name = PRIORITY_LABEL[p];
    if (was.ackCommentRequired[p] !== after.ackCommentRequired[p])
      changes.push(
        `${name}: ack comment ${required(was.ackCommentRequired[p])} → ${required(after.ackCommentRequired[p])}`,
      );
    if (was.maxShelveMs[p] !== after.maxShelveMs[p])
      changes.push(
        `${name}: shelve ${shelveWords(was.maxShelveMs[p])} → ${shelveWords(after.maxShelveMs[p])}`,
      );
  }
  if (was.journalRetentionDays !== after.journalRetentionDays)
    changes.push(`Journal kept for ${was.journalRetentionDays} → ${after.journalRetentionDays} days`);
  return changes.length === 0 ? ['no change'] : changes;
}
