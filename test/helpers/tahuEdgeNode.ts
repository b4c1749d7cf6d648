import { newClient, type UPayload } from 'sparkplug-client';

/**
 * A Sparkplug edge node built on Eclipse Tahu's `sparkplug-client` (Cirrus Link), run as its own
 * process by tahuEdgeNodeProcess.ts: an independent implementation to hold our host against.
 * Node `tahu1` in group `plant` with one device, `mixer`, publishing DDATA by alias every 100 ms.
 * The package does not answer `Node Control/Rebirth` itself, so this script does. It also mutates
 * the payloads it is given, so each publish gets fresh objects.
 *
 * Usage: node --import tsx tahuEdgeNode.ts <broker url>. Prints `births` after each set of births
 * and `rebirth requested` on each rebirth command.
 */
const [serverUrl] = process.argv.slice(2);
if (!serverUrl) throw new Error('usage: tahuEdgeNode.ts <broker url>');

const client = newClient({
  serverUrl,
  username: '',
  password: '',
  groupId: 'plant',
  edgeNode: 'tahu1',
  clientId: 'tahu1-edge',
  keepalive: 2,
});

let speed = 100;
let running = false;

function publishBirths(): void {
  const now = Date.now();
  client.publishNodeBirth({
    timestamp: now,
    metrics: [
      { name: 'Node Control/Rebirth', type: 'Boolean', value: false },
      { name: 'cpuTemp', alias: 10, type: 'Float', value: 41.5, timestamp: now },
    ],
  });
  client.publishDeviceBirth('mixer', {
    timestamp: now,
    metrics: [
      {
        name: 'speed',
        alias: 1,
        type: 'Double',
        value: speed,
        timestamp: now,
        properties: { engUnit: { type: 'String', value: 'rpm' } },
      },
      { name: 'running', alias: 2, type: 'Boolean', value: true, timestamp: now },
      { name: 'recipe', alias: 3, type: 'String', value: 'rye', timestamp: now },
    ],
  });
  running = true;
  process.stdout.write('births\n');
}

client.on('birth', publishBirths);
client.on('ncmd', (payload: UPayload) => {
  const rebirth = payload.metrics?.find((m) => m.name === 'Node Control/Rebirth');
  if (rebirth?.value !== true) return;
  process.stdout.write('rebirth requested\n');
  publishBirths();
});
client.on('offline', () => (running = false));

setInterval(() => {
  if (!running) return;
  speed += 1;
  client.publishDeviceData('mixer', {
    timestamp: Date.now(),
    metrics: [{ alias: 1, type: 'Double', value: speed, timestamp: Date.now() }],
  });
}, 100);
