import type { SparkplugMetric, SparkplugType } from './types.js';

export interface MetricDef {
  device: string | null;
  name: string;
  type: SparkplugType;
  /** bdSeq and Node Control/*: known, never tags. */
  hidden?: true;
  /** The birth said a host may write it (see births.ts, isWritable). */
  writable?: true;
}

const nameKey = (device: string | null, name: string) => `${device ?? ''}\u0000${name}`;

/**
 * What one edge node's births said, for reading its DATA (Sparkplug 3.0, "Aliases"): aliases are
 * unique across the node and its devices, so one map serves all; names are per device. A device's
 * new DBIRTH replaces what it said before; an NBIRTH starts a new MetricDefs altogether.
 */
export class MetricDefs {
  private readonly aliases = new Map<number, MetricDef>();
  private readonly names = new Map<string, MetricDef>();

  /** Forgets a device's metrics before its new birth describes them again. */
  forgetDevice(device: string | null): void {
    for (const [alias, def] of this.aliases)
      if (def.device === device && !def.hidden) this.aliases.delete(alias);
    for (const [key, def] of this.names) if (def.device === device && !def.hidden) this.names.delete(key);
  }

  /**
   * Adds a metric from a birth, its template members (as `metric/member`) included. Returns the
   * metric its alias already named, when that was another: the edge node broke alias uniqueness.
   */
  define(def: MetricDef, alias: number | undefined, metric?: SparkplugMetric): MetricDef | null {
    this.names.set(nameKey(def.device, def.name), def);
    if (metric) this.defineMembers(def.device, def.name, metric);
    if (alias === undefined) return null;
    const taken = this.aliases.get(alias);
    this.aliases.set(alias, def);
    return taken && (taken.device !== def.device || taken.name !== def.name) ? taken : null;
  }

  /** The birth of a DATA metric, by alias or name; an alias of another device's metric is unknown here. */
  resolve(device: string | null, metric: SparkplugMetric): MetricDef | null {
    const def =
      metric.alias !== undefined
        ? this.aliases.get(metric.alias)
        : metric.name !== undefined
          ? this.names.get(nameKey(device, metric.name))
          : undefined;
    return def && def.device === device ? def : null;
  }

  /** A template member by its full `metric/member` name. */
  member(device: string | null, name: string): MetricDef | null {
    return this.names.get(nameKey(device, name)) ?? null;
  }

  private defineMembers(device: string | null, name: string, metric: SparkplugMetric): void {
    if (metric.type !== 'Template' || !metric.template || metric.template.isDefinition) return;
    for (const member of metric.template.metrics) {
      if (!member.name) continue;
      const memberName = `${name}/${member.name}`;
      this.names.set(nameKey(device, memberName), { device, name: memberName, type: member.type });
      this.defineMembers(device, memberName, member);
    }
  }
}
