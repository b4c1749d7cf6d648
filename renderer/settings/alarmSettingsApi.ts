import type { AlarmSettings } from '../../shared/alarms.js';
import type { ControlRoomApi, Result } from '../../shared/contract.js';
import { ApiError } from '../../shared/errors.js';
import { formatDateTime } from '../format/time.js';

export type AlarmSettingsVersions = Result<'alarms.listSettingsVersions'>['versions'];

export interface StoredAlarmSettings {
  settings: AlarmSettings;
  /** Null: the caller may not read the history (a viewer). */
  versions: AlarmSettingsVersions | null;
}

export const HISTORY_LIMIT = 100;

/** The newest version the history lists; 0 while the defaults are in force. */
export const newestVersion = (versions: AlarmSettingsVersions) => versions[0]?.version ?? 0;

export async function loadAlarmSettings(
  api: ControlRoomApi,
  withHistory: boolean,
): Promise<StoredAlarmSettings> {
  const [settings, history] = await Promise.all([
    api.call('alarms.getSettings', {}),
    withHistory ? api.call('alarms.listSettingsVersions', { limit: HISTORY_LIMIT }) : null,
  ]);
  return { settings, versions: history?.versions ?? null };
}

export type SaveOutcome =
  | { kind: 'saved'; stored: StoredAlarmSettings; text: string }
  /** In force, but the history did not load after: the editor must be reloaded before another save. */
  | { kind: 'savedUnlisted'; settings: AlarmSettings; text: string }
  /** Someone saved since `loaded`: refused, nothing stored. */
  | { kind: 'stale'; text: string }
  | { kind: 'refused'; text: string };

/**
 * Saves over the version the editor loaded: the server refuses it (CONFLICT) if a newer one was
 * saved meanwhile, and the refusal then names who saved it.
 */
export async function saveAlarmSettings(
  api: ControlRoomApi,
  settings: AlarmSettings,
  loaded: number,
): Promise<SaveOutcome> {
  let saved: AlarmSettings;
  try {
    saved = await api.call('alarms.setSettings', { ...settings, baseVersion: loaded });
  } catch (error) {
    if (error instanceof ApiError && error.code === 'CONFLICT') return stale(api, loaded);
    return { kind: 'refused', text: `Not saved: ${describeError(error)}` };
  }
  try {
    const stored = await loadAlarmSettings(api, true);
    const version = newestVersion(stored.versions ?? []);
    return { kind: 'saved', stored, text: `Saved as version ${version}; in force now.` };
  } catch (error) {
    return {
      kind: 'savedUnlisted',
      settings: saved,
      text: `Saved and in force now, but the history did not load (${describeError(error)}): reload before changing again.`,
    };
  }
}

async function stale(api: ControlRoomApi, loaded: number): Promise<SaveOutcome> {
  try {
    const { versions } = await api.call('alarms.listSettingsVersions', { limit: 1 });
    return { kind: 'stale', text: staleText(versions, loaded) };
  } catch {
    return { kind: 'stale', text: staleText([], loaded) };
  }
}

function staleText(versions: AlarmSettingsVersions, loaded: number): string {
  const newest = versions[0];
  const who = newest
    ? `${newest.changedBy} saved the alarm settings at ${formatDateTime(newest.changedMs)} (version ${newest.version})`
    : 'the stored alarm settings changed';
  return `Not saved: ${who} since you loaded version ${loaded}. Reload to see theirs, then make your change again.`;
}

export function describeError(error: unknown): string {
  return error instanceof ApiError ? `${error.code}: ${error.message}` : String(error);
}
