import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelStatus } from '../../../../../shared/models.js';
import { Quality } from '../../../../../shared/quality.js';
import { mulberry32, noise } from '../../../../../electron/simulator/prng.js';
import { as, startModelsApi } from '../../../../helpers/modelsApi.js';
import { makeTempDir } from '../../../../helpers/tempDir.js';
import { waitFor } from '../../../../helpers/waitFor.js';

/**
 * Learn normal end to end: a pump's flow and current, related as they are in a healthy pump,
 * stored in the real historian; a baseline learned from that period over the API is written as an
 * ONNX file, bound, and run live on the same tags — quiet while the relation holds, above 1 once
 * it breaks.
 */
describe('learn normal', () => {
  const dir = makeTempDir();
  let api: Awaited<ReturnType<typeof startModelsApi>>;
  const random = mulberry32(5);
  const T0 = Date.now() - 3_600_000;
  const sample = (t: number, flow: number, current: number) =>
    api.feed('line1/pump1', [
      { tag: 'line1/pump1/flow', ts: t, value: flow },
      { tag: 'line1/pump1/motor_current', ts: t, value: current },
    ]);

  beforeAll(async () => {
    api = await startModelsApi(dir.path);
    for (let s = 0; s < 600; s++) {
      const flow = 80 + 15 * Math.sin(s / 40) + noise(random);
      sample(T0 + s * 1000, flow, 10 + 0.4 * flow + 0.3 * noise(random));
    }
    await api.historian.flush();
  });
  afterAll(async () => {
    await api.stop();
    dir.remove();
  });

  const learn = (extra: object = {}) =>
    api.call('models.learnNormal', {
      id: 'pump1-normal',
      tags: ['line1/pump1/flow', 'line1/pump1/motor_current'],
      from: T0,
      to: T0 + 599_000,
      stepMs: 1000,
      output: { tag: 'line1/pump1/normal_score', engLow: 0, engHigh: 5 },
      ...extra,
    });

  it('is for engineers, and needs a period with enough good data', async () => {
    expect(await api.call('models.learnNormal', {}, as('vic', 'operator'))).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await learn({ id: 'empty', from: T0 - 7_200_000, to: T0 - 3_600_000 })).toMatchObject({
      ok: false,
      error: {
        code: 'BAD_REQUEST',
        message: expect.stringMatching(/only 0 moments in the period have a good value of every tag/),
      },
    });
    expect(await learn({ id: 'ghost', tags: ['line1/pump1/flow', 'line9/none/x'] })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'unknown tags: line9/none/x' },
    });
  });

  it('writes a real ONNX baseline with its binding, which runs live and flags a broken relation', async () => {
    expect(await learn()).toMatchObject({
      ok: true,
      result: { baseline: { file: 'pump1-normal.onnx', components: 1, rows: 600 } },
    });
    const status = await api.call('models.getSignature', { file: 'pump1-normal.onnx' });
    expect(status.ok).toBe(true);
    expect(readdirSync(`${dir.path}/models`)).toContain('pump1-normal.onnx');
    const { result } = (await api.call('models.list', {})) as { result: { models: ModelStatus[] } };
    const model = result.models.find((m) => m.binding.id === 'pump1-normal')!;
    expect(model).toMatchObject({ version: 1, source: 'stored' });
    expect(model.binding).toMatchObject({
      kind: 'onnx',
      model: 'pump1-normal.onnx',
      window: { steps: 1, stepMs: 1000 },
      inputs: [
        { tag: 'line1/pump1/flow', normalise: { kind: 'meanStd' } },
        { tag: 'line1/pump1/motor_current', normalise: { kind: 'meanStd' } },
      ],
    });
    const score = () => api.tags.get('line1/pump1/normal_score');
    const now = () => Math.floor(Date.now() / 1000) * 1000;
    const healthy = await waitFor('a score for a healthy pump', () => {
      sample(now(), 90, 10 + 0.4 * 90);
      const s = score();
      return s?.quality === Quality.Good && s.ts! > T0 + 600_000 ? { ...s } : undefined;
    });
    expect(healthy.value as number).toBeLessThan(1);
    const broken = await waitFor('a score for a pump drawing too much current', () => {
      sample(now(), 90, 10 + 0.4 * 90 + 8);
      const s = score();
      return s && s.ts! > healthy.ts! && (s.value as number) > 1 ? { ...s } : undefined;
    });
    // Far out: beyond the tag's range of 0…5, which ingest flags as it would any tag.
    expect(broken).toMatchObject({ quality: Quality.UncertainEngineeringUnitsExceeded });
  });

  it('learns again over the same binding when given its version', async () => {
    const again = (await learn({ baseVersion: 1, stepMs: 2000 })) as {
      ok: boolean;
      result: { status: ModelStatus; baseline: { components: number; rows: number } };
    };
    expect(again).toMatchObject({
      ok: true,
      result: { status: { version: 2 }, baseline: { components: 1, rows: 300 } },
    });
    expect(await learn()).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });
});
