import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { MappingRuleDraftSchema, MappingRuleSchema, type MappingRule } from '../../../shared/jsonMapping.js';
import { resourcePath } from '../../platform/resourcePath.js';

/** The shipped rules' topics begin with this level; a site's configured JSON prefix replaces it. */
const SHIPPED_PREFIX = 'factory';

/**
 * The mapping a fresh site starts with (resources/json-mappings/shipped.json): the demo plant's
 * `factory/<area>/<device>/<tag>`, one value per message, as Watchkeeper read JSON before
 * mappings were configurable. It is stored into config.db once, where it can then be edited.
 */
export function shippedRules(prefix: string = SHIPPED_PREFIX, now = 0): MappingRule[] {
  const text = readFileSync(resourcePath('json-mappings', 'shipped.json'), 'utf8');
  const drafts = z.array(MappingRuleDraftSchema).parse(JSON.parse(text));
  return drafts.map((draft, i) =>
    MappingRuleSchema.parse({
      ...draft,
      id: `shipped-${i + 1}`,
      topic: withPrefix(draft.topic, prefix),
      subscribe: draft.subscribe === undefined ? undefined : withPrefix(draft.subscribe, prefix),
      updatedMs: now,
      savedBy: 'shipped',
    }),
  );
}

function withPrefix(topic: string, prefix: string): string {
  return topic.replace(new RegExp(`^${SHIPPED_PREFIX}(?=/)`), () => prefix);
}
