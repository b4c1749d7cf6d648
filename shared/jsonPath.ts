/**
 * The small JSONPath subset that JSON mapping rules use to find values in a payload. It is
 * Watchkeeper's own, kept small on purpose (no filters, no recursive descent, no scripts), so
 * that every path is cheap and its cost bounded:
 *
 *   `$`               the whole payload
 *   `.name`           a member (letters, digits, `_`, `-`)
 *   `['any name']`    a member whose name has other characters (also `["…"]`)
 *   `[3]`, `[-1]`     an array element by index; negative counts from the end
 *   `[*]`, `.*`       every element of an array, or every member of an object (a wildcard)
 *
 * Wildcards bind: in a rule, `$.readings[*].value` and `$.readings[*].name` visit the same
 * element together, so a tag's name, time and quality are read next to its value.
 */
export type PathStep =
  { kind: 'member'; name: string } | { kind: 'index'; index: number } | { kind: 'wildcard' };

export interface ParsedPath {
  steps: PathStep[];
  /** How many wildcards the path has: the number of keys each of its matches binds. */
  wildcards: number;
  /** The path starts by indexing an array (`$[…]`), so it accepts an array as the payload. */
  arrayRoot: boolean;
}

export const MAX_PATH_LENGTH = 256;
export const MAX_PATH_STEPS = 16;

const MEMBER = /^[A-Za-z0-9_-]+/;

/** Reads a path, or says exactly where and why it is not one. */
export function parsePath(text: string): { ok: true; path: ParsedPath } | { ok: false; error: string } {
  if (text.length > MAX_PATH_LENGTH) return fail(`a path has at most ${MAX_PATH_LENGTH} characters`);
  if (!text.startsWith('$')) return fail('a path starts with $ (for example $.value)');
  const steps: PathStep[] = [];
  let rest = text.slice(1);
  while (rest.length > 0) {
    if (steps.length >= MAX_PATH_STEPS) return fail(`a path has at most ${MAX_PATH_STEPS} steps`);
    const at = text.length - rest.length;
    if (rest.startsWith('.*')) {
      steps.push({ kind: 'wildcard' });
      rest = rest.slice(2);
    } else if (rest.startsWith('.')) {
      const name = MEMBER.exec(rest.slice(1))?.[0];
      if (!name)
        return fail(`expected a member name after "." at character ${at + 1}; use ['…'] for other names`);
      steps.push({ kind: 'member', name });
      rest = rest.slice(1 + name.length);
    } else if (rest.startsWith('[')) {
      const close = bracketEnd(rest);
      if (close < 0) return fail(`unclosed [ at character ${at}`);
      const inner = rest.slice(1, close).trim();
      const step = bracketStep(inner);
      if (!step) return fail(`[${inner}] at character ${at} is not [*], an index or a quoted name`);
      steps.push(step);
      rest = rest.slice(close + 1);
    } else {
      return fail(`unexpected "${rest[0]}" at character ${at}: steps are .name, ['name'], [n] or [*]`);
    }
  }
  return {
    ok: true,
    path: {
      steps,
      wildcards: steps.filter((step) => step.kind === 'wildcard').length,
      arrayRoot: steps[0]?.kind === 'index' || (steps[0]?.kind === 'wildcard' && text.startsWith('$[')),
    },
  };
}

function fail(error: string): { ok: false; error: string } {
  return { ok: false, error };
}

/** The index of the `]` closing a bracket step, skipping one inside a quoted name. */
function bracketEnd(rest: string): number {
  const quote = rest[1] === "'" || rest[1] === '"' ? rest[1] : null;
  if (!quote) return rest.indexOf(']');
  const end = rest.indexOf(quote, 2);
  return end < 0 || rest[end + 1] !== ']' ? -1 : end + 1;
}

function bracketStep(inner: string): PathStep | null {
  if (inner === '*') return { kind: 'wildcard' };
  if (/^-?\d{1,6}$/.test(inner)) return { kind: 'index', index: Number(inner) };
  const quoted = /^(['"])(.*)\1$/s.exec(inner);
  return quoted ? { kind: 'member', name: quoted[2]! } : null;
}
