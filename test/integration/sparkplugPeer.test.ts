import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../electron/platform/logger.js';
import { Runtime } from '../../electron/runtime/runtime.js';
import { Quality } from '../../shared/quality.js';
import { startMosquitto, type MosquittoHandle } from '../helpers/mosquitto.js';
import { startTahuEdgeNode, type TahuEdgeNode } from '../helpers/tahuEdgeNodeProcess.js';
import { makeTempDir } from '../helpers/tempDir.js';
import { waitFor } from '../helpers/waitFor.js';

/**
 * Our host against an independent edge node: Eclipse Tahu's `sparkplug-client` in its own
 * process, through a real Mosquitto. Nothing is configured: the tags come from its births.
 */
const STALE = Quality.UncertainNoCommunicationLastUsableValue;

describe('the Sparkplug host with a Tahu edge node', () => {
  const cleanup: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const step of cleanup.reverse()) await step();
    cleanup.length = 0;
  });

  async function brokerAndRuntime(): Promise<{
    broker: MosquittoHandle;
    startRuntime: () => Promise<Runtime>;
  }> {
    const broker = await startMosquitto();
    cleanup.push(() => broker.stop());
    const startRuntime = async () => {
      const dir = makeTempDir();
      const runtime = new Runtime(
        { dataDir: dir.path, brokerUrl: broker.url, demo: false, clientId: 'wk-tahu-peer' },
        createMemoryLogger(),
      );
      cleanup.push(() => dir.remove());
      cleanup.push(() => runtime.stop());
      await runtime.start();
      await waitFor('the site link', () => runtime.health().broker.state === 'connected');
      return runtime;
    };
    return { broker, startRuntime };
  }

  function edge(broker: MosquittoHandle): TahuEdgeNode {
    const node = startTahuEdgeNode(broker.url);
    cleanup.push(() => node.kill());
    return node;
  }

  const speed = (runtime: Runtime) => runtime.tags.get('tahu1/mixer/speed');

  it('discovers its tags, follows its data by alias, marks them stale on its death and good on its return', async () => {
    const { broker, startRuntime } = await brokerAndRuntime();
    const runtime = await startRuntime();
    const first = edge(broker);

    const born = await waitFor('tags from the births', () => {
      const tag = speed(runtime);
      return tag && typeof tag.value === 'number' && tag.value > 102 ? tag : undefined;
    });
    expect(born).toMatchObject({ unit: 'rpm', quality: Quality.Good });
    expect(runtime.tags.get('tahu1/mixer/running')).toMatchObject({ value: 1, quality: Quality.Good });
    expect(runtime.tags.get('tahu1/mixer/recipe')).toMatchObject({ value: 'rye', dataType: 'string' });
    expect(runtime.tags.get('tahu1/cpuTemp')).toMatchObject({ value: 41.5 });

    await first.kill();
    await waitFor('the Will to make the tags stale', () => speed(runtime)?.quality === STALE);
    expect(runtime.tags.get('tahu1/mixer/recipe')?.quality).toBe(STALE);
    expect(runtime.tags.get('tahu1/cpuTemp')?.quality).toBe(STALE);

    const second = edge(broker);
    await waitFor('fresh births', () => second.lines.includes('births'));
    await waitFor('good values again', () => speed(runtime)?.quality === Quality.Good);
    expect(runtime.health().ingest.errors).toEqual({});
  });

  it('asks an edge node that was already running for its births, and gets them', async () => {
    const { broker, startRuntime } = await brokerAndRuntime();
    const node = edge(broker);
    await waitFor('the edge node to be publishing', () => node.lines.includes('births'));
    const runtime = await startRuntime();

    await waitFor('a rebirth request answered', () => node.lines.includes('rebirth requested'));
    const tag = await waitFor('values after the rebirth', () => {
      const found = speed(runtime);
      return found?.quality === Quality.Good ? found : undefined;
    });
    expect(tag).toMatchObject({ unit: 'rpm' });
  });
});
