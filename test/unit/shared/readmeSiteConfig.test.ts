import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSiteConfigFile } from '../../../shared/siteConfigFile.js';

/** The README's example site file is one an import accepts, with the parts the README names. */
describe("the README's site configuration example", () => {
  it('is a valid site configuration file', () => {
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('## The site configuration file'));
    const example = /```json\n([\s\S]*?)```/.exec(section)?.[1];
    const parsed = parseSiteConfigFile(JSON.parse(example!));
    expect(parsed).toMatchObject({
      ok: true,
      file: {
        version: 2,
        brokers: [{ id: 'plant' }],
        mappings: { rules: [{ id: 'boilers' }], fallback: { action: 'capture' } },
        devices: [{ id: 'boilers/b1' }],
        tags: [{ id: 'boilers/b1/temp' }],
        models: [{ kind: 'zscore', id: 'boiler-temp-z', samples: 20, threshold: 2.5 }],
      },
    });
  });
});
