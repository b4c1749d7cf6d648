import { encodeSparkplug } from '../../electron/connectivity/sparkplug/codec.js';

/**
 * The Sparkplug load of the throughput bench: NODES edge nodes with DEVICES devices each, every
 * DDATA carrying METRICS Double metrics by alias with their own timestamps — the shape of a
 * gateway reporting a PLC's scan. Births go through Tahu's encoder; DDATA is written by hand
 * (the publisher must outrun the host on the same two cores) and checked against Tahu's
 * decoder when the bench starts.
 */
export const NODES = 10;
export const DEVICES = 10;
export const METRICS = 200;

export const nodeId = (n: number) => `edge${n}`;
export const deviceId = (d: number) => `dev${d}`;

export function births(node: number, now: number): Array<{ topic: string; payload: Uint8Array }> {
  const out = [
    {
      topic: `spBv1.0/bench/NBIRTH/${nodeId(node)}`,
      payload: encodeSparkplug({
        timestamp: now,
        seq: 0,
        metrics: [
          { name: 'bdSeq', type: 'UInt64', value: 0 },
          { name: 'Node Control/Rebirth', type: 'Boolean', value: false },
        ],
      }),
    },
  ];
  for (let d = 0; d < DEVICES; d++) {
    const metrics = [];
    for (let m = 0; m < METRICS; m++) {
      metrics.push({ name: `m${m}`, alias: d * METRICS + m + 1, type: 'Double', value: 0, timestamp: now });
    }
    out.push({
      topic: `spBv1.0/bench/DBIRTH/${nodeId(node)}/${deviceId(d)}`,
      payload: encodeSparkplug({ timestamp: now, seq: d + 1, metrics }),
    });
  }
  return out;
}

/** One DDATA: metric m of device d has alias d·METRICS + m + 1 and value `base + m`. */
export function ddata(device: number, seq: number, ts: number, base: number): Uint8Array {
  const out = new Uint8Array(32 + METRICS * 24);
  const view = new DataView(out.buffer);
  let pos = 0;
  const varint = (value: number) => {
    while (value >= 0x80) {
      out[pos++] = (value % 0x80) | 0x80;
      value = Math.floor(value / 0x80);
    }
    out[pos++] = value;
  };
  out[pos++] = 0x08; // timestamp
  varint(ts);
  for (let m = 0; m < METRICS; m++) {
    const alias = device * METRICS + m + 1;
    const size = 1 + varintLength(alias) + 1 + varintLength(ts) + 2 + 9;
    out[pos++] = 0x12; // metrics
    varint(size);
    out[pos++] = 0x10; // alias
    varint(alias);
    out[pos++] = 0x18; // timestamp
    varint(ts);
    out[pos++] = 0x20; // datatype Double
    out[pos++] = 10;
    out[pos++] = 0x69; // double_value
    view.setFloat64(pos, base + m, true);
    pos += 8;
  }
  out[pos++] = 0x18; // seq
  varint(seq);
  return out.subarray(0, pos);
}

function varintLength(value: number): number {
  let length = 1;
  while (value >= 0x80) {
    value = Math.floor(value / 0x80);
    length++;
  }
  return length;
}
