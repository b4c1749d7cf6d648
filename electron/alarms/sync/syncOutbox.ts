import { MAX_ALARM_SYNC_PAYLOAD } from '../../../shared/alarmSync.js';
import type { PublishOptions, PublishOutcome } from '../../connectivity/brokerLink.js';
import type { Logger } from '../../platform/logger.js';

/** Action messages kept while the link is down; past it the oldest is given up (counted). */
export const MAX_OUTBOX = 10_000;

/** The site broker the stations share, as alarm sync needs it (SiteConnections.publish on one broker). */
export interface SyncTransport {
  publish(topic: string, payload: Buffer, options: PublishOptions): Promise<PublishOutcome>;
}

export interface SyncOutboxOptions {
  transport: SyncTransport;
  /** An alarm's state message as it is now: sent is always the newest, however often it changed. */
  stateOf(alarm: string): { topic: string; payload: Buffer } | null;
  onDropped(detail: string): void;
  log: Logger;
}

/**
 * What alarm sync sends, and what waits for the link. Broker links refuse rather than queue
 * while down (a late command is worse than none), but an operator action must reach the other
 * stations whenever it can: action messages wait here, in memory and bounded, and an alarm
 * whose state changed is marked and its newest state sent, once the link's next session starts.
 * Sends go out together, not one after the other: acknowledging 5,000 alarms is 10,000 messages.
 */
export class SyncOutbox {
  private actions: { topic: string; payload: Buffer }[] = [];
  private readonly dirty = new Set<string>();
  private linkUp = false;
  /** Counts sessions: a send that failed in an older one does not mark the new one down. */
  private session = 0;
  private scheduled = false;
  private stopped = false;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly options: SyncOutboxOptions) {}

  /** Messages waiting for the link (for health and tests). */
  get waiting(): number {
    return this.actions.length + this.dirty.size;
  }

  action(topic: string, payload: Buffer): void {
    this.actions.push({ topic, payload });
    if (this.actions.length > MAX_OUTBOX) {
      const dropped = this.actions.shift()!;
      this.options.onDropped(
        `more than ${MAX_OUTBOX} actions waiting for the link; gave up ${dropped.topic}`,
      );
    }
    this.schedule();
  }

  state(alarm: string): void {
    this.dirty.add(alarm);
    this.schedule();
  }

  /** The link (re)connected and subscribed: send what waited. */
  sessionStarted(): void {
    this.linkUp = true;
    this.session++;
    this.schedule();
  }

  /** Waits for sends in flight (each ends by itself when the link stops); sends nothing new. */
  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.allSettled([...this.inFlight]);
  }

  private schedule(): void {
    if (this.scheduled || !this.linkUp || this.stopped) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    if (!this.linkUp || this.stopped) return;
    const actions = this.actions;
    this.actions = [];
    for (const { topic, payload } of actions)
      this.send(topic, payload, { qos: 1, retain: false }, () => this.actions.push({ topic, payload }));
    const alarms = [...this.dirty];
    this.dirty.clear();
    for (const alarm of alarms) {
      const state = this.options.stateOf(alarm);
      if (state) this.send(state.topic, state.payload, { qos: 1, retain: true }, () => this.dirty.add(alarm));
    }
  }

  private send(topic: string, payload: Buffer, options: PublishOptions, requeue: () => void): void {
    if (payload.length > MAX_ALARM_SYNC_PAYLOAD) {
      // The schemas' limits keep every valid message far below this: a bug, not input.
      this.options.log.error(`alarm sync: not sent, ${payload.length} bytes on ${topic.slice(0, 200)}`);
      return;
    }
    const session = this.session;
    const sent = this.options.transport.publish(topic, payload, options).then((outcome) => {
      if (outcome.ok) return;
      if (outcome.code === 'BAD_TOPIC') {
        this.options.log.error(`alarm sync: ${outcome.message}`);
        return;
      }
      // Down, unknown (the links are being replaced) or failed in flight: again at the next session.
      if (session === this.session) this.linkUp = false;
      requeue();
      this.schedule();
      this.options.log.once(
        `sync-send:${outcome.code}`,
        'warn',
        `alarm sync waits for the link: ${outcome.message}`,
      );
    });
    this.inFlight.add(sent);
    void sent.finally(() => this.inFlight.delete(sent));
  }
}
