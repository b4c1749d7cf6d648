import { describe, expect, it } from 'vitest';
import type { ImportSummary } from '../../../../shared/siteConfigFile.js';
import { importReportLines, siteConfigFileName } from '../../../../renderer/siteConfig/importReport.js';

const summary = (changes: Partial<ImportSummary> = {}): ImportSummary => ({
  ok: true,
  dryRun: true,
  brokers: { changed: false, before: ['plant'], after: ['plant'] },
  rules: { added: [], replaced: [], removed: [], unchanged: 2, fallbackChanged: false },
  devices: { configured: 0, unchanged: 3 },
  tags: { configured: 0, unchanged: 4 },
  ...changes,
});

describe('the import report', () => {
  it('says that nothing changes when nothing does', () => {
    expect(importReportLines(summary())).toEqual([
      'Brokers: unchanged',
      'Mapping rules: 2 unchanged',
      'Fallback for unmapped topics: unchanged',
      'Devices: 0 configured, 3 unchanged',
      'Tags: 0 configured, 4 unchanged',
    ]);
  });

  it('names what changes, keeping long lists to one line', () => {
    const many = Array.from({ length: 8 }, (_, i) => `Rule ${i + 1}`);
    const lines = importReportLines(
      summary({
        brokers: { changed: true, before: [], after: ['north', 'south'] },
        rules: { added: many, replaced: ['Boilers'], removed: ['Old'], unchanged: 0, fallbackChanged: true },
        tags: { configured: 12, unchanged: 0 },
      }),
    );
    expect(lines).toEqual([
      'Brokers: the embedded broker → north, south; the links reconnect at once',
      'Mapping rules: 8 added (Rule 1, Rule 2, Rule 3, Rule 4, Rule 5 and 3 more), 1 replaced (Boilers), 1 removed (Old)',
      'Fallback for unmapped topics: changed',
      'Devices: 0 configured, 3 unchanged',
      'Tags: 12 configured, 0 unchanged',
    ]);
  });

  it('names model binding changes when the file has models, and says nothing of them otherwise', () => {
    const lines = importReportLines(
      summary({ models: { added: ['temp-z'], changed: [], removed: ['old-pca', 'bearing'], unchanged: 1 } }),
    );
    expect(lines.at(-1)).toBe('Model bindings: 1 added (temp-z), 2 removed (old-pca, bearing), 1 unchanged');
    expect(
      importReportLines(summary({ models: { added: [], changed: [], removed: [], unchanged: 0 } })).at(-1),
    ).toBe('Model bindings: none');
    expect(importReportLines(summary()).some((line) => line.startsWith('Model'))).toBe(false);
  });

  it('names an export by the day it was made', () => {
    expect(siteConfigFileName(Date.UTC(2026, 10, 22, 9, 30))).toBe('watchkeeper-site-2026-11-22.json');
  });
});
