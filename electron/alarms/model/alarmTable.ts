import type { AlarmDefinition } from '../../../shared/alarmDefinitions.js';
import type { Alarm } from '../../../shared/alarms.js';
import type { EnumState, TagCurrentValue, TagMeta, TagValue } from '../../../shared/domain.js';
import { AlarmRecord, isListed, recordFromStored } from './alarmRecord.js';
import type { AlarmClock, AlarmScheduler } from './clock.js';
import { compileTagAlarms, type CompiledAlarm } from './compileAlarms.js';
import { currentIndex, referencesOf, settleConditions } from './conditionSetup.js';
import { suppressionHolds } from './conditions.js';
import { feedConditions, type Sample } from './feedConditions.js';
import { ShelveTimer } from './shelveTimer.js';
import * as t from './transitions.js';

/** One tag the engine watches: its own alarms and the alarms of other tags that read it. */
interface TagGroup extends Sample {
  readonly tag: string;
  alarms: AlarmRecord[];
  /** Alarms of other tags that read this one (a setpoint, a suppression condition). */
  dependents: AlarmRecord[];
  /** Restored alarms not defined (yet): dropped once the tag's definitions are known. */
  orphans: boolean;
}

export interface AlarmTableDeps {
  clock: AlarmClock;
  scheduler: AlarmScheduler;
  journal: t.Journal;
  /** Every alarm whose state changed (for the store and the live push). */
  onChange(alarm: AlarmRecord): void;
  onRemove(alarm: AlarmRecord): void;
  /**
   * The tag registry's current value if it arrived in this run, to judge a new definition
   * without waiting for a change; null otherwise.
   */
  currentValue(tag: string): TagValue | null;
  /** An enum tag's states, for suppression conditions that name a state by label. */
  statesOf(tag: string): readonly EnumState[] | undefined;
  onProblem(problem: string): void;
}

/**
 * Every alarm of the site and its evaluation: samples in, transitions out (transitions.ts).
 * `observe` is the hot path — one Map lookup for a tag without alarms, a few comparisons for
 * one with — so the engine keeps up with ingest; timers (delays, re-alarm, shelve expiry) run
 * on the injected scheduler and monotonic clock.
 *
 * Limit, deviation, rate and discrete alarms are not evaluated on bad or stale values: they
 * freeze (pending delays are dropped, the condition in force is kept), the tag's bad-quality
 * alarm is raised instead, and so a stale value never returns an alarm to normal.
 */
export class AlarmTable {
  private readonly groups = new Map<string, TagGroup>();
  private readonly records = new Map<string, AlarmRecord>();
  private readonly shelves: ShelveTimer;

  constructor(private readonly deps: AlarmTableDeps) {
    this.shelves = new ShelveTimer(deps.clock, deps.scheduler, (alarm) => {
      t.unshelve(alarm, null, this.now(alarm), deps.journal);
      this.changed(alarm);
    });
  }

  get(id: string): AlarmRecord | undefined {
    return this.records.get(id);
  }

  all(): IterableIterator<AlarmRecord> {
    return this.records.values();
  }

  get size(): number {
    return this.records.size;
  }

  /** Stops every timer (the engine is stopping). */
  stop(): void {
    this.shelves.stop();
    for (const alarm of this.records.values()) this.detachTimers(alarm);
  }

  /**
   * States stored at the last run, as they were: not annunciated anew, no 'activated' lines.
   * Each waits for its definition (configured ones come at once, device-described ones with the
   * device's next birth) and is judged against the current value once one arrives. A timed
   * shelve that ran out while the app was down ends now ('shelveExpired').
   */
  restore(states: readonly Alarm[]): void {
    const at = this.deps.clock.wallMs();
    for (const stored of states) {
      if (this.records.has(stored.id)) continue;
      const alarm = recordFromStored(stored);
      this.records.set(alarm.id, alarm);
      const group = this.groupFor(alarm.tag);
      group.alarms.push(alarm);
      group.orphans = true;
      if (isListed(alarm)) t.restored(alarm, this.occasion(alarm, at), this.deps.journal);
      if (alarm.shelved) this.shelves.track(alarm);
    }
    this.shelves.sweep();
  }

  /**
   * A tag's definitions, new or changed (a birth, a configuration, a discovery): alarms are
   * created, judged by a changed definition while keeping their state, or removed.
   */
  define(meta: TagMeta, configured: readonly AlarmDefinition[] | undefined, area: string): void {
    const compiled = compileTagAlarms(meta, configured);
    for (const problem of compiled.problems) this.deps.onProblem(problem);
    const group = this.groupFor(meta.id);
    const wanted = new Set(compiled.alarms.map((alarm) => alarm.id));
    // The device has described the tag in this run (or an engineer configured it): alarms it
    // no longer has are gone, restored ones included.
    const settledDefinitions = configured !== undefined || meta.limits !== undefined;
    for (const alarm of [...group.alarms]) {
      if (wanted.has(alarm.id)) continue;
      if (alarm.definition || settledDefinitions) this.remove(alarm, 'its definition was removed');
    }
    for (const definition of compiled.alarms) this.attach(definition, meta, area, group);
    this.seed(group);
    this.dropIfIdle(group);
  }

