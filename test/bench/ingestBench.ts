import { createMemoryLogger } from '../../electron/platform/logger.js';
import { Runtime } from '../../electron/runtime/runtime.js';
import { startMosquitto } from '../helpers/mosquitto.js';
import { makeTempDir } from '../helpers/tempDir.js';
import { round, sleep, withBaseline, type BenchResult } from './benchResult.js';
import { settle, snapshot } from './runtimeProbe.js';
import { startSimulatorProcess } from '../helpers/simulatorProcess.js';

const DEVICES = 100;
const TAGS_PER_DEVICE = 100; // one Sparkplug DDATA carries 100 metrics
const WINDOW_MS = 8_000;

interface Step {
  offered: number;
  published: number;
  ingested: number;
  windowRate: number;
  backlogGrowth: number;
  sustained: boolean;
}

/**
 * Highest sustained ingest rate: the demo plant (10,000 tags in batched Sparkplug DDATA)
 * publishes through Mosquitto at increasing rates into a runtime in this process. A step is
 * sustained when every published sample was ingested and stored, and the historian's backlog
 * did not grow over the measuring window.
 */
export async function measureIngest(ceiling: number, log: (line: string) => void): Promise<BenchResult[]> {
  const broker = await startMosquitto();
  const dir = makeTempDir('wk-bench-ingest-');
  const runtime = new Runtime(
    { dataDir: dir.path, brokerUrl: broker.url, demo: false, clientId: 'wk-bench' },
    createMemoryLogger(),
  );
  await runtime.start();
  const steps: Step[] = [];
  try {
    for (const hz of [2, 5, 10, 15, 20, 25, 30]) {
      const step = await runStep(runtime, broker.url, hz);
      steps.push(step);
      log(
        `  ingest at ${step.offered.toLocaleString()} samples/s offered: ${round(step.windowRate, 0).toLocaleString()}/s ingested, ` +
          `${step.published - step.ingested} lost, backlog growth ${step.backlogGrowth} → ${step.sustained ? 'sustained' : 'not sustained'}`,
      );
      if (!step.sustained) break;
    }
  } finally {
    await runtime.stop();
    await broker.stop();
    dir.remove();
  }
  const best = steps.filter((s) => s.sustained).at(-1);
  const value = best ? round(best.windowRate, 0) : 0;
  return [
    withBaseline(
      {
        name: 'ingest.samples_per_s',
        value,
        unit: 'samples/s',
        target: '≥ 100,000 and ≥ 0.5 × ceiling',
        note: 'highest sustained, Sparkplug via Mosquitto',
      },
      ceiling,
      'ingest.sqlite_ceiling_rows_per_s',
    ),
  ];
}

async function runStep(runtime: Runtime, broker: string, hz: number): Promise<Step> {
  await settle(runtime);
  const startCount = runtime.health().ingest.samples;
  const simulator = startSimulatorProcess({
    broker,
    devices: DEVICES,
    tagsPerDevice: TAGS_PER_DEVICE,
    rateHz: hz,
  });
  await sleep(3_000); // births, connection set-up, warm-up
  const a = snapshot(runtime);
  await sleep(WINDOW_MS);
  const b = snapshot(runtime);
  const published = (await simulator.stop()).samples;
  await settle(runtime);
  const ingested = runtime.health().ingest.samples - startCount;
  const windowRate = ((b.samples - a.samples) * 1000) / (b.at - a.at);
  const offered = DEVICES * TAGS_PER_DEVICE * hz;
  const backlogGrowth = b.backlog - a.backlog;
  return {
    offered,
    published,
    ingested,
    windowRate,
    backlogGrowth,
    sustained: ingested >= published && backlogGrowth < offered * 0.25 && windowRate >= offered * 0.95,
  };
}
