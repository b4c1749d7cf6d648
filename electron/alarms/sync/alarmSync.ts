import { REGISTER_NAMES, type AlarmSyncStateMessage, type StampedAction } from '../../../shared/alarmSync.js';
import type { AlarmAction } from '../../../shared/alarms.js';
import type { TopicRoute } from '../../connectivity/topicRoutes.js';
import type { Logger } from '../../platform/logger.js';
import type { AlarmActionSync, RemoteDelivery } from '../ports.js';
import {
  ackActivation,
  decideLive,
  emptyOverlay,
  holdsRegister,
  mergeAction,
  mergeOverlay,
  needsCatchUp,
  type AlarmView,
  type Overlay,
} from './conflictRules.js';
import { actionMessage, readSyncMessage, stateMessage } from './envelope.js';
import { HeldActions } from './heldActions.js';
import { HybridClock, stampKey } from './hlc.js';
import { RecentKeys } from './recentKeys.js';
import { SyncOutbox, type SyncTransport } from './syncOutbox.js';
import { SyncTopics } from './topics.js';

/**
 * Alarm sync: the stations of one site keep their operator overlays alike through the site
 * broker. Each station evaluates its alarms itself from the same MQTT data; only operator
 * actions (ack, shelve, unshelve, out of service, return to service, reset, note) travel.
 *
 * Protocol (v1, topics in topics.ts, messages in shared/alarmSync.ts, all JSON, ≤ 64 KiB):
 * - Each action is stamped with the station's hybrid logical clock (hlc.ts) and sent once,
 *   QoS 1, on `watchkeeper/alarms/v1/<site>/action/<station>`. Every other station journals
 *   it once (duplicates are known by their stamp) and applies it or not by the conflict rules.
 * - Each alarm's overlay — per register (ack, shelve, service, reset) the action that decides it
 *   site-wide — is retained, QoS 1, on `…/<site>/state/<alarm id, percent-encoded>`. A station
 *   that starts later or was cut off merges these and applies what its alarms do not show yet;
 *   one that holds something newer than a retained copy publishes its merged copy in turn.
 * - Conflict rules (conflictRules.ts): the latest action by (stamp, station) decides shelve,
 *   service and reset; an ack acknowledges only the activation (activeSinceMs) it was made for,
 *   and of two acks of one activation both are journaled everywhere while the alarm is
 *   acknowledged once. Losers are journaled, not applied, so every station ends alike.
 * - Bad, foreign or oversized messages are counted as input errors and dropped; a station's
 *   own echoes are ignored. Actions for an alarm this station does not know yet are held and
 *   delivered when it appears; actions made while the link is down wait in the outbox.
 */

export interface AlarmSyncOptions {
  site: string;
  station: string;
  transport: SyncTransport;
  /** The engine's state of an alarm now; undefined while this station does not know it. */
  alarm(id: string): AlarmView | undefined;
  errors: { record(cause: string, detail: string): void };
  log: Logger;
  now?: () => number;
  /** How often held actions and unchecked states are looked at again. */
  recheckMs?: number;
  /** How long an ack waits for this station to raise its activation before it is only journaled. */
  ackWaitMs?: number;
}

/** Most alarms whose overlay is kept; more (a flood of foreign ids) are counted and dropped. */
export const MAX_SYNCED_ALARMS = 50_000;
const RECENT_ACTIONS = 100_000;

type RemoteListener = (action: AlarmAction, delivery: RemoteDelivery) => void;

