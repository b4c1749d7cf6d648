import { describe, expect, it } from 'vitest';
import {
  MAX_REPORTED_PROBLEMS,
  SiteConfigFileSchema,
  formatPath,
  parseSiteConfigFile,
} from '../../../shared/siteConfigFile.js';
import { editable, fullSiteFile } from '../../helpers/siteConfigFiles.js';

function problemsOf(file: unknown): string[] {
  const parsed = parseSiteConfigFile(file);
  if (parsed.ok) throw new Error('expected the file to be refused');
  return parsed.problems;
}

describe('the site configuration file', () => {
  it('reads a full file, and its parsed form reads back the same (round trip)', () => {
    const parsed = SiteConfigFileSchema.parse(fullSiteFile());
    expect(parsed.brokers.map((b) => b.id)).toEqual(['north', 'south']);
    expect(parsed.mappings.rules.map((r) => r.id)).toEqual(['boilers', 'meters']);
    expect(SiteConfigFileSchema.parse(JSON.parse(JSON.stringify(parsed)))).toEqual(parsed);
  });

  it('reports every problem at once, each with the path where it is', () => {
    const file = editable(fullSiteFile());
    file.tags[0].config.engRange = { low: 10, high: 5 };
    file.tags.push({ id: 'boiler/b1/temp', config: {} });
    file.devices[0].config.staleAfterMs = 5;
    file.devices[0].confg = {};
    file.mappings.rules[1].topic = 'spBv1.0/{device}/{tag}';
    file.brokers[1].id = 'north';
    file.colour = 'blue';
    const problems = problemsOf(file);
    expect(problems).toEqual(
      expect.arrayContaining([
        'tags[0].config.engRange.high: the engineering range needs low below high',
        'tags[1].id: duplicate tag id "boiler/b1/temp"',
        'devices[0].config.staleAfterMs: a timeout is at least one second',
        'devices[0]: Unrecognized key: "confg"',
        'mappings.rules[1].topic: topics under spBv1.0/ are Sparkplug B, read by the Sparkplug host',
        'brokers[1].id: duplicate broker id "north"',
        'Unrecognized key: "colour"',
      ]),
    );
    expect(problems).toHaveLength(7);
  });

  it('refuses duplicate rule and device ids', () => {
    const file = editable(fullSiteFile());
    file.mappings.rules[1].id = 'boilers';
    file.devices.push({ id: 'boiler/b1', config: {} });
    expect(problemsOf(file)).toEqual([
      'mappings.rules[1].id: duplicate rule id "boilers"',
      'devices[1].id: duplicate device id "boiler/b1"',
    ]);
  });

  it('refuses secrets: a password given, or one inside a URL', () => {
    const file = editable(fullSiteFile());
    file.brokers[0].password = 'hunter2';
    file.brokers[1].url = 'mqtt://wk:hunter2@south.plant:1883';
    const problems = problemsOf(file);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^brokers\[0\]\.password: a password never goes in the file/);
    expect(problems[1]).toMatch(/^brokers\[1\]\.url: keep the password out of the URL/);
  });

  it('says what the file must be when it is not a site configuration at all', () => {
    expect(problemsOf({ brokers: [] })).toEqual(
      expect.arrayContaining([
        'format: must be "watchkeeper-site-config"',
        'version: this Watchkeeper reads version 1 of the format',
      ]),
    );
    expect(problemsOf('hello')).toHaveLength(1);
    expect(problemsOf({ ...fullSiteFile(), version: 2 })).toEqual([
      'version: this Watchkeeper reads version 1 of the format',
    ]);
  });

  it('answers parts of the wrong shape with a problem each, never an exception', () => {
    const problems = problemsOf({ ...fullSiteFile(), brokers: 'plant', mappings: null, tags: [null, 7] });
    expect(problems).toEqual([
      expect.stringMatching(/^brokers: /),
      expect.stringMatching(/^mappings: /),
      expect.stringMatching(/^tags\[0\]: /),
      expect.stringMatching(/^tags\[1\]: /),
    ]);
  });

  it('keeps its report bounded for a file that is wrong everywhere', () => {
    const file = editable(fullSiteFile());
    file.tags = Array.from({ length: 500 }, (_, i) => ({ id: `t/${i}`, config: { decimals: -1 } }));
    const problems = problemsOf(file);
    expect(problems).toHaveLength(MAX_REPORTED_PROBLEMS + 1);
    expect(problems.at(-1)).toBe('…and 300 more problems');
  });

  it('writes paths as an engineer reads them', () => {
    expect(formatPath(['tags', 3, 'config', 'engRange'])).toBe('tags[3].config.engRange');
    expect(formatPath([0, 'id'])).toBe('[0].id');
  });
});
