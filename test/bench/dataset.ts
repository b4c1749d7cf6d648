import { createPlant } from '../../electron/simulator/plantModel.js';

/** A batch of generated samples in columns; `tags[i]` names tag key i + 1. */
export interface DatasetBatch {
  count: number;
  tagKeys: Int32Array;
  ts: Float64Array;
  values: Float64Array;
  qualities: Uint32Array;
}

export interface Dataset {
  /** Tag ids; key k (1-based) is `tags[k - 1]`. */
  tags: string[];
  samples: number;
  from: number;
  to: number;
  batches(): Generator<DatasetBatch>;
}

/**
 * The demo plant's signals generated faster than real time: `devices × tagsPerDevice` tags at
 * one sample per second over `seconds`, in time order, in batches of about `batchRows`. Faults
 * and network drops happen as they do live (offline devices produce no samples; a failed sensor
 * produces bad-quality samples). Deterministic for a seed.
 */
export function demoDataset(options: {
  devices: number;
  tagsPerDevice: number;
  seconds: number;
  start?: number;
  seed?: number;
  batchRows?: number;
}): Dataset {
  const start = options.start ?? Date.UTC(2026, 0, 1);
  const probe = createPlant({
    devices: options.devices,
    tagsPerDevice: options.tagsPerDevice,
    seed: options.seed ?? 11,
    startMs: start,
  });
  const tags = probe.devices.flatMap((device) =>
    device.tags.map((tag) => `${device.area}/${device.id}/${tag.name}`),
  );
  const batchRows = options.batchRows ?? 65_536;
  return {
    tags,
    samples: tags.length * options.seconds,
    from: start,
    to: start + (options.seconds - 1) * 1000,
    *batches() {
      const plant = createPlant({
        devices: options.devices,
        tagsPerDevice: options.tagsPerDevice,
        seed: options.seed ?? 11,
        startMs: start,
      });
      let batch = allocate(batchRows + tags.length);
      for (let s = 0; s < options.seconds; s++) {
        const ts = start + s * 1000;
        let key = 0;
        for (const device of plant.step(ts)) {
          for (const tag of device.values) {
            key++;
            if (!device.online) continue;
            const i = batch.count++;
            batch.tagKeys[i] = key;
            batch.ts[i] = ts;
            batch.values[i] = tag.bad ? NaN : Number(tag.value);
            batch.qualities[i] = tag.bad ? 0x80000000 : 0;
          }
        }
        if (batch.count >= batchRows) {
          yield batch;
          batch = allocate(batchRows + tags.length);
        }
      }
      if (batch.count > 0) yield batch;
    },
  };
}

function allocate(capacity: number): DatasetBatch {
  return {
    count: 0,
    tagKeys: new Int32Array(capacity),
    ts: new Float64Array(capacity),
    values: new Float64Array(capacity),
    qualities: new Uint32Array(capacity),
  };
}