export class AlarmSync implements AlarmActionSync {
  readonly topics: SyncTopics;
  readonly route: TopicRoute;
  private readonly clock: HybridClock;
  private readonly now: () => number;
  private readonly overlays = new Map<string, Overlay>();
  private readonly received = new RecentKeys(RECENT_ACTIONS);
  private readonly delivered = new RecentKeys(RECENT_ACTIONS);
  private readonly held: HeldActions;
  /** Alarms whose retained overlay is not checked against the engine yet, since when. */
  private readonly awaiting = new Map<string, number>();
  private readonly outbox: SyncOutbox;
  private readonly listeners = new Set<RemoteListener>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly options: AlarmSyncOptions) {
    this.now = options.now ?? Date.now;
    this.topics = new SyncTopics(options.site);
    this.clock = new HybridClock(options.station, this.now, (stamp, ahead) =>
      options.errors.record(
        'alarmSync.clock_ahead',
        `station ${stamp.station} stamps ${Math.round(ahead / 60_000)} min ahead of this clock: not followed`,
      ),
    );
    this.held = new HeldActions((dropped) =>
      options.errors.record('alarmSync.held_dropped', `gave up ${describe(dropped.stamped.action)}`),
    );
    this.outbox = new SyncOutbox({
      transport: options.transport,
      stateOf: (alarm) => this.stateOf(alarm),
      onDropped: (detail) => options.errors.record('alarmSync.outbox_full', detail),
      log: options.log,
    });
    this.route = {
      filter: this.topics.filter,
      qos: 1,
      onMessage: (topic, payload, retained) => this.receive(topic, payload, retained),
      onSession: () => this.outbox.sessionStarted(),
    };
  }

  get station(): string {
    return this.options.station;
  }

  /** Messages waiting for the link. */
  get waiting(): number {
    return this.outbox.waiting;
  }

  start(): void {
    this.timer = setInterval(() => this.recheck(), this.options.recheckMs ?? 500);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.outbox.stop();
  }

  publish(action: AlarmAction): void {
    const { station } = this.options;
    if (action.by.station !== station) {
      this.options.log.once(
        'foreign-station',
        'error',
        `an action of station "${action.by.station}" published as ours`,
      );
      action = { ...action, by: { ...action.by, station } };
    }
    const stamped = { stamp: this.clock.now(), action };
    this.received.add(stampKey(stamped.stamp));
    this.delivered.add(stampKey(stamped.stamp));
    this.outbox.action(this.topics.action(station), actionMessage(this.options.site, stamped.stamp, action));
    const overlay = this.overlayOf(action.alarm);
    if (overlay && mergeAction(overlay, stamped)) this.outbox.state(action.alarm);
  }

  onRemote(listener: RemoteListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private receive(topic: string, payload: Buffer, retained: boolean): void {
    const where = this.topics.parse(topic);
    if (!where) {
      this.options.errors.record('alarmSync.bad_topic', topic.slice(0, 200));
      return;
    }
    const read = readSyncMessage(where, payload, this.options.site);
    if (!read.ok) {
      this.options.errors.record(read.cause, `${topic.slice(0, 200)}: ${read.detail}`);
      return;
    }
    const message = read.message;
    if (!message) return;
    if (message.kind === 'action') {
      if (message.station === this.options.station) return;
      this.clock.observe(message.stamp);
      this.onAction({ stamp: message.stamp, action: message.action });
      return;
    }
    // Our own retained copy (from before a restart) may hold other stations' actions: merge it.
    if (message.station === this.options.station && !retained) return;
    for (const name of REGISTER_NAMES) {
      const stamp = message[name]?.stamp;
      if (stamp) this.clock.observe(stamp);
    }
    this.onState(message);
  }

  private onAction(stamped: StampedAction): void {
    if (!this.received.add(stampKey(stamped.stamp))) return;
    const overlay = this.overlayOf(stamped.action.alarm);
    if (overlay) mergeAction(overlay, stamped);
    this.place(stamped, this.now());
  }

  /** Delivers a live action by the rules, or holds it until this station can place it. */
  private place(stamped: StampedAction, heldSince: number): void {
    if (this.delivered.has(stampKey(stamped.stamp))) return;
    const { action } = stamped;
    const alarm = this.options.alarm(action.alarm);
    const overlay = this.overlays.get(action.alarm);
    let decision = decideLive(action, overlay ? holdsRegister(overlay, stamped) : true, alarm);
    const ackWaitMs = this.options.ackWaitMs ?? 600_000;
    if (decision === 'hold' && alarm && this.now() - heldSince > ackWaitMs) decision = 'journal';
    if (decision === 'hold') this.held.hold(stamped, heldSince);
    else this.deliver(stamped, decision);
  }

  private onState(message: AlarmSyncStateMessage): void {
    const overlay = this.overlayOf(message.alarm);
    if (!overlay) return;
    const { taken, oursNewer } = mergeOverlay(overlay, message);
    if (oursNewer) this.outbox.state(message.alarm);
    if (taken.length > 0) this.catchUp(message.alarm, taken, this.now());
  }

  /**
   * Applies the actions holding registers that this station's alarm does not show yet. An
   * unknown alarm, or an ack of an activation not raised here yet, is looked at again later.
   */
  private catchUp(id: string, candidates: StampedAction[], since: number): void {
    const alarm = this.options.alarm(id);
    if (!alarm) {
      if (!this.awaiting.has(id)) this.awaiting.set(id, since);
      return;
    }
    let waitForActivation = false;
    for (const stamped of candidates) {
      if (this.delivered.has(stampKey(stamped.stamp))) continue;
      const { action } = stamped;
      if (action.type === 'acknowledge' && ackActivation(action, alarm.activeSinceMs) > 0)
        waitForActivation = true;
      else if (needsCatchUp(stamped, alarm, this.now())) this.deliver(stamped, 'apply');
    }
    if (waitForActivation && this.now() - since <= (this.options.ackWaitMs ?? 600_000))
      this.awaiting.set(id, since);
  }

  private recheck(): void {
    for (const id of this.held.alarms()) {
      if (!this.options.alarm(id)) continue;
      for (const { stamped, sinceMs } of this.held.take(id)) this.place(stamped, sinceMs);
    }
    for (const [id, since] of [...this.awaiting]) {
      const overlay = this.overlays.get(id);
      if (!overlay || !this.options.alarm(id)) continue;
      this.awaiting.delete(id);
      this.catchUp(
        id,
        REGISTER_NAMES.flatMap((name) => overlay[name] ?? []),
        since,
      );
    }
  }

  private deliver(stamped: StampedAction, delivery: RemoteDelivery): void {
    this.delivered.add(stampKey(stamped.stamp));
    for (const listener of this.listeners) {
      try {
        listener(stamped.action, delivery);
      } catch (error) {
        this.options.log.error(`applying ${describe(stamped.action)} failed: ${(error as Error).message}`);
      }
    }
  }

  private overlayOf(alarm: string): Overlay | undefined {
    let overlay = this.overlays.get(alarm);
    if (!overlay && this.overlays.size < MAX_SYNCED_ALARMS) {
      overlay = emptyOverlay();
      this.overlays.set(alarm, overlay);
    }
    if (!overlay)
      this.options.errors.record(
        'alarmSync.too_many_alarms',
        `more than ${MAX_SYNCED_ALARMS}; not kept: ${alarm}`,
      );
    return overlay;
  }

  private stateOf(alarm: string): { topic: string; payload: Buffer } | null {
    const overlay = this.overlays.get(alarm);
    if (!overlay) return null;
    const { site, station } = this.options;
    return { topic: this.topics.state(alarm), payload: stateMessage(site, station, alarm, overlay) };
  }
}

function describe(action: AlarmAction): string {
  return `${action.type} of ${action.alarm} by ${action.by.user} on ${action.by.station}`;
}
