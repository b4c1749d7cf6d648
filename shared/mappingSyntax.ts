import { parsePath, type ParsedPath } from './jsonPath.js';

/**
 * The two small languages of a JSON mapping rule besides paths (jsonPath.ts):
 *
 * Topic patterns are MQTT topic filters whose levels may capture: `plant/{area}/{device}/#`.
 * A level is a literal, `+` (any one level), `{name}` (one non-empty level, captured), or — as
 * the last level only — `#` (any levels) or `{name#}` (one or more non-empty levels, captured
 * joined by `/`). The broker subscription is the pattern with captures read as `+` and `#`.
 *
 * Templates build names and texts: literal text with `{name}` (a topic capture), `{$.path}` (a
 * payload value, read beside the rule's value when the path has wildcards) and `{key}` (the
 * member name or index the value's last wildcard visited; `{key1}`…`{key9}` name one by position).
 */
export type TopicLevel =
  | { kind: 'literal'; text: string }
  | { kind: 'any' }
  | { kind: 'capture'; name: string }
  | { kind: 'rest' }
  | { kind: 'captureRest'; name: string };

export type TemplatePart =
  | { kind: 'text'; text: string }
  | { kind: 'capture'; name: string }
  | { kind: 'path'; path: ParsedPath; source: string }
  /** 0: the last wildcard; n ≥ 1: the n-th. */
  | { kind: 'key'; position: number };

type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

const CAPTURE_NAME = /^[A-Za-z][A-Za-z0-9_]{0,31}$/;

export function parseTopicPattern(pattern: string): Parsed<TopicLevel[]> {
  const texts = pattern.split('/');
  const levels: TopicLevel[] = [];
  const names = new Set<string>();
  for (const [i, text] of texts.entries()) {
    const last = i === texts.length - 1;
    const capture = /^\{([^{}]*?)(#?)\}$/.exec(text);
    if (text === '+') levels.push({ kind: 'any' });
    else if (text === '#' || capture?.[2] === '#') {
      if (!last) return { ok: false, error: `"${text}" may only be the last level` };
      levels.push(capture ? { kind: 'captureRest', name: capture[1]! } : { kind: 'rest' });
    } else if (capture) levels.push({ kind: 'capture', name: capture[1]! });
    else if (text === '') return { ok: false, error: 'a topic pattern has no empty levels' };
    else if (/[+#{}]/.test(text)) {
      return {
        ok: false,
        error: `level "${text}" mixes text with +, #, { or }: a level is one or the other`,
      };
    } else levels.push({ kind: 'literal', text });
    const level = levels[levels.length - 1]!;
    if (level.kind === 'capture' || level.kind === 'captureRest') {
      if (!CAPTURE_NAME.test(level.name)) {
        return { ok: false, error: `{${level.name}}: a capture name is a letter then letters, digits or _` };
      }
      if (names.has(level.name)) return { ok: false, error: `{${level.name}} is captured twice` };
      names.add(level.name);
    }
  }
  return { ok: true, value: levels };
}

/** The MQTT filter a pattern subscribes to. */
export function topicFilterOf(levels: readonly TopicLevel[]): string {
  return levels
    .map((level) =>
      level.kind === 'literal' ? level.text : level.kind === 'any' || level.kind === 'capture' ? '+' : '#',
    )
    .join('/');
}

export function captureNames(levels: readonly TopicLevel[]): string[] {
  return levels.flatMap((level) =>
    level.kind === 'capture' || level.kind === 'captureRest' ? [level.name] : [],
  );
}

export function parseTemplate(template: string): Parsed<TemplatePart[]> {
  const parts: TemplatePart[] = [];
  let rest = template;
  while (rest.length > 0) {
    const open = rest.indexOf('{');
    if (open < 0) {
      if (rest.includes('}')) return { ok: false, error: 'a } without its {' };
      parts.push({ kind: 'text', text: rest });
      break;
    }
    if (open > 0) {
      if (rest.slice(0, open).includes('}')) return { ok: false, error: 'a } without its {' };
      parts.push({ kind: 'text', text: rest.slice(0, open) });
    }
    const close = placeholderEnd(rest, open);
    if (close < 0) return { ok: false, error: `unclosed { in "${template}"` };
    const inner = rest.slice(open + 1, close);
    const part = placeholder(inner);
    if (!part.ok) return part;
    parts.push(part.value);
    rest = rest.slice(close + 1);
  }
  return { ok: true, value: parts };
}

function placeholder(inner: string): Parsed<TemplatePart> {
  if (inner.startsWith('$')) {
    const parsed = parsePath(inner);
    return parsed.ok
      ? { ok: true, value: { kind: 'path', path: parsed.path, source: inner } }
      : { ok: false, error: `{${inner}}: ${parsed.error}` };
  }
  const key = /^key([1-9]?)$/.exec(inner);
  if (key) return { ok: true, value: { kind: 'key', position: Number(key[1] || 0) } };
  if (CAPTURE_NAME.test(inner)) return { ok: true, value: { kind: 'capture', name: inner } };
  return { ok: false, error: `{${inner}} is not a capture name, {key} or a path starting with $` };
}

/** The `}` closing a placeholder, skipping any inside a quoted member name of a path. */
function placeholderEnd(text: string, open: number): number {
  let quote: string | null = null;
  for (let i = open + 1; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '}') return i;
  }
  return -1;
}