  /** The tag is gone from the configuration and from the site: its alarms go with it. */
  forget(tag: string): void {
    const group = this.groups.get(tag);
    if (!group) return;
    for (const alarm of [...group.alarms]) this.remove(alarm, 'its tag was removed');
    this.dropIfIdle(group);
  }

  /** A sample of a tag, as ingest recorded it (stale markings included). */
  observe(tag: string, value: TagCurrentValue, quality: number, ts: number): void {
    const group = this.groups.get(tag);
    if (group === undefined) return;
    group.value = value;
    group.quality = quality;
    group.ts = ts;
    group.known = true;
    if (group.orphans) this.dropOrphans(group);
    const alarms = group.alarms;
    for (let i = 0; i < alarms.length; i++) this.evaluate(alarms[i]!, group, group);
    if (group.dependents.length > 0) this.evaluateDependents(group);
  }

  /** After a transition made outside evaluation (an operator action): timers and listeners follow. */
  changed(alarm: AlarmRecord): void {
    this.syncReAlarm(alarm);
    if (alarm.shelved) this.shelves.track(alarm);
    else this.shelves.untrack(alarm);
    this.deps.onChange(alarm);
  }

  /** The tag's latest value at the wall clock's now: what an operator action happened on. */
  now(alarm: AlarmRecord): t.Occasion {
    return this.occasion(alarm, this.deps.clock.wallMs());
  }

  private occasion(alarm: AlarmRecord, ts: number): t.Occasion {
    const group = this.groups.get(alarm.tag);
    return group?.known
      ? { ts, value: group.value, quality: group.quality }
      : { ts, value: alarm.value, quality: alarm.quality };
  }

  private groupFor(tag: string): TagGroup {
    let group = this.groups.get(tag);
    if (!group) {
      group = {
        tag,
        alarms: [],
        dependents: [],
        known: false,
        orphans: false,
        ts: 0,
        value: null,
        quality: 0,
      };
      this.groups.set(tag, group);
    }
    return group;
  }

  /** A value the registry holds from this run stands for an observation of a new group. */
  private seed(group: TagGroup): void {
    if (group.known) return;
    const current = this.deps.currentValue(group.tag);
    if (!current) return;
    Object.assign(group, { value: current.value, quality: current.quality, ts: current.ts, known: true });
    for (const alarm of group.alarms) this.evaluate(alarm, group, group);
    this.evaluateDependents(group);
  }

  private dropIfIdle(group: TagGroup): void {
    if (group.alarms.length === 0 && group.dependents.length === 0) this.groups.delete(group.tag);
  }

  private dropOrphans(group: TagGroup): void {
    group.orphans = false;
    for (const alarm of [...group.alarms])
      if (!alarm.definition) this.remove(alarm, 'its tag reports values but no longer has this alarm');
  }

  private attach(definition: CompiledAlarm, meta: TagMeta, area: string, group: TagGroup): void {
    const existing = this.records.get(definition.id);
    const previous = existing?.definition ?? null;
    if (existing && previous?.signature === definition.signature) {
      existing.definition = definition;
      if (existing.area !== area) {
        existing.area = area;
        existing.revision++;
        this.deps.onChange(existing);
      }
      return;
    }
    const alarm = existing ?? new AlarmRecord(definition.id, definition.tag, definition.family);
    if (!existing) {
      this.records.set(alarm.id, alarm);
      group.alarms.push(alarm);
    }
    if (previous) this.unlink(alarm, previous);
    this.detachTimers(alarm);
    alarm.definition = definition;
    alarm.area = area;
    alarm.unit = meta.unit;
    settleConditions(alarm, definition, this.deps.scheduler, (at) => this.elapsed(alarm, at));
    t.present(alarm, currentIndex(alarm, definition));
    for (const tag of referencesOf(definition)) {
      const referenced = this.groupFor(tag);
      referenced.dependents.push(alarm);
      this.seed(referenced);
    }
    if (previous)
      t.definitionChanged(alarm, this.now(alarm), this.deps.journal, 'judged by its new definition');
    if (previous || !existing) this.deps.onChange(alarm);
    this.reconcile(alarm);
    this.judgeSuppression(alarm);
    if (group.known) this.evaluate(alarm, group, group);
    this.changedTimers(alarm);
  }

  /** Re-alarm and shelve timers after a change, without announcing the alarm again. */
  private changedTimers(alarm: AlarmRecord): void {
    this.syncReAlarm(alarm);
    if (alarm.shelved) this.shelves.track(alarm);
  }

  private unlink(alarm: AlarmRecord, definition: CompiledAlarm): void {
    for (const tag of referencesOf(definition)) {
      const group = this.groups.get(tag);
      if (!group) continue;
      group.dependents = group.dependents.filter((dependent) => dependent !== alarm);
      this.dropIfIdle(group);
    }
  }

