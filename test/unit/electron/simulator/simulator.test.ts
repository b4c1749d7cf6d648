import { describe, expect, it } from 'vitest';
import { DemoPlantSimulator } from '../../../../electron/simulator/simulator.js';

/** Port 1 on loopback: nothing listens there, so every connect is refused at once. */
const DEAD_BROKER = 'mqtt://127.0.0.1:1';

describe('DemoPlantSimulator', () => {
  // mqtt.js retries every 2 s, so 2.3 s covers a second refused attempt that must not be logged again.
  it.each(['sparkplug', 'json'] as const)(
    'keeps running with the broker down (%s) and logs the cause once',
    async (format) => {
      const lines: string[] = [];
      const simulator = new DemoPlantSimulator({
        brokerUrl: DEAD_BROKER,
        format,
        devices: 3,
        rateHz: 50,
        clientId: 'wk-test-down',
        log: (line) => lines.push(line),
      });
      await simulator.start();
      await new Promise((resolve) => setTimeout(resolve, 2300));
      const began = Date.now();
      await simulator.stop();
      expect(Date.now() - began).toBeLessThan(1000);
      expect(simulator.stats()).toEqual({ published: 0, samples: 0 });
      expect(lines.filter((line) => line.includes('ECONNREFUSED'))).toHaveLength(1);
    },
  );

  it('rejects a rate that is not positive', () => {
    expect(() => new DemoPlantSimulator({ brokerUrl: DEAD_BROKER, rateHz: 0 })).toThrow(RangeError);
  });

  it('can be stopped before it was started, and twice', async () => {
    const simulator = new DemoPlantSimulator({ brokerUrl: DEAD_BROKER });
    await simulator.stop();
    await simulator.start();
    await simulator.stop();
    await simulator.stop();
    expect(simulator.stats().published).toBe(0);
  });
});
