import type { PreviewResult, PreviewTag } from '../../../shared/jsonMapping.js';
import type { TagMeta } from '../../../shared/domain.js';
import { whyNotMatched, type CompiledRule } from './compiledRules.js';
import { JsonMappingEngine } from './mappingEngine.js';

const MAX_PROBLEMS = 50;

/**
 * What a message would produce under some rules, or exactly why it produces nothing: run by a
 * fresh engine that knows no tags yet and counts into a list instead of the site's error counts,
 * so a preview changes nothing the control room shows.
 */
export function previewMessage(
  rules: readonly CompiledRule[],
  topic: string,
  payload: Uint8Array,
  now: number,
): PreviewResult {
  const problems: PreviewResult['problems'] = [];
  const record = (cause: string, detail: string) => {
    if (problems.length < MAX_PROBLEMS) problems.push({ cause, detail });
  };
  const engine = new JsonMappingEngine({ record }, () => now);
  engine.setRules(rules);
  const match = engine.ruleFor(topic);
  if (!match) {
    const levels = topic.split('/');
    if (rules.length === 0) record('topic.unmapped', 'there are no mapping rules');
    for (const rule of rules)
      record(
        'topic.unmapped',
        `rule "${rule.name}" (${rule.pattern}): ${whyNotMatched(rule.levels, levels)}`,
      );
    return { rule: null, tags: [], problems };
  }
  const metas = new Map<string, TagMeta>();
  const tags: PreviewTag[] = [];
  for (const event of engine.handle(topic, payload)) {
    if (event.kind === 'linkLost') continue;
    if (event.kind === 'tags') for (const meta of event.tags) metas.set(meta.id, meta);
    const row = (
      id: string,
      value: number | string | null,
      ts: number,
      quality: number,
      fallbackType: string,
    ) => {
      const meta = metas.get(id);
      tags.push({
        id,
        device: event.device.id,
        value,
        ts,
        quality,
        unit: meta?.unit ?? '',
        dataType: meta?.dataType ?? fallbackType,
      });
    };
    if (event.kind === 'samples')
      for (const s of event.samples) row(s.tag, s.value, s.ts, s.quality, 'number');
    if (event.kind === 'texts') for (const t of event.texts) row(t.tag, t.text, t.ts, t.quality, 'string');
  }
  return { rule: match.rule.id, tags, problems };
}
