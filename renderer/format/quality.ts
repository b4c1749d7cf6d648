import { Quality, qualityName, qualitySeverity, type QualitySeverity } from '../../shared/quality.js';

/** How a quality code shows: its severity, a text badge (never colour alone) and detail. */
export interface QualityView {
  severity: QualitySeverity;
  badge: 'BAD' | 'STALE' | 'UNCERTAIN' | null;
  title: string;
}

const STALE_CODES = new Set<number>([
  Quality.UncertainNoCommunicationLastUsableValue,
  Quality.UncertainLastUsableValue,
]);

/** A last usable value kept after communication was lost: the operator's "stale". */
export function isStale(code: number): boolean {
  return STALE_CODES.has(code >>> 0);
}

export function qualityView(code: number): QualityView {
  const severity = qualitySeverity(code);
  const title = `Quality: ${qualityName(code)}`;
  if (severity === 'good') return { severity, badge: null, title };
  if (severity === 'bad') return { severity, badge: 'BAD', title };
  return { severity, badge: isStale(code) ? 'STALE' : 'UNCERTAIN', title };
}

/**
 * A quality in words for a table cell: `Good`, or the badge and what the code says, e.g.
 * `STALE: no communication, last usable value`, `BAD: sensor failure`.
 */
export function qualityWords(code: number): string {
  const view = qualityView(code);
  if (view.badge === null) return 'Good';
  const name = qualityName(code);
  if (!/^[A-Za-z]+$/.test(name)) return `${view.badge}: ${name}`;
  const detail = name
    .replace(/^(Good|Uncertain|Bad)/, '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .replace(/^no communication last usable value$/, 'no communication, last usable value');
  return detail === '' ? view.badge : `${view.badge}: ${detail}`;
}
