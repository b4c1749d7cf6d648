import type { WriteValue } from './writeValue.js';

/**
 * A plain-JSON device's command payload, made from the template its engineer stored: the whole
 * template is sent with the new value at `valuePath`, so fields the device needs beside the
 * value (a command name, a unit, an operator id) are never dropped, as they are when a tool
 * sends `{"value": 42}` alone. A string field that is exactly a placeholder is replaced, keeping
 * its type: `{{value}}`, `{{tag}}`, `{{user}}`, `{{ts}}` (epoch ms, a number) and `{{time}}`
 * (ISO 8601 text).
 */
export interface TemplateContext {
  tag: string;
  user: string;
  ts: number;
}

export type FilledTemplate = { ok: true; payload: unknown } | { ok: false; error: string };

/** `$.a.b[2].c` as keys and indexes; null when the path is not in that form. */
export function parseValuePath(path: string): Array<string | number> | null {
  if (!path.startsWith('$')) return null;
  const steps: Array<string | number> = [];
  const pattern = /\.([A-Za-z_][\w-]*)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]/y;
  pattern.lastIndex = 1;
  while (pattern.lastIndex < path.length) {
    const match = pattern.exec(path);
    if (!match) return null;
    if (match[1] !== undefined) steps.push(match[1]);
    else if (match[2] !== undefined) steps.push(Number(match[2]));
    else steps.push(JSON.parse(`"${match[3]}"`) as string);
  }
  return steps;
}

export function fillCommandTemplate(
  template: unknown,
  valuePath: string,
  value: WriteValue,
  context: TemplateContext,
): FilledTemplate {
  const steps = parseValuePath(valuePath);
  if (!steps) return { ok: false, error: `value path ${valuePath} is not of the form $.field[0].field` };
  const placeholders: Record<string, unknown> = {
    '{{value}}': value,
    '{{tag}}': context.tag,
    '{{user}}': context.user,
    '{{ts}}': context.ts,
    '{{time}}': new Date(context.ts).toISOString(),
  };
  const filled = substitute(template, placeholders);
  if (steps.length === 0) return { ok: true, payload: value };
  let parent: unknown = filled;
  for (const step of steps.slice(0, -1)) {
    parent = childOf(parent, step);
    if (parent === undefined) return { ok: false, error: `the template has nothing at ${valuePath}` };
  }
  const last = steps.at(-1)!;
  if (childOf(parent, last) === undefined)
    return { ok: false, error: `the template has nothing at ${valuePath}` };
  (parent as Record<string | number, unknown>)[last] = value;
  return { ok: true, payload: filled };
}

function childOf(parent: unknown, step: string | number): unknown {
  if (typeof step === 'number') return Array.isArray(parent) ? parent[step] : undefined;
  if (parent === null || typeof parent !== 'object' || Array.isArray(parent)) return undefined;
  return Object.hasOwn(parent, step) ? (parent as Record<string, unknown>)[step] : undefined;
}

/** A deep copy with whole-string placeholders replaced. */
function substitute(node: unknown, placeholders: Record<string, unknown>): unknown {
  if (typeof node === 'string') return Object.hasOwn(placeholders, node) ? placeholders[node] : node;
  if (Array.isArray(node)) return node.map((item) => substitute(item, placeholders));
  if (node !== null && typeof node === 'object')
    return Object.fromEntries(
      Object.entries(node).map(([key, item]) => [key, substitute(item, placeholders)]),
    );
  return node;
}
