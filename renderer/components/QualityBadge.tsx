import type { QualityView } from '../format/quality.js';

/** The text badge for a non-good quality: BAD, STALE or UNCERTAIN. Renders nothing when good. */
export function QualityBadge({ view }: { view: QualityView }) {
  if (view.badge === null) return null;
  return (
    <span className={`badge badge-${view.severity}`} title={view.title}>
      {view.badge}
    </span>
  );
}
