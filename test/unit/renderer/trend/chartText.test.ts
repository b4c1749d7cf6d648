import { describe, expect, it } from 'vitest';
import { timeTickLabels } from '../../../../renderer/trend/chartText.js';

const local = (mo: number, d: number, h: number, mi = 0, s = 0, y = 2026) =>
  new Date(y, mo - 1, d, h, mi, s).getTime();

describe('timeTickLabels', () => {
  it('shows seconds only when ticks are closer than a minute', () => {
    const labels = timeTickLabels([local(1, 31, 14, 5, 0), local(1, 31, 14, 5, 10)]);
    expect(labels).toEqual(['14:05:00\n2026-01-31', '14:05:10']);
  });

  it('names the day under the first tick and where a new day starts', () => {
    const labels = timeTickLabels([local(1, 31, 20), local(1, 31, 22), local(2, 1, 0), local(2, 1, 2)]);
    expect(labels).toEqual(['20:00\n2026-01-31', '22:00', '00:00\n2026-02-01', '02:00']);
  });

  it('shows dates alone once ticks are a day or more apart, the year when it changes', () => {
    const labels = timeTickLabels([
      local(12, 30, 0, 0, 0, 2025),
      local(12, 31, 0, 0, 0, 2025),
      local(1, 1, 0),
    ]);
    expect(labels).toEqual(['2025-12-30', '12-31', '2026-01-01']);
  });
});
