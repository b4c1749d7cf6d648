import type { Health } from '../../shared/domain.js';
import type { LinkStatus } from '../connectivity/siteClient.js';
import type { HistorianStats } from '../historian/historian.js';

export interface HealthSources {
  version: string;
  startedAt: number;
  demo: boolean;
  embeddedBroker: boolean;
  link(): LinkStatus;
  historian(): HistorianStats;
  ingest(): Health['ingest'];
}

/** Health as one value: ok when data flows and is stored; degraded when either is in doubt. */
export function composeHealth(sources: HealthSources): Health {
  const link = sources.link();
  const historian = sources.historian();
  const status =
    historian.state === 'error' || historian.state === 'stopped'
      ? 'error'
      : link.state !== 'connected'
        ? 'degraded'
        : 'ok';
  return {
    status,
    version: sources.version,
    uptimeMs: Date.now() - sources.startedAt,
    demo: sources.demo,
    broker: { ...link, embedded: sources.embeddedBroker },
    historian,
    ingest: sources.ingest(),
  };
}
