import type { PublishOptions, PublishOutcome } from '../../../../../electron/connectivity/brokerLink.js';
import type { TopicRoute } from '../../../../../electron/connectivity/topicRoutes.js';
import { filterMatches } from '../../../../../shared/topicFilters.js';

/**
 * An in-memory broker for the alarm-sync unit tests: retained messages, per-subscriber queues
 * that the test releases in any order it likes (the orders a real broker does not show on
 * demand), and links that go down. The real broker is in test/integration/alarms/.
 */
export class SyncBus {
  private readonly retained = new Map<string, Buffer>();
  /** Every message published through a station's transport, in order. */
  readonly published: { station: string; topic: string; payload: Buffer; retain: boolean }[] = [];
  private readonly subscribers = new Map<string, { route: TopicRoute; up: boolean; queue: Message[] }>();

  transport(station: string) {
    return {
      publish: (topic: string, payload: Buffer, options: PublishOptions): Promise<PublishOutcome> => {
        if (!this.subscribers.get(station)?.up)
          return Promise.resolve({ ok: false, code: 'LINK_DOWN', message: 'down' });
        this.published.push({ station, topic, payload, retain: options.retain });
        if (options.retain) {
          if (payload.length === 0) this.retained.delete(topic);
          else this.retained.set(topic, payload);
        }
        for (const subscriber of this.subscribers.values())
          if (subscriber.up && filterMatches(subscriber.route.filter, topic))
            subscriber.queue.push({ topic, payload, retained: false });
        return Promise.resolve({ ok: true });
      },
    };
  }

  /** A station's link comes up: it gets the retained messages, then its session starts. */
  connect(station: string, route: TopicRoute): void {
    const subscriber = { route, up: true, queue: [] as Message[] };
    this.subscribers.set(station, subscriber);
    for (const [topic, payload] of this.retained)
      if (filterMatches(route.filter, topic)) subscriber.queue.push({ topic, payload, retained: true });
    route.onSession?.();
  }

  disconnect(station: string): void {
    const subscriber = this.subscribers.get(station);
    if (subscriber) {
      subscriber.up = false;
      subscriber.queue.length = 0;
    }
  }

  /** Puts a message on the broker as a foreign client would. */
  inject(topic: string, payload: Buffer | string, retain = false): void {
    const bytes = Buffer.from(payload);
    if (retain) this.retained.set(topic, bytes);
    for (const subscriber of this.subscribers.values())
      if (subscriber.up && filterMatches(subscriber.route.filter, topic))
        subscriber.queue.push({ topic, payload: bytes, retained: false });
  }

  pending(station: string): number {
    return this.subscribers.get(station)?.queue.length ?? 0;
  }

  /** Delivers what waits for one station, newest first if asked (the worst order for the rules). */
  deliver(station: string, order: 'fifo' | 'lifo' = 'fifo'): void {
    const subscriber = this.subscribers.get(station);
    if (!subscriber) return;
    const queue = subscriber.queue.splice(0);
    if (order === 'lifo') queue.reverse();
    for (const { topic, payload, retained } of queue) subscriber.route.onMessage(topic, payload, retained);
  }

  retainedTopics(): string[] {
    return [...this.retained.keys()];
  }
}

interface Message {
  topic: string;
  payload: Buffer;
  retained: boolean;
}
