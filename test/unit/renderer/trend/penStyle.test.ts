import { describe, expect, it } from 'vitest';
import { PEN_PALETTE, penColour, penSpecs } from '../../../../renderer/trend/penStyle.js';
import { tag } from '../stores/fixtures.js';

/** The chart's surface (styles.css `--surface`), on which lines, axis labels and limits are drawn. */
const CHART_SURFACE = '#dedede';

const channels = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
const linear = (c: number) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);

/** WCAG 2 relative luminance and contrast ratio. */
function luminance(hex: string): number {
  const [r = 0, g = 0, b = 0] = channels(hex).map(linear);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
function contrast(a: string, b: string): number {
  const [hi = 0, lo = 0] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** CIELAB (D65), for the CIE76 colour difference ΔE*ab. */
function lab(hex: string): [number, number, number] {
  const [r = 0, g = 0, b = 0] = channels(hex).map(linear);
  const f = (t: number) => (t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116);
  const x = f((0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047);
  const y = f(0.2126 * r + 0.7152 * g + 0.0722 * b);
  const z = f((0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883);
  return [116 * y - 16, 500 * (x - y), 200 * (y - z)];
}
const deltaE = (a: string, b: string) => Math.hypot(...lab(a).map((v, i) => v - (lab(b)[i] ?? 0)));

describe('pen palette', () => {
  it('holds a named colour for each of the eight pens a trend can hold', () => {
    expect(PEN_PALETTE).toHaveLength(8);
    expect(new Set(PEN_PALETTE.map((entry) => entry.name)).size).toBe(8);
    expect(PEN_PALETTE.map((_, i) => penColour(i))).toEqual(PEN_PALETTE.map((entry) => entry.colour));
  });

  it('reads as text on the chart: at least 4.5:1 against its surface', () => {
    for (const { colour } of PEN_PALETTE) expect(contrast(colour, CHART_SURFACE)).toBeGreaterThanOrEqual(4.5);
  });

  it('keeps every two colours clearly apart (ΔE*ab of 25 or more)', () => {
    for (const [i, a] of PEN_PALETTE.entries()) {
      for (const b of PEN_PALETTE.slice(i + 1)) expect(deltaE(a.colour, b.colour)).toBeGreaterThanOrEqual(25);
    }
  });
});

describe('penSpecs', () => {
  const tags = { 'a/d/x': tag('a/d/x'), 'a/d/y': tag('a/d/y') };

  it("colours pens by number unless the operator chose a colour, and carries the pen's axis", () => {
    const specs = penSpecs(['a/d/x', 'a/d/y'], tags, { 'a/d/y': { colour: '#0b6670', axis: 'auto' } });
    expect(specs.map((spec) => [spec.colour, spec.axis])).toEqual([
      [penColour(0), undefined],
      ['#0b6670', 'auto'],
    ]);
  });
});