  private remove(alarm: AlarmRecord, why: string): void {
    this.detachTimers(alarm);
    this.shelves.untrack(alarm);
    if (alarm.definition) this.unlink(alarm, alarm.definition);
    t.definitionRemoved(alarm, this.now(alarm), this.deps.journal, why);
    this.records.delete(alarm.id);
    const group = this.groups.get(alarm.tag);
    if (group) group.alarms = group.alarms.filter((other) => other !== alarm);
    this.deps.onRemove(alarm);
  }

  private detachTimers(alarm: AlarmRecord): void {
    for (const condition of alarm.conditions) condition.cancel();
    if (alarm.reAlarmTimer !== null) this.deps.scheduler.cancel(alarm.reAlarmTimer);
    alarm.reAlarmTimer = null;
  }

  /** Judges one alarm on its tag's latest value (`at`: when, and what to journal). */
  private evaluate(alarm: AlarmRecord, group: TagGroup, at: t.Occasion): void {
    const definition = alarm.definition;
    if (definition === null) return;
    const setpoint = definition.family === 'deviation' ? this.groups.get(definition.setpointTag) : undefined;
    const fed = feedConditions(alarm, definition, group, setpoint, at.ts);
    if (fed === false) {
      if (alarm.frozen) this.thaw(alarm, at);
    } else if (fed === true) {
      this.thaw(alarm, at);
      this.reconcile(alarm, at);
    } else this.freeze(alarm, at, fed.unusable);
  }

  private evaluateDependents(group: TagGroup): void {
    for (const alarm of group.dependents) {
      const definition = alarm.definition;
      if (!definition) continue;
      if (definition.suppressWhen?.tag === group.tag) this.judgeSuppression(alarm);
      if (definition.family === 'deviation' && definition.setpointTag === group.tag) {
        const own = this.groups.get(alarm.tag);
        if (own?.known) this.evaluate(alarm, own, { ts: group.ts, value: own.value, quality: own.quality });
      }
    }
  }

  private freeze(alarm: AlarmRecord, at: t.Occasion, why: string): void {
    for (const condition of alarm.conditions) condition.hold();
    alarm.rate?.clear();
    if (alarm.frozen) return;
    t.setFrozen(alarm, true, at, this.deps.journal, why);
    this.deps.onChange(alarm);
  }

  private thaw(alarm: AlarmRecord, at: t.Occasion): void {
    if (!alarm.frozen) return;
    t.setFrozen(alarm, false, at, this.deps.journal, 'the value is usable again');
    this.deps.onChange(alarm);
  }

  /** A delay ran out: the condition in force changed at `at` (sample time + delay). */
  private elapsed(alarm: AlarmRecord, at: number): void {
    const group = this.groups.get(alarm.tag);
    this.reconcile(
      alarm,
      group?.known ? { ts: at, value: group.value, quality: group.quality } : this.occasion(alarm, at),
    );
  }

  /** Makes the alarm show the most severe condition in force (none: cleared). */
  private reconcile(alarm: AlarmRecord, at: t.Occasion = this.now(alarm)): void {
    const revision = alarm.revision;
    const index = alarm.conditions.findIndex((condition) => condition.inForce);
    t.setCondition(alarm, index, at, this.deps.journal);
    if (alarm.revision === revision) return;
    this.changed(alarm);
  }

  private judgeSuppression(alarm: AlarmRecord): void {
    const suppression = alarm.definition?.suppressWhen ?? null;
    let holds = false;
    if (suppression) {
      const group = this.groups.get(suppression.tag);
      if (!group?.known) return; // nothing known of it in this run yet: a restored flag stands
      holds = suppressionHolds(suppression, group.value, group.quality, this.deps.statesOf(suppression.tag));
    }
    if (holds === alarm.suppressed) return;
    t.setSuppressed(alarm, holds, this.now(alarm), this.deps.journal);
    this.changed(alarm);
  }

  /** Acknowledged and still active: annunciated again after the current condition's re-alarm time. */
  private syncReAlarm(alarm: AlarmRecord): void {
    const definition = alarm.definition;
    const index =
      definition?.family === 'level' ? definition.limits.findIndex((l) => l.kind === alarm.level) : 0;
    const reAlarmMs = definition?.options[Math.max(index, 0)]?.reAlarmMs ?? null;
    const due = alarm.active && alarm.acknowledged && reAlarmMs !== null;
    if (due && alarm.reAlarmTimer === null) {
      alarm.reAlarmTimer = this.deps.scheduler.schedule(() => {
        alarm.reAlarmTimer = null;
        t.reAlarm(alarm, this.now(alarm), this.deps.journal);
        this.changed(alarm);
      }, reAlarmMs!);
    } else if (!due && alarm.reAlarmTimer !== null) {
      this.deps.scheduler.cancel(alarm.reAlarmTimer);
      alarm.reAlarmTimer = null;
    }
  }
}
