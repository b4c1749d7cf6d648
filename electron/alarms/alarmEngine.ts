import { PRIORITY_RANK, type AlarmDefinition } from '../../shared/alarmDefinitions.js';
import {
  DEFAULT_ALARM_SETTINGS,
  isAnnunciated,
  type Alarm,
  type AlarmAction,
  type AlarmActionResult,
  type AlarmSettings,
  type ShelveMode,
} from '../../shared/alarms.js';
import type { EnumState, TagCurrentValue, TagMeta, TagValue } from '../../shared/domain.js';
import { ApiError } from '../../shared/errors.js';
import { errorMessage, type Logger } from '../platform/logger.js';
import * as steps from './alarmActions.js';
import { AlarmPush, type AlarmsPush } from './alarmPush.js';
import { AlarmWriter } from './alarmWriter.js';
import { conditionState, isListed, toAlarm, type AlarmRecord } from './model/alarmRecord.js';
import { AlarmTable } from './model/alarmTable.js';
import type { AlarmClock, AlarmScheduler } from './model/clock.js';
import type { Journal } from './model/transitions.js';
import type { AlarmActionSync, AlarmStore, RemoteDelivery } from './ports.js';
import { systemClock, systemScheduler } from './systemClock.js';

/** What the engine reads of the site's tags (the tag registry, settings and devices). */
export interface AlarmTagSource {
  /** Every known tag as it reads now (device description with configuration laid over). */
  list(): Iterable<TagMeta>;
  meta(id: string): TagMeta | undefined;
  /** The tag's configured alarms; undefined when none are configured (its device's limits apply). */
  configuredAlarms(id: string): readonly AlarmDefinition[] | undefined;
  area(id: string): string;
  currentValue(id: string): TagValue | null;
}

export interface AlarmEngineDeps {
  store: AlarmStore;
  tags: AlarmTagSource;
  /** Other stations; absent: this one is alone. */
  sync?: AlarmActionSync;
  /** This station's name, in journal lines and shared actions. */
  station: string;
  log: Logger;
  clock?: AlarmClock;
  scheduler?: AlarmScheduler;
  /** Gathering time of durable writes and of live pushes. */
  writeIntervalMs?: number;
  pushIntervalMs?: number;
}

type Listener = (push: AlarmsPush) => void;

/**
 * The alarm engine (ISA-18.2; shared/reference/alarms.md): definitions from the tags'
 * configuration and their devices, evaluation of every sample ingest records, operator actions
 * validated and journaled with who, when, why, value, quality and station, actions shared with
 * the site's other stations, state and journal written durably in batches (AlarmStore), and
 * changes pushed to clients as coalesced `onAlarms` batches.
 *
 * On start the states of the last run are restored as they were — acknowledged stays
 * acknowledged, a shelve keeps its end — and judged against the values as they arrive.
 */
export class AlarmEngine {
  private readonly table: AlarmTable;
  private readonly writer: AlarmWriter;
  private readonly push: AlarmPush;
  private readonly journal: Journal;
  private readonly listed = new Set<AlarmRecord>();
  private readonly listeners = new Set<Listener>();
  private readonly clock: AlarmClock;
  private settings: AlarmSettings = DEFAULT_ALARM_SETTINGS;
  private started = false;
  private judging = true;
  /** Each tag's value time when the engine started: a value still that old is not this run's. */
  private readonly startTs = new Map<string, number>();
  private unsubscribeRemote: (() => void) | null = null;

  constructor(private readonly deps: AlarmEngineDeps) {
    this.clock = deps.clock ?? systemClock;
    this.writer = new AlarmWriter({
      store: deps.store,
      snapshot: (id) => {
        const alarm = this.table.get(id);
        return alarm ? toAlarm(alarm) : null;
      },
      log: deps.log,
      intervalMs: deps.writeIntervalMs,
    });
    this.push = new AlarmPush({
      listed: (id) => {
        const alarm = this.table.get(id);
        return alarm && isListed(alarm) ? toAlarm(alarm) : null;
      },
      counts: () => this.counts(),
      send: (push) => {
        for (const listener of this.listeners) listener(push);
      },
      intervalMs: deps.pushIntervalMs,
    });
    this.journal = { station: deps.station, write: (line) => this.writer.journal(line) };
    this.table = new AlarmTable({
      clock: this.clock,
      scheduler: deps.scheduler ?? systemScheduler,
      journal: this.journal,
      onChange: (alarm) => this.changed(alarm),
      onRemove: (alarm) => this.removed(alarm),
      currentValue: (tag) => this.valueOfThisRun(tag),
      statesOf: (tag): readonly EnumState[] | undefined => deps.tags.meta(tag)?.states,
      onProblem: (problem) => deps.log.once(`alarm-definition:${problem}`, 'warn', problem),
    });
  }

