import mqtt from 'mqtt';
import { births, ddata, DEVICES, deviceId, METRICS, NODES, nodeId } from './sparkplugPayloads.js';

/**
 * The bench's edge nodes in their own process (sparkplugBench.ts starts it): births, then DDATA
 * at `rate` metrics per second until SIGINT, when it prints how many metrics it published.
 * Usage: node --import tsx sparkplugPublisher.ts <broker> <metrics per second>
 */
const [broker, rateArg] = process.argv.slice(2);
const rate = Number(rateArg);
if (!broker || !(rate > 0)) throw new Error('usage: sparkplugPublisher.ts <broker> <metrics per second>');

const client = await mqtt.connectAsync(broker, { clientId: `wk-bench-edge-${process.pid}` });
let published = 0;
const seqs = new Array<number>(NODES).fill(0);
for (let n = 0; n < NODES; n++) {
  for (const message of births(n, Date.now())) client.publish(message.topic, Buffer.from(message.payload));
  seqs[n] = DEVICES;
  published += DEVICES * METRICS;
}

const messagesPerS = rate / METRICS;
const started = performance.now();
let sent = 0;
let turn = 0;
const timer = setInterval(() => {
  const due = Math.floor(((performance.now() - started) / 1000) * messagesPerS);
  const ts = Date.now();
  for (; sent < due; sent++, turn++) {
    const node = turn % NODES;
    const device = Math.floor(turn / NODES) % DEVICES;
    seqs[node] = (seqs[node]! + 1) & 0xff;
    const topic = `spBv1.0/bench/DDATA/${nodeId(node)}/${deviceId(device)}`;
    client.publish(topic, Buffer.from(ddata(device, seqs[node]!, ts, turn)));
    published += METRICS;
  }
}, 20);

process.once('SIGINT', () => {
  clearInterval(timer);
  void client.endAsync().then(() => {
    process.stdout.write(`published ${published} metrics\n`);
    process.exit(0);
  });
});
process.stdout.write('publishing\n');
