import type { TagMeta } from '../../shared/domain.js';
import {
  derivedTags,
  modelDeviceId,
  type DerivedTag,
  type ModelBinding,
} from '../../shared/modelBindings.js';
import type { DeviceRef, IngestSink } from '../connectivity/ingestEvents.js';

export interface DerivedTagOwners {
  get(id: string): { device: string } | undefined;
}

/** How long the outputs of an interval binding may stay silent before they are stale. */
const STALE_AFTER_INTERVALS = 3;
const MIN_STALE_AFTER_MS = 15_000;

/**
 * Model outputs enter the app as ingest does any device's tags: the derived device
 * `models/<id>` describes them (unit, range) and reports samples, so they are historised,
 * pushed live, trended and alarmed like measured tags — and turn stale like them when the
 * binding falls silent for three of its intervals (a binding driven by samples has no timeout:
 * it reports by exception, as a Sparkplug device does).
 */
export class DerivedOutputs {
  constructor(
    private readonly ingest: IngestSink,
    private readonly owners: DerivedTagOwners,
  ) {}

  /**
   * Output tags a binding may not write, as messages: tags of a measuring device, and tags
   * another binding in force writes. A tag left by a binding that is gone may be taken over.
   */
  clashes(binding: ModelBinding, writer: (tag: string) => string | undefined): string[] {
    return derivedTags(binding).flatMap((derived) => {
      const owner = this.owners.get(derived.tag)?.device;
      const other = writer(derived.tag);
      if (other !== undefined && other !== binding.id)
        return [`${derived.tag} is written by binding ${other}`];
      return owner !== undefined && !owner.startsWith('models/')
        ? [`${derived.tag} is a tag of ${owner}`]
        : [];
    });
  }

  define(binding: ModelBinding): void {
    const device = modelDeviceId(binding.id);
    const tags = derivedTags(binding).map((derived) => meta(derived, device, isFlag(binding, derived)));
    this.ingest.accept({ kind: 'tags', device: ref(binding), tags });
  }

  /** One value and quality per derived tag, in the order derivedTags gives them. */
  write(
    binding: ModelBinding,
    ts: number,
    values: readonly (number | null)[],
    qualities: readonly number[],
  ): void {
    const samples = derivedTags(binding).map((derived, i) => ({
      tag: derived.tag,
      ts,
      value: values[i] ?? null,
      quality: qualities[i]!,
    }));
    this.ingest.accept({ kind: 'samples', device: ref(binding), samples });
  }

  /** Every output bad with one quality: a failed model, missing inputs, a binding out of service. */
  writeBad(binding: ModelBinding, ts: number, quality: number): void {
    const outputs = derivedTags(binding);
    this.write(
      binding,
      ts,
      outputs.map(() => null),
      outputs.map(() => quality),
    );
  }

  offline(binding: ModelBinding, ts: number): void {
    this.ingest.accept({ kind: 'offline', device: ref(binding), ts });
  }
}

function ref(binding: ModelBinding): DeviceRef {
  const interval =
    binding.kind === 'onnx' && binding.trigger.kind === 'interval' ? binding.trigger.everyMs : null;
  return {
    id: modelDeviceId(binding.id),
    area: 'models',
    protocol: 'model',
    ...(interval === null
      ? {}
      : { staleAfterMs: Math.max(MIN_STALE_AFTER_MS, STALE_AFTER_INTERVALS * interval) }),
  };
}

const isFlag = (binding: ModelBinding, derived: DerivedTag) =>
  binding.kind === 'zscore' && binding.anomaly?.tag === derived.tag;

function meta(derived: DerivedTag, device: string, flag: boolean): TagMeta {
  return {
    id: derived.tag,
    device,
    name: derived.tag.slice(derived.tag.lastIndexOf('/') + 1),
    description: derived.description,
    unit: derived.unit,
    dataType: flag ? 'boolean' : 'number',
    engLow: flag ? 0 : derived.engLow,
    engHigh: flag ? 1 : derived.engHigh,
  };
}
