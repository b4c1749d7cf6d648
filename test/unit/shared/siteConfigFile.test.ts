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
        'version: this Watchkeeper reads versions 1 to 2 of the format',
      ]),
    );
    expect(problemsOf('hello')).toHaveLength(1);
    expect(problemsOf({ ...fullSiteFile(), version: 3 })).toEqual([
      'version: this Watchkeeper reads versions 1 to 2 of the format',
    ]);
  });

  it('reads a version 1 file (no models) as before, and refuses models in one', () => {
    const { models: _models, ...older } = fullSiteFile();
    const parsed = parseSiteConfigFile({ ...older, version: 1 });
    expect(parsed.ok && parsed.file.models).toBeUndefined();
    expect(problemsOf({ ...fullSiteFile(), version: 1 })).toEqual([
      'models: model bindings came with version 2 of the format: say "version": 2',
    ]);
    // Version 2 without models: the file says nothing about them.
    expect(parseSiteConfigFile(older)).toMatchObject({ ok: true, file: { version: 2 } });
  });

  it('checks model bindings with the binding schema, each problem at its path', () => {
    const file = editable(fullSiteFile());
    file.models[0].window.steps = 0;
    file.models[0].model = '../etc/passwd';
    file.models[1].threshold = -1;
    file.models.push({ ...file.models[1], colour: 'red' });
    file.models.push({
      ...file.models[1],
      id: 'temp-z2',
      score: { tag: 'boiler/b1/z2' },
      anomaly: undefined,
    });
    file.models.push(null);
    const problems = problemsOf(file);
    expect(problems).toEqual([
      'models[0].model: a file name like pump.onnx, without folders',
      expect.stringMatching(/^models\[0\]\.window\.steps: /),
      expect.stringMatching(/^models\[1\]\.threshold: /),
      expect.stringMatching(/^models\[2\]\.threshold: /),
      'models[2]: Unrecognized key: "colour"',
      expect.stringMatching(/^models\[3\]\.threshold: /),
      expect.stringMatching(/^models\[4\]: /),
      'models[2].id: duplicate model binding id "temp-z"',
    ]);
  });

  it('refuses two bindings of the file writing the same tag', () => {
    const file = editable(fullSiteFile());
    file.models[1].score.tag = 'boiler/b1/health';
    expect(problemsOf(file)).toEqual([
      'models[1]: temp-z writes boiler/b1/health, which boiler-health writes too',
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
