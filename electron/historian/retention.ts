import {
  DEFAULT_RETENTION,
  tagPatternMatcher,
  type HistorianSettings,
  type Retention,
} from '../../shared/historianSettings.js';

const DAY_MS = 86_400_000;

/** Which retention each tag gets: the first class with a matching pattern, else the default. */
export class RetentionPlan {
  private readonly classes: { matches: (tag: string) => boolean; retention: Retention }[];
  private readonly fallback: Retention;

  constructor(settings: Pick<HistorianSettings, 'retention' | 'classes'> | undefined) {
    this.fallback = settings?.retention ?? DEFAULT_RETENTION;
    this.classes = (settings?.classes ?? []).map((c) => {
      const matchers = c.tags.map(tagPatternMatcher);
      return { matches: (tag: string) => matchers.some((m) => m(tag)), retention: c.retention };
    });
  }

  forTag(tag: string): Retention {
    return this.classes.find((c) => c.matches(tag))?.retention ?? this.fallback;
  }
}

/** The time before which a resolution kept for `days` may go, or null when it is kept forever. */
export function horizonOf(days: number | null, now: number): number | null {
  return days === null ? null : now - days * DAY_MS;
}

/**
 * Where the file stands against its size cap, in words an operator can act on: nothing below
 * `warnAt`, a warning from there, and a notice once the oldest raw samples are being dropped.
 */
export function capWarning(usedBytes: number, maxBytes: number | null, warnAt: number): string | null {
  if (maxBytes === null || usedBytes < maxBytes * warnAt) return null;
  const percent = Math.round((100 * usedBytes) / maxBytes);
  const cap = `${(maxBytes / 2 ** 30).toFixed(maxBytes < 2 ** 30 ? 2 : 1)} GiB`;
  return usedBytes >= maxBytes * EVICT_AT
    ? `History is at ${percent} % of its ${cap} cap: the oldest raw samples are being dropped (rollups are kept). Raise the cap or shorten retention.`
    : `History is at ${percent} % of its ${cap} cap: from ${Math.round(EVICT_AT * 100)} % the oldest raw samples will be dropped. Raise the cap or shorten retention.`;
}

/** Share of the cap from which the oldest raw samples are dropped to make room. */
export const EVICT_AT = 0.95;
/** Dropping stops once the file is back under this share of the cap. */
export const EVICT_UNTIL = 0.9;
