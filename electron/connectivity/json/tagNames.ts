/**
 * Names derived from topics and payloads become parts of tag ids (`area/device/tag`), which may
 * not hold MQTT wildcards, control characters or empty levels (TagIdSchema). A derived name is
 * made legal rather than refused where that is unambiguous — each offending character becomes
 * `_`, empty levels go, spaces at either end go — and the change is counted, so the engineer
 * can fix the rule or the device; an empty name or an over-long id is refused.
 */
// Control characters are exactly what this must find.
// eslint-disable-next-line no-control-regex
const ILLEGAL = /[#+\u0000-\u001f\u007f]/g;
export const MAX_TAG_ID = 256;

export interface CleanName {
  name: string;
  changed: boolean;
}

/** A tag's name under its device; it may have levels of its own (`motor/temp`). */
export function cleanTagName(raw: string): CleanName | null {
  const name = raw
    .replace(ILLEGAL, '_')
    .split('/')
    .map((level) => level.trim())
    .filter((level) => level !== '')
    .join('/');
  return name === '' ? null : { name, changed: name !== raw };
}

/** An area or a device name: one level, so a `/` is replaced too. */
export function cleanLevelName(raw: string): CleanName | null {
  const name = raw.replace(ILLEGAL, '_').replace(/\//g, '_').trim();
  return name === '' ? null : { name, changed: name !== raw };
}
