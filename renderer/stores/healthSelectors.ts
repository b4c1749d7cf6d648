import type { Health, LinkHealth } from '../../shared/domain.js';
import type { LinkStatus } from '../api/connection.js';
import { formatDateTime } from '../format/time.js';

/** What the status bar shows for one subsystem: text, whether it is abnormal, and detail. */
export interface StatusItem {
  text: string;
  abnormal: boolean;
  title: string;
}

export function linkStatus(link: LinkStatus, kind: 'ipc' | 'websocket'): StatusItem {
  const where = kind === 'ipc' ? 'app (in-process)' : 'app server (WebSocket)';
  if (link === 'connected') {
    const text = kind === 'ipc' ? 'App connected' : 'Server connected';
    return { text, abnormal: false, title: `Link to the ${where}: connected` };
  }
  const text = link === 'connecting' ? 'Server connecting…' : 'Server reconnecting…';
  return {
    text,
    abnormal: true,
    title: `Link to the ${where}: ${link}. Values shown are the last received.`,
  };
}

export function brokerStatus(health: Health | null): StatusItem {
  if (!health) return { text: 'Broker —', abnormal: false, title: 'No health report yet' };
  const { url, state, embedded, lastError, failures } = health.broker;
  const detail = [`${embedded ? 'Embedded broker' : 'Site broker'} ${url}: ${state}`];
  if (lastError) detail.push(`Last error: ${lastError}`);
  if (failures > 0) detail.push(`Connection failures since start: ${failures}`);
  return { text: `Broker ${state}`, abnormal: state !== 'connected', title: detail.join('\n') };
}

/** One broker link as the status bar shows it: a chip per link, its detail on hover or focus. */
export interface LinkItem extends StatusItem {
  id: string;
  /** Detail lines: where, state since when, last error, failures, traffic, next attempt. */
  detail: string[];
}

const STATE_TEXT: Record<LinkHealth['state'], string> = {
  connected: 'connected',
  connecting: 'connecting…',
  disconnected: 'disconnected',
  error: 'error',
};

/**
 * A chip per broker link. Servers from before several brokers report only `broker`; it becomes
 * the one chip then.
 */
export function linkItems(health: Health | null): LinkItem[] {
  if (!health)
    return [{ id: '', text: 'Broker —', abnormal: false, title: 'No health report yet', detail: [] }];
  if (!health.links || health.links.length === 0) {
    const item = brokerStatus(health);
    return [{ ...item, id: '', detail: item.title.split('\n') }];
  }
  return health.links.map(linkItem);
}

function linkItem(link: LinkHealth): LinkItem {
  const kind = link.embedded ? 'Embedded broker' : `Broker "${link.id}"`;
  const protocol = `MQTT ${link.mqttVersion === 5 ? '5' : '3.1.1'}${link.tls ? ' over TLS' : ''}`;
  const detail = [
    `${kind} ${link.url} (${protocol})`,
    `${capitalise(STATE_TEXT[link.state])} since ${formatDateTime(link.since)}`,
  ];
  if (link.lastError) detail.push(`Last error: ${link.lastError}`);
  if (link.nextAttemptAt !== null) detail.push(`Next attempt at ${formatDateTime(link.nextAttemptAt)}`);
  if (link.failures > 0) detail.push(`Connection failures since start: ${link.failures}`);
  detail.push(`${link.messages.toLocaleString()} messages received`);
  if (link.hostId) detail.push(`Sparkplug host id ${link.hostId} (STATE kept on this broker)`);
  return {
    id: link.id,
    text: `${link.name} ${STATE_TEXT[link.state]}`,
    abnormal: link.state !== 'connected',
    title: detail.join('\n'),
    detail,
  };
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

export function historianStatus(health: Health | null): StatusItem {
  if (!health) return { text: 'Historian —', abnormal: false, title: 'No health report yet' };
  const { state, backlog, samplesWritten, lastError, storage } = health.historian;
  const detail = [`Historian ${state}`, `${samplesWritten.toLocaleString()} samples written`];
  if (storage) {
    const cap = storage.maxBytes === null ? 'no size cap' : `cap ${megabytes(storage.maxBytes)}`;
    detail.push(`${megabytes(storage.usedBytes)} used, ${cap}`);
    if (storage.oldestRawTs !== null)
      detail.push(`Raw samples kept since ${new Date(storage.oldestRawTs).toLocaleString()}`);
  }
  if (storage?.warning) detail.push(storage.warning);
  if (lastError) detail.push(`Last error: ${lastError}`);
  return {
    text: `Historian ${state} · backlog ${backlog.toLocaleString()}${storage?.warning ? ' · nearly full' : ''}`,
    abnormal: state !== 'ok' || Boolean(storage?.warning),
    title: detail.join('\n'),
  };
}

const megabytes = (bytes: number) =>
  `${(bytes / 2 ** 20).toLocaleString(undefined, { maximumFractionDigits: 1 })} MB`;

/** Rejected-input causes, largest first, for the breakdown popover. */
export function ingestErrorCauses(health: Health | null): Array<[cause: string, count: number]> {
  if (!health) return [];
  return Object.entries(health.ingest.errors)
    .filter(([, count]) => count > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

/** The server reports health every few seconds; silence past this means something is stuck. */
export const UPDATE_OVERDUE_MS = 15_000;

export function isUpdateOverdue(lastUpdate: number | null, now: number): boolean {
  return lastUpdate !== null && now - lastUpdate > UPDATE_OVERDUE_MS;
}
