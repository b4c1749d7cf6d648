import type { ImportSummary } from '../../shared/siteConfigFile.js';

const NAMES_SHOWN = 5;

/** `Boilers, Meters and 3 more`: a list that stays one line however long the file. */
function names(list: readonly string[]): string {
  const shown = list.slice(0, NAMES_SHOWN).join(', ');
  return list.length > NAMES_SHOWN ? `${shown} and ${list.length - NAMES_SHOWN} more` : shown;
}

function counted(count: number, what: string, list: readonly string[]): string | null {
  return count === 0 ? null : `${count} ${what} (${names(list)})`;
}

/**
 * What an import changes (or changed), one line per part of the site, in words an engineer
 * checks before pressing Apply. Pure, so it is tested without a browser.
 */
export function importReportLines(summary: ImportSummary): string[] {
  const { brokers, rules, devices, tags, models } = summary;
  const brokerLine = brokers.changed
    ? `Brokers: ${names(brokers.before) || 'the embedded broker'} → ${names(brokers.after)}; the links reconnect at once`
    : 'Brokers: unchanged';
  const ruleParts = [
    counted(rules.added.length, 'added', rules.added),
    counted(rules.replaced.length, 'replaced', rules.replaced),
    counted(rules.removed.length, 'removed', rules.removed),
    rules.unchanged > 0 ? `${rules.unchanged} unchanged` : null,
  ].filter((part): part is string => part !== null);
  return [
    brokerLine,
    `Mapping rules: ${ruleParts.length > 0 ? ruleParts.join(', ') : 'none'}`,
    `Fallback for unmapped topics: ${rules.fallbackChanged ? 'changed' : 'unchanged'}`,
    `Devices: ${devices.configured} configured, ${devices.unchanged} unchanged`,
    `Tags: ${tags.configured} configured, ${tags.unchanged} unchanged`,
    ...(models ? [`Model bindings: ${modelParts(models)}`] : []),
  ];
}

function modelParts(models: NonNullable<ImportSummary['models']>): string {
  const parts = [
    counted(models.added.length, 'added', models.added),
    counted(models.changed.length, 'changed', models.changed),
    counted(models.removed.length, 'removed', models.removed),
    models.unchanged > 0 ? `${models.unchanged} unchanged` : null,
  ].filter((part): part is string => part !== null);
  return parts.length > 0 ? parts.join(', ') : 'none';
}

/** The file name an export is saved under, by the day it was made. */
export function siteConfigFileName(exportedMs: number): string {
  return `watchkeeper-site-${new Date(exportedMs).toISOString().slice(0, 10)}.json`;
}