  async start(): Promise<void> {
    this.settings = (await this.deps.store.alarmSettings()) ?? DEFAULT_ALARM_SETTINGS;
    this.table.restore(await this.deps.store.loadAlarmStates());
    for (const alarm of this.table.all()) if (isListed(alarm)) this.listed.add(alarm);
    this.started = true;
    const metas = [...this.deps.tags.list()];
    for (const meta of metas) this.startTs.set(meta.id, this.deps.tags.currentValue(meta.id)?.ts ?? 0);
    for (const meta of metas) this.define(meta);
    this.unsubscribeRemote =
      this.deps.sync?.onRemote((action, delivery) => this.applyRemote(action, delivery)) ?? null;
  }

  async stop(): Promise<void> {
    this.started = false;
    this.unsubscribeRemote?.();
    this.table.stop();
    this.push.stop();
    await this.writer.stop();
  }

  /** Every sample as ingest records it. Cheap for a tag without alarms: one Map lookup. */
  observe(tag: string, value: TagCurrentValue, quality: number, ts: number): void {
    if (this.judging) this.table.observe(tag, value, quality, ts);
  }

  /**
   * Stops judging samples, first thing when the station shuts down: what its links report from
   * then on (their own disconnection turning every tag stale, the demo plant's death) is this
   * station stopping, not the plant losing communication, and must not freeze or raise alarms
   * that the next start would restore.
   */
  pauseJudging(): void {
    this.judging = false;
  }

  resumeJudging(): void {
    this.judging = true;
  }

  /** Tags described anew or configured: their alarms follow. */
  tagsChanged(ids: Iterable<string>): void {
    if (!this.started) return;
    for (const id of ids) {
      const meta = this.deps.tags.meta(id);
      if (meta) this.define(meta);
    }
  }

  /** Coalesced `onAlarms` batches (at most ten a second); answers the unsubscribe. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  list(): { alarms: Alarm[]; counts: AlarmsPush['counts'] } {
    const alarms = [...this.listed].map(toAlarm);
    alarms.sort(
      (a, b) =>
        PRIORITY_RANK[b.priority] - PRIORITY_RANK[a.priority] ||
        (b.activeSinceMs ?? 0) - (a.activeSinceMs ?? 0),
    );
    return { alarms, counts: this.counts() };
  }

  /** One alarm, listed or not (normal); undefined when no such alarm exists. */
  get(id: string): Alarm | undefined {
    const alarm = this.table.get(id);
    return alarm ? toAlarm(alarm) : undefined;
  }

  alarmSettings(): AlarmSettings {
    return this.settings;
  }

  /** `baseVersion`: the version the edit started from; a newer one stored refuses it (CONFLICT). */
  async setAlarmSettings(
    settings: AlarmSettings,
    user: string,
    baseVersion?: number,
  ): Promise<AlarmSettings> {
    await this.deps.store.setAlarmSettings(settings, user, this.clock.wallMs(), baseVersion);
    this.settings = settings;
    return settings;
  }

  acknowledge(ids: readonly string[], comment: string, user: string): Promise<AlarmActionResult> {
    return this.act(ids, user, comment, steps.acknowledgeStep(this.context, comment));
  }

  shelve(
    ids: readonly string[],
    mode: ShelveMode,
    durationMs: number | undefined,
    reason: string,
    user: string,
  ): Promise<AlarmActionResult> {
    return this.act(ids, user, reason, steps.shelveStep(this.context, mode, durationMs));
  }

  unshelve(ids: readonly string[], comment: string, user: string): Promise<AlarmActionResult> {
    return this.act(ids, user, comment, steps.unshelveStep(this.context));
  }

  setOutOfService(ids: readonly string[], reason: string, user: string): Promise<AlarmActionResult> {
    return this.act(ids, user, reason, steps.outOfServiceStep(this.context));
  }

