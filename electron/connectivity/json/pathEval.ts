import type { ParsedPath, PathStep } from '../../../shared/jsonPath.js';

/** A value a path found, with the member name or index each of its wildcards visited. */
export interface PathMatch {
  value: unknown;
  keys: (string | number)[];
}

/**
 * Every value a path finds, in document order, stopping after `limit` so that a path that
 * matches everything costs no more than the rule allows. Only own members are read: a path
 * naming `constructor` or `__proto__` finds what the payload has, never the prototype's.
 */
export function findAll(root: unknown, path: ParsedPath, limit: number): PathMatch[] {
  const found: PathMatch[] = [];
  const visit = (node: unknown, step: number, keys: (string | number)[]): void => {
    if (found.length >= limit) return;
    const current = path.steps[step];
    if (current === undefined) {
      if (node !== undefined) found.push({ value: node, keys });
      return;
    }
    if (current.kind !== 'wildcard') {
      visit(stepInto(node, current), step + 1, keys);
      return;
    }
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length && found.length < limit; i++) visit(node[i], step + 1, [...keys, i]);
    } else if (isObject(node)) {
      for (const name of Object.keys(node)) {
        if (found.length >= limit) return;
        visit(node[name], step + 1, [...keys, name]);
      }
    }
  };
  visit(root, 0, []);
  return found;
}

/**
 * The value at a path whose wildcards take the given keys in order: `$.readings[*].name` at
 * keys `[3]` is `$.readings[3].name`. Undefined when there is nothing there.
 */
export function readAt(root: unknown, path: ParsedPath, keys: readonly (string | number)[]): unknown {
  let node = root;
  let wildcard = 0;
  for (const step of path.steps) {
    if (node === undefined) return undefined;
    if (step.kind === 'wildcard') {
      const key = keys[wildcard++];
      if (key === undefined) return undefined;
      node = stepInto(
        node,
        typeof key === 'number' ? { kind: 'index', index: key } : { kind: 'member', name: key },
      );
    } else node = stepInto(node, step);
  }
  return node;
}

function stepInto(node: unknown, step: Exclude<PathStep, { kind: 'wildcard' }>): unknown {
  if (step.kind === 'member')
    return isObject(node) && Object.hasOwn(node, step.name) ? node[step.name] : undefined;
  if (!Array.isArray(node)) return undefined;
  return node[step.index < 0 ? node.length + step.index : step.index];
}

function isObject(node: unknown): node is Record<string, unknown> {
  return typeof node === 'object' && node !== null && !Array.isArray(node);
}
