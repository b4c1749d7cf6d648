import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { StoredBinding } from '../../electron/config/types.js';
import { InputErrors } from '../../electron/connectivity/inputErrors.js';
import type { DeviceRef } from '../../electron/connectivity/ingestEvents.js';
import { InferenceService } from '../../electron/inference/inferenceService.js';
import { InferenceWorker } from '../../electron/inference/inferenceWorker.js';
import { ModelFiles } from '../../electron/inference/modelFiles.js';
import type { LiveListener } from '../../electron/inference/inferenceWorker.js';
import type { RunRequest } from '../../electron/inference/types.js';
import { Ingest } from '../../electron/ingest/ingest.js';
import { createMemoryLogger } from '../../electron/platform/logger.js';
import { DeviceRegistry } from '../../electron/tags/deviceRegistry.js';
import { TagRegistry } from '../../electron/tags/tagRegistry.js';
import type { HistoryResult } from '../../shared/domain.js';
import { ModelBindingSchema, type ModelBindingInput } from '../../shared/modelBindings.js';
import { Quality } from '../../shared/quality.js';

export interface HarnessOptions {
  /** Folder for the data folder's models/. */
  dir: string;
  stored?: ModelBindingInput[];
  demo?: ModelBindingInput[];
  runTimeoutMs?: number;
  runtimeModule?: string;
  /** The shipped models' folder (resources/models), when a test uses them. */
  shippedDir?: string;
}

export interface StoredSample {
  ts: number;
  value: number | null;
  quality: number;
}

const plant: DeviceRef = { id: 'line1/pump1', area: 'line1', protocol: 'sparkplug' };

/**
 * The inference service wired as the runtime wires it — real onnxruntime worker, real model
 * files, real ingest with its tag and device registries — with the historian replaced by an
 * in-memory list, so a test can feed samples and read what the models wrote.
 */
export async function inferenceHarness(options: HarnessOptions) {
  const modelsDir = join(options.dir, 'models');
  mkdirSync(modelsDir, { recursive: true });
  const log = createMemoryLogger();
  const rows: [number, number, number | null, number][] = [];
  const tags = new TagRegistry({
    loadTags: async () => [],
    lastValues: async () => [],
    upsertTags: () => {},
  });
  await tags.start();
  const devices = new DeviceRegistry({ siteStaleAfterMs: 15_000 });
  let service: InferenceService | null = null;
  const ingest = new Ingest({
    tags,
    devices,
    errors: new InputErrors(log),
    historian: { append: (...row) => rows.push(row), appendText: () => {} },
    onValueChanged: (id) => service?.observe(id),
    onDevicesChanged: () => {},
  });
  const worker = new InferenceWorker({
    log: log.child('worker'),
    runTimeoutMs: options.runTimeoutMs ?? 10_000,
    ...(options.runtimeModule ? { runtimeModule: options.runtimeModule } : {}),
  });
  /** Runs made: warm-ups and test runs as sent, live runs as the host made them. */
  const runs: { key: string; rows: number; dims: number[]; splitRows: boolean }[] = [];
  const countingWorker = {
    get runtime() {
      return worker.runtime;
    },
    load: (key: string, path: string) => worker.load(key, path),
    unload: (key: string) => worker.unload(key),
    run: (request: RunRequest) => {
      runs.push(request);
      return worker.run(request);
    },
    onLive: (listener: LiveListener) =>
      worker.onLive({
        results: (results, receivedAt) => {
          if (results.rows > 0) runs.push(results);
          listener.results(results, receivedAt);
        },
        failed: (failure) => listener.failed(failure),
      }),
    liveTrack: worker.liveTrack.bind(worker),
    liveSamples: worker.liveSamples.bind(worker),
    liveBind: worker.liveBind.bind(worker),
    liveUnbind: worker.liveUnbind.bind(worker),
    liveIdle: worker.liveIdle.bind(worker),
    onHostReplaced: worker.onHostReplaced.bind(worker),
  };
  const files = new ModelFiles({
    dataDir: modelsDir,
    shippedDir: options.shippedDir ?? null,
    log,
    settleMs: 100,
    onChange: (file) => void service?.fileChanged(file),
  });
  const stored: StoredBinding[] = (options.stored ?? []).map((b) => ({
    version: 1,
    binding: ModelBindingSchema.parse(b),
  }));
  service = new InferenceService({
    store: { listBindings: async () => stored },
    worker: countingWorker,
    files,
    modelsDir,
    ingest,
    tags,
    history: { queryRanges: async (queries) => queries.map((q) => history(q.tag, q.from, q.to)) },
    demoBindings: () => (options.demo ?? []).map((b) => ModelBindingSchema.parse(b)),
    log: log.child('inference'),
  });

  function history(tag: string, from: number, to: number): HistoryResult {
    const key = tags.get(tag)?.key;
    const mine = rows.filter((r) => r[0] === key).sort((a, b) => a[1] - b[1]);
    const before = mine.filter((r) => r[1] < from).at(-1);
    const inRange = [...(before ? [before] : []), ...mine.filter((r) => r[1] >= from && r[1] <= to)];
    return {
      tag,
      from,
      to,
      mode: 'raw',
      points: {
        ts: inRange.map((r) => r[1]),
        value: inRange.map((r) => r[2]),
        quality: inRange.map((r) => r[3]),
      },
    };
  }

  files.start();
  await service.start();
  await service.settled();

  return {
    service,
    /** The inference host's facade (its process id, to kill it from outside). */
    worker,
    tags,
    devices,
    ingest,
    log,
    runs,
    modelsDir,
    /** Samples of one device (the plant's pump 1 unless named), in one message. */
    feed(
      samples: { tag: string; ts: number; value: number | null; quality?: number }[],
      device = plant,
    ): void {
      ingest.accept({
        kind: 'samples',
        device,
        samples: samples.map((s) => ({ ...s, quality: s.quality ?? Quality.Good })),
      });
    },
    /** What was stored of a tag, oldest first. */
    stored(tag: string): StoredSample[] {
      const key = tags.get(tag)?.key;
      return rows.filter((r) => r[0] === key).map(([, ts, value, quality]) => ({ ts, value, quality }));
    },
    /** Waits until the runs that are due have been made and their outputs written. */
    async idle(): Promise<void> {
      await new Promise((resolve) => setImmediate(resolve));
      await service!.settled();
      await new Promise((resolve) => setImmediate(resolve));
      await service!.settled();
    },
    history,
    async stop(): Promise<void> {
      files.stop();
      await service!.stop();
      await worker.stop();
    },
  };
}

export type Harness = Awaited<ReturnType<typeof inferenceHarness>>;
