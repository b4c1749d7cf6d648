import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { measureAlarmEvaluations } from './alarmEvaluationBench.js';
import { measureAlarmLatency } from './alarmLatencyBench.js';
import { measureEventLoop } from './eventLoopBench.js';
import { measureHistorian } from './historianBench.js';
import { measureInference } from './inferenceBench.js';
import { measureIngest } from './ingestBench.js';
import { measureJsonIngest } from './jsonIngestBench.js';
import { measureSparkplug } from './sparkplugBench.js';
import { measureSqliteCeiling } from './sqliteCeiling.js';
import { measureStartup } from './startupBench.js';
import { measureZoom } from './zoomBench.js';
import { measureAlarmFlood } from './alarmFloodBench.js';
import { measureSync } from './syncBench.js';
import type { BenchResult } from './benchResult.js';

/**
 * `npm run bench`: every figure beside a baseline measured in the same run, printed as a table
 * and written to bench/results/latest.json. Not part of `npm test`: tests never assert timing.
 */
const log = (line: string) => process.stdout.write(`${line}\n`);
const args = process.argv.slice(2);
// --full: the 1,000 tags × 30 days; --hours=N: another length of that data set.
const hoursArg = args.find((arg) => arg.startsWith('--hours='));
const hours = args.includes('--full') ? 30 * 24 : hoursArg ? Number(hoursArg.slice('--hours='.length)) : 2;
if (!(hours > 0)) throw new Error(`--hours needs a positive number of hours, not ${hoursArg}`);
const only = args.filter((arg) => !arg.startsWith('--'));
const want = (name: string) => only.length === 0 || only.includes(name);

const results: BenchResult[] = [];
log(`Watchkeeper bench on ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`);
if (want('ingest')) {
  log('SQLite ceiling…');
  const ceiling = measureSqliteCeiling();
  results.push(ceiling);
  log('Ingest through Mosquitto…');
  results.push(...(await measureIngest(ceiling.value, log)));
}
if (want('json')) {
  log('Plain-JSON ingest through Mosquitto…');
  results.push(...(await measureJsonIngest(log)));
}
if (want('sparkplug')) {
  log('Sparkplug DDATA through Mosquitto, beside raw decode…');
  results.push(...(await measureSparkplug(log)));
}
if (want('eventloop')) {
  log('Main-thread event loop under load…');
  results.push(...(await measureEventLoop(log)));
}
if (want('alarms')) {
  log('Alarm evaluation with 10,000 definitions, beside a bare threshold loop…');
  results.push(...(await measureAlarmEvaluations(log)));
  log('Alarm latency, MQTT publish to WebSocket event, under 50,000 samples/s…');
  results.push(...(await measureAlarmLatency(log)));
}
if (want('historian')) {
  log(`Historian on generated demo-plant data (1,000 tags × ${hours} h, 1 tag × 1 year)…`);
  results.push(...(await measureHistorian(hours, log)));
}
if (want('inference')) {
  log(
    'Inference: the shipped model beside bare session.run, then 200 and 1,000 bindings while ingesting 10,000 tags × 1 Hz…',
  );
  results.push(...(await measureInference(log)));
}
if (want('startup')) {
  log('Start-up to live values in Chromium…');
  results.push(...(await measureStartup(log)));
}
if (want('zoom')) {
  log('Zoom redraw in Chromium on 1 tag × 1 year…');
  results.push(...(await measureZoom(log)));
}
if (want('alarmflood')) {
  log('Alarm flood in Chromium: 200 new alarms/s into the banner and list…');
  results.push(...(await measureAlarmFlood(log)));
}
if (want('sync')) {
  log(
    'Cloud sync: a 1,000,000-record backlog to loopback Mosquitto beside raw mqtt.js, alarms during the drain…',
  );
  results.push(...(await measureSync(log)));
}

console.table(
  results.map((r) => ({
    name: r.name,
    value: r.value,
    unit: r.unit,
    baseline: r.baseline ?? '',
    ratio: r.ratio ?? '',
    target: r.target ?? '',
  })),
);
mkdirSync('bench/results', { recursive: true });
writeFileSync(
  'bench/results/latest.json',
  `${JSON.stringify({ at: new Date().toISOString(), node: process.version, cpus: cpus().length, results }, null, 2)}\n`,
);
log('wrote bench/results/latest.json');
