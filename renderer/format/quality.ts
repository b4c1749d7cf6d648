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
