import { ALARM_SYNC_VERSION } from '../../../shared/alarmSync.js';

/**
 * The topics of alarm sync, one namespace per site:
 *
 *   watchkeeper/alarms/v1/<site>/state/<alarm id>   retained, QoS 1: the alarm's overlay
 *   watchkeeper/alarms/v1/<site>/action/<station>   QoS 1: each operator action, once
 *
 * Alarm ids (`line1/pump3/vibration#level`) carry `/` and `#`, so each name is one topic level,
 * percent-encoded: every byte of its UTF-8 outside [A-Za-z0-9_.~-] becomes %XX (upper-case hex).
 * That leaves no `/`, `+`, `#`, NUL or leading `$`, never an empty level, and exactly one
 * spelling per name, so a level that decodes but is not spelled that way is refused.
 */
export const ALARM_SYNC_ROOT = `watchkeeper/alarms/v${ALARM_SYNC_VERSION}`;

const UNRESERVED = /^[A-Za-z0-9_.~-]$/;
const utf8 = new TextEncoder();

/** One topic level for any non-empty name. */
export function encodeTopicLevel(name: string): string {
  if (name === '') throw new Error('an empty name has no topic level');
  let level = '';
  for (const char of name) {
    if (UNRESERVED.test(char)) {
      level += char;
      continue;
    }
    for (const byte of utf8.encode(char)) level += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return level;
}

/** The name a level spells, or null if it is not a level `encodeTopicLevel` makes. */
export function decodeTopicLevel(level: string): string | null {
  if (level === '') return null;
  let name: string;
  try {
    name = decodeURIComponent(level);
  } catch {
    return null;
  }
  return encodeTopicLevel(name) === level ? name : null;
}

export type SyncTopic = { kind: 'state'; alarm: string } | { kind: 'action'; station: string };

/** The topics of one site's alarm sync. */
export class SyncTopics {
  private readonly base: string;

  constructor(site: string) {
    this.base = `${ALARM_SYNC_ROOT}/${encodeTopicLevel(site)}`;
  }

  /** The one filter a station subscribes to. */
  get filter(): string {
    return `${this.base}/#`;
  }

  state(alarm: string): string {
    return `${this.base}/state/${encodeTopicLevel(alarm)}`;
  }

  action(station: string): string {
    return `${this.base}/action/${encodeTopicLevel(station)}`;
  }

  /** What a topic under the filter names; null for anything else (e.g. a deeper or foreign topic). */
  parse(topic: string): SyncTopic | null {
    if (!topic.startsWith(`${this.base}/`)) return null;
    const rest = topic.slice(this.base.length + 1).split('/');
    if (rest.length !== 2) return null;
    const [kind, level] = rest as [string, string];
    const name = decodeTopicLevel(level);
    if (name === null) return null;
    if (kind === 'state') return { kind, alarm: name };
    if (kind === 'action') return { kind, station: name };
    return null;
  }
}
