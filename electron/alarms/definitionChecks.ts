import { alarmProblems, referencedTags, type AlarmDefinition } from '../../shared/alarmDefinitions.js';
import type { TagDataType } from '../../shared/domain.js';

/** What a definition is checked against: the tag's type and engineering range, if known. */
export interface TagFacts {
  dataType: TagDataType;
  engRange: { low: number; high: number } | undefined;
}

/** The kinds of alarm a text, on/off or enum tag may carry: the rest compare numbers. */
const ANY_TAG_KINDS = new Set<AlarmDefinition['kind']>(['discrete', 'badQuality']);

/**
 * Definitions that cannot work on their tag, in words an engineer can act on: tags.configure
 * refuses them and a site-file import reports them as problems. Crossed limits, negative delays
 * and the like are refused by the schema already (shared/alarmDefinitions.ts).
 */
export function alarmDefinitionProblems(
  tag: string,
  alarms: readonly AlarmDefinition[] | undefined,
  facts: TagFacts,
): string[] {
  if (!alarms || alarms.length === 0) return [];
  const problems: string[] = [];
  if (facts.dataType !== 'number') {
    const numeric = alarms.filter((alarm) => !ANY_TAG_KINDS.has(alarm.kind)).map((alarm) => alarm.kind);
    if (numeric.length > 0)
      problems.push(
        `${tag} is a ${facts.dataType} tag: ${numeric.join(', ')} alarms apply to number tags only (discrete and bad-quality alarms apply to any tag)`,
      );
  }
  for (const problem of alarmProblems(alarms, facts.engRange)) problems.push(`${tag}: ${problem}`);
  for (const alarm of alarms)
    if (alarm.kind === 'deviation' && alarm.setpointTag === tag)
      problems.push(`${tag}: a deviation alarm compares with another tag, not with the tag itself`);
  return problems;
}

/**
 * Tags an alarm reads (a setpoint, a suppression condition) that the site does not know. Refused
 * by tags.configure; a warning on import, where the tag may be one a device has not announced
 * yet. At run time an unknown setpoint freezes its deviation alarm and an unknown suppression
 * tag does not suppress.
 */
export function unknownReferences(
  tag: string,
  alarms: readonly AlarmDefinition[] | undefined,
  known: (id: string) => boolean,
): string[] {
  return (alarms ?? []).flatMap((alarm) =>
    referencedTags(alarm)
      .filter((id) => !known(id))
      .map((id) => `${tag}: the ${alarm.kind} alarm reads ${id}, which is not a known tag`),
  );
}
