import { MappingRuleDraftSchema, type MappingRule, type MappingRuleDraft } from '../../shared/jsonMapping.js';

/**
 * The rule editor edits a rule as JSON text. It is checked here with the contract's own schema
 * before it is sent, so the engineer sees every problem at once, each where it is; the server
 * checks again, as it does every call.
 */
export type CheckedRule = { ok: true; draft: MappingRuleDraft } | { ok: false; problems: string[] };

export function checkRuleText(text: string): CheckedRule {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, problems: [`not JSON: ${(error as Error).message}`] };
  }
  const parsed = MappingRuleDraftSchema.safeParse(json);
  if (parsed.success) return { ok: true, draft: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.map((issue) =>
      issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message,
    ),
  };
}

/** A stored rule as the editor shows it: without its bookkeeping, its id kept to save over it. */
export function ruleToText(rule: MappingRule | MappingRuleDraft): string {
  const { updatedMs: _updated, savedBy: _savedBy, ...draft } = rule as MappingRule;
  return JSON.stringify(draft, null, 2);
}

export const NEW_RULE: MappingRuleDraft = {
  name: 'New rule',
  topic: 'plant/{area}/{device}/telemetry',
  points: [{ value: '$.readings[*].value', tag: '{$.readings[*].name}', unit: '{$.readings[*].unit}' }],
};
