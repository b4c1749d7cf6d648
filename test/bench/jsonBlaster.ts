import mqtt from 'mqtt';
import { benchPayload, benchTopics } from './jsonPayloads.js';

/**
 * A bench-only publisher of single-value JSON messages, run in its own process: 10,000 topics
 * in the shipped `factory/<area>/<device>/<tag>` form, each message a fresh value and time, at
 * a steady rate in 10 ms ticks (payloads: jsonPayloads.ts). Lighter than the demo plant (no physics), so the figure measured
 * is Watchkeeper's ingest rather than the publisher's. Prints its total when stopped.
 *
 *   node --import tsx test/bench/jsonBlaster.ts <brokerUrl> <msgsPerSecond>
 */
const [url, rateText] = process.argv.slice(2);
const rate = Number(rateText);
if (!url || !(rate > 0)) throw new Error('usage: jsonBlaster.ts <brokerUrl> <msgsPerSecond>');

const topics = benchTopics();

const client = await mqtt.connectAsync(url, { clientId: `wk-bench-blaster-${process.pid}` });
let published = 0;
let next = 0;
const started = performance.now();
const timer = setInterval(() => {
  // Catch up to where the rate says we should be, so a late tick does not lower the rate.
  const due = Math.floor(((performance.now() - started) / 1000) * rate) - published;
  const ts = new Date().toISOString();
  for (let i = 0; i < due; i++) {
    const topic = topics[next]!;
    next = (next + 1) % topics.length;
    client.publish(topic, benchPayload(published, ts), { qos: 0 });
    published++;
  }
}, 10);

process.once('SIGINT', () => {
  clearInterval(timer);
  void client.endAsync().then(() => {
    process.stdout.write(`published ${published}\n`);
    process.exit(0);
  });
});
