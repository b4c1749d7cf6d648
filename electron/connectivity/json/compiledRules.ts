import { parsePath, type ParsedPath } from '../../../shared/jsonPath.js';
import type { MappingRule, QualityTarget, TimestampFormat } from '../../../shared/jsonMapping.js';
import {
  parseTemplate,
  parseTopicPattern,
  topicFilterOf,
  type TemplatePart,
  type TopicLevel,
} from '../../../shared/mappingSyntax.js';
import { readAt } from './pathEval.js';

/** A rule read once at save time, so that a message costs no parsing of the rule itself. */
export interface CompiledRule {
  id: string;
  name: string;
  /** The topic pattern as written. */
  pattern: string;
  levels: TopicLevel[];
  filter: string;
  area: TemplatePart[];
  device: TemplatePart[];
  points: CompiledPoint[];
  staleAfterMs: number | undefined;
  maxTags: number;
  /** A value path indexes the payload as an array, so an array payload is expected. */
  arrayRoot: boolean;
}

export interface CompiledPoint {
  value: ParsedPath;
  tag: TemplatePart[];
  timestamp: { path: ParsedPath; format: TimestampFormat } | undefined;
  quality: { path: ParsedPath; map: ReadonlyMap<string, QualityTarget> } | undefined;
  unit: TemplatePart[] | undefined;
  description: TemplatePart[] | undefined;
  states: ParsedPath | undefined;
}

/** Rules reach here parsed by MappingRuleSchema, so their syntax is known to be sound. */
export function compileRule(rule: MappingRule): CompiledRule {
  const levels = must(parseTopicPattern(rule.topic));
  const points = rule.points.map((point): CompiledPoint => ({
    value: path(point.value),
    tag: must(parseTemplate(point.tag)),
    timestamp: point.timestamp && { path: path(point.timestamp.path), format: point.timestamp.format },
    quality: point.quality && {
      path: path(point.quality.path),
      map: new Map(Object.entries(point.quality.map ?? {})),
    },
    unit: point.unit === undefined ? undefined : must(parseTemplate(point.unit)),
    description: point.description === undefined ? undefined : must(parseTemplate(point.description)),
    states: point.states === undefined ? undefined : path(point.states),
  }));
  return {
    id: rule.id,
    name: rule.name,
    pattern: rule.topic,
    levels,
    filter: rule.subscribe ?? topicFilterOf(levels),
    area: must(parseTemplate(rule.area)),
    device: must(parseTemplate(rule.device)),
    points,
    staleAfterMs: rule.staleAfterMs,
    maxTags: rule.maxTagsPerMessage,
    arrayRoot: points.some((point) => point.value.arrayRoot),
  };
}

/** The topic's captures when the pattern matches it; captured levels are never empty. */
export function matchTopic(
  levels: readonly TopicLevel[],
  topic: readonly string[],
): Map<string, string> | null {
  const captures = new Map<string, string>();
  for (const [i, level] of levels.entries()) {
    const text = topic[i];
    switch (level.kind) {
      case 'rest':
        return captures;
      case 'captureRest': {
        const rest = topic.slice(i);
        if (rest.length === 0 || rest.includes('')) return null;
        captures.set(level.name, rest.join('/'));
        return captures;
      }
      case 'literal':
        if (text !== level.text) return null;
        break;
      case 'any':
        if (text === undefined) return null;
        break;
      case 'capture':
        if (!text) return null;
        captures.set(level.name, text);
    }
  }
  return topic.length === levels.length ? captures : null;
}

/** Why a pattern does not match a topic, in the engineer's terms. */
export function whyNotMatched(levels: readonly TopicLevel[], topic: readonly string[]): string {
  for (const [i, level] of levels.entries()) {
    const text = topic[i];
    if (level.kind === 'rest') return 'it matches';
    if (text === undefined)
      return `the topic has ${topic.length} levels; the pattern needs at least ${i + 1}`;
    if (level.kind === 'literal' && text !== level.text)
      return `level ${i + 1} is "${text.slice(0, 60)}" where the pattern has "${level.text}"`;
    if ((level.kind === 'capture' || level.kind === 'captureRest') && text === '')
      return `level ${i + 1} is empty: {${level.name}} needs a name there`;
    if (level.kind === 'captureRest')
      return topic.slice(i).includes('')
        ? `an empty level after level ${i}: {${level.name}#} needs names`
        : 'it matches';
  }
  return topic.length > levels.length
    ? `the topic has ${topic.length} levels, the pattern ${levels.length}: end it with # or {name#} to take more`
    : 'it matches';
}

export interface TemplateScope {
  captures: ReadonlyMap<string, string>;
  root: unknown;
  keys: readonly (string | number)[];
}

/** Longest text one placeholder may put into a name or a description. */
export const MAX_PLACEHOLDER_CHARS = 128;

/**
 * A template's text, or why it has none: a placeholder whose value is missing, not a plain
 * value, or longer than MAX_PLACEHOLDER_CHARS.
 */
export function render(
  parts: readonly TemplatePart[],
  scope: TemplateScope,
): { text: string } | { missing: string; tooLong: boolean } {
  let text = '';
  for (const part of parts) {
    let piece: unknown;
    if (part.kind === 'text') piece = part.text;
    else if (part.kind === 'capture') piece = scope.captures.get(part.name);
    else if (part.kind === 'key')
      piece = part.position === 0 ? scope.keys[scope.keys.length - 1] : scope.keys[part.position - 1];
    else piece = readAt(scope.root, part.path, scope.keys);
    if (typeof piece === 'number' || typeof piece === 'boolean') piece = String(piece);
    if (typeof piece !== 'string') return { missing: `${describePart(part)} has no value`, tooLong: false };
    if (part.kind !== 'text' && piece.length > MAX_PLACEHOLDER_CHARS)
      return {
        missing: `${describePart(part)} is longer than ${MAX_PLACEHOLDER_CHARS} characters`,
        tooLong: true,
      };
    text += piece;
  }
  return { text };
}

function describePart(part: TemplatePart): string {
  if (part.kind === 'path') return `{${part.source}}`;
  if (part.kind === 'key') return `{key${part.position || ''}}`;
  return part.kind === 'capture' ? `{${part.name}}` : 'text';
}

function path(text: string): ParsedPath {
  const parsed = parsePath(text);
  if (!parsed.ok) throw new Error(`rule path ${text} did not parse: ${parsed.error}`);
  return parsed.path;
}

function must<T>(parsed: { ok: true; value: T } | { ok: false; error: string }): T {
  if (!parsed.ok) throw new Error(`rule did not parse: ${parsed.error}`);
  return parsed.value;
}
