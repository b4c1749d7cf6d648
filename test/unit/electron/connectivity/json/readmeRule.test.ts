import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileRule } from '../../../../../electron/connectivity/json/compiledRules.js';
import { previewMessage } from '../../../../../electron/connectivity/json/preview.js';
import { MappingRuleSchema } from '../../../../../shared/jsonMapping.js';

/** The README's example rule is a real one, and does what the README says it does. */
describe("the README's JSON mapping example", () => {
  it('parses, and maps the example payload to the tags it names', () => {
    const readme = readFileSync(new URL('../../../../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('## JSON mappings'));
    const example = /```json\n([\s\S]*?)```/.exec(section)?.[1];
    const rule = MappingRuleSchema.parse({
      ...JSON.parse(example!),
      id: 'readme',
      updatedMs: 0,
      savedBy: 'docs',
    });
    const payload = {
      readings: [{ name: 'flow', value: 12.5, unit: 'm3/h', t: 1767225600, status: 'OK' }],
      env: { temperature: { value: 21.5 }, at: '2026-01-01T00:00:30Z' },
    };
    const result = previewMessage(
      [compileRule(rule)],
      'plant/north/gw7/telemetry',
      Buffer.from(JSON.stringify(payload)),
      0,
    );
    expect(result.tags.map((tag) => [tag.id, tag.value, tag.unit, tag.ts])).toEqual([
      ['north/gw7/flow', 12.5, 'm3/h', Date.UTC(2026, 0, 1)],
      ['north/gw7/ambient', 21.5, '°C', Date.UTC(2026, 0, 1, 0, 0, 30)],
    ]);
    expect(result.problems).toEqual([]);
  });
});
