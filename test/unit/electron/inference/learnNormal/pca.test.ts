import { describe, expect, it } from 'vitest';
import { fitPca, jacobiEigen, speOf } from '../../../../../electron/inference/learnNormal/pca.js';
import { mulberry32, noise } from '../../../../../electron/simulator/prng.js';

describe('PCA for learn normal', () => {
  it('finds the eigenvalues and eigenvectors of a symmetric matrix', () => {
    const matrix = [
      [4, 1, 2],
      [1, 3, 0.5],
      [2, 0.5, 5],
    ];
    const { values, vectors } = jacobiEigen(matrix);
    values.forEach((lambda, k) => {
      const v = vectors.map((row) => row[k]!);
      const av = matrix.map((row) => row.reduce((sum, a, j) => sum + a * v[j]!, 0));
      av.forEach((x, i) => expect(x).toBeCloseTo(lambda * v[i]!, 9));
      expect(Math.hypot(...v)).toBeCloseTo(1, 9);
    });
    expect(values.reduce((a, b) => a + b, 0)).toBeCloseTo(12, 9);
  });

  it('explains correlated tags with one component, and scores a broken correlation far out', () => {
    const random = mulberry32(3);
    const rows = new Float64Array(500 * 2);
    for (let r = 0; r < 500; r++) {
      const x = 50 + 10 * noise(random);
      rows[r * 2] = x;
      rows[r * 2 + 1] = 2 * x + 0.5 * noise(random);
    }
    const fit = fitPca(rows, 500, 2, 0.95);
    expect(fit.components).toHaveLength(1);
    expect(fit.explained).toBeGreaterThan(0.99);
    const z = (x: number, y: number) => [(x - fit.mean[0]!) / fit.std[0]!, (y - fit.mean[1]!) / fit.std[1]!];
    const normal = speOf(z(60, 120), fit.components);
    const broken = speOf(z(60, 100), fit.components);
    expect(normal).toBeLessThan(Math.max(...fit.spe));
    expect(broken).toBeGreaterThan(10 * Math.max(...fit.spe));
  });
});