  returnToService(ids: readonly string[], comment: string, user: string): Promise<AlarmActionResult> {
    return this.act(ids, user, comment, steps.returnToServiceStep(this.context));
  }

  reset(ids: readonly string[], comment: string, user: string): Promise<AlarmActionResult> {
    return this.act(ids, user, comment, steps.resetStep(this.context));
  }

  addNote(id: string, comment: string, user: string): Promise<AlarmActionResult> {
    return this.act([id], user, comment, steps.noteStep(this.context));
  }

  /** Resolves once every change so far is on disk (tests, and a clean stop). */
  flushed(): Promise<void> {
    return this.writer.flushed();
  }

  private get context(): steps.ActionContext {
    return {
      table: this.table,
      journal: this.journal,
      settings: () => this.settings,
      monoMs: () => this.clock.monoMs(),
    };
  }

  /**
   * Each alarm named is answered on its own: done (with its new state) or refused with the
   * reason. The answer waits until the change is on disk; the actions then go to the other
   * stations. A failed write still leaves the change in force and queued for retry: the caller
   * learns it as UNAVAILABLE.
   */
  private async act(
    ids: readonly string[],
    user: string,
    comment: string,
    step: steps.ActionStep,
  ): Promise<AlarmActionResult> {
    const results: AlarmActionResult['results'] = [];
    const actions: AlarmAction[] = [];
    for (const id of new Set(ids)) {
      const alarm = this.table.get(id);
      if (!alarm) {
        results.push({
          id,
          ok: false,
          code: 'NOT_FOUND',
          message: `no alarm ${id}: it may have been removed`,
        });
        continue;
      }
      const refusal = step.check(alarm);
      if (refusal) {
        results.push({ id, ok: false, ...refusal });
        continue;
      }
      const actor = { user, station: this.deps.station, atMs: this.clock.wallMs(), comment };
      actions.push(step.apply(alarm, actor));
      this.table.changed(alarm);
      results.push({ id, ok: true, alarm: toAlarm(alarm) });
    }
    if (actions.length === 0) return { results };
    try {
      await this.writer.flushed();
    } catch (error) {
      throw new ApiError(
        'UNAVAILABLE',
        `the alarm journal could not be written (${errorMessage(error)}); the action is in force and kept to be written`,
      );
    } finally {
      for (const action of actions) this.deps.sync?.publish(action);
    }
    return { results };
  }

  private applyRemote(action: AlarmAction, delivery: RemoteDelivery): void {
    const alarm = this.table.get(action.alarm);
    if (!alarm) {
      this.deps.log.once(
        `alarm-remote-unknown:${action.alarm}`,
        'info',
        `an action from ${action.by.station} names ${action.alarm}, which this station does not have`,
      );
      return;
    }
    steps.applyRemote(this.context, alarm, action, delivery);
    this.table.changed(alarm);
  }

  /**
   * The registry's value of a tag if it arrived in this run. One from before the restart (the
   * last sample in history, maybe the stale marker written at the last stop) is not judged:
   * restored alarms wait for live values.
   */
  private valueOfThisRun(tag: string): TagValue | null {
    const current = this.deps.tags.currentValue(tag);
    return current && current.ts !== (this.startTs.get(tag) ?? 0) ? current : null;
  }

  private define(meta: TagMeta): void {
    this.table.define(meta, this.deps.tags.configuredAlarms(meta.id), this.deps.tags.area(meta.id));
  }

  private changed(alarm: AlarmRecord): void {
    if (isListed(alarm)) this.listed.add(alarm);
    else this.listed.delete(alarm);
    this.writer.markDirty(alarm.id);
    this.push.markDirty(alarm.id);
  }

  private removed(alarm: AlarmRecord): void {
    this.listed.delete(alarm);
    this.writer.markDirty(alarm.id);
    this.push.markDirty(alarm.id);
  }

  private counts(): AlarmsPush['counts'] {
    const counts = {
      low: { unacked: 0, total: 0 },
      medium: { unacked: 0, total: 0 },
      high: { unacked: 0, total: 0 },
      critical: { unacked: 0, total: 0 },
    };
    for (const alarm of this.listed) {
      if (!isAnnunciated({ ...alarm, state: conditionState(alarm) })) continue;
      counts[alarm.priority].total++;
      if (!alarm.acknowledged) counts[alarm.priority].unacked++;
    }
    return counts;
  }
}
