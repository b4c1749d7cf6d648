import type { AlarmDefinition } from '../../shared/alarmDefinitions.js';
import type { AlarmAction } from '../../shared/alarms.js';
import type { TagCurrentValue, TagMeta } from '../../shared/domain.js';
import { Quality } from '../../shared/quality.js';
import { AlarmEngine } from '../../electron/alarms/alarmEngine.js';
import type { AlarmsPush } from '../../electron/alarms/alarmPush.js';
import type { AlarmActionSync, RemoteDelivery } from '../../electron/alarms/ports.js';
import { createMemoryLogger } from '../../electron/platform/logger.js';
import { fakeAlarmClock, type FakeAlarmClock } from './fakeAlarmClock.js';
import { MemoryAlarmStore } from './memoryAlarmStore.js';

export interface HarnessOptions {
  station?: string;
  store?: MemoryAlarmStore;
  clock?: FakeAlarmClock;
  sync?: AlarmActionSync;
}

/**
 * One alarm engine on tags held in memory, a fake clock and an in-memory store: tags are added
 * and configured, samples fed, and the engine's state, journal and pushes read back.
 */
export function alarmHarness(options: HarnessOptions = {}) {
  const clock = options.clock ?? fakeAlarmClock();
  const store = options.store ?? new MemoryAlarmStore();
  const metas = new Map<string, TagMeta>();
  const configs = new Map<string, AlarmDefinition[]>();
  const values = new Map<string, { value: TagCurrentValue; quality: number; ts: number }>();
  const areas = new Map<string, string>();
  const log = createMemoryLogger();
  const pushes: AlarmsPush[] = [];
  const engine = new AlarmEngine({
    store,
    station: options.station ?? 'station-a',
    log,
    clock: clock.clock,
    scheduler: clock.scheduler,
    sync: options.sync,
    writeIntervalMs: 1,
    pushIntervalMs: 1,
    tags: {
      list: () => metas.values(),
      meta: (id) => metas.get(id),
      configuredAlarms: (id) => configs.get(id),
      area: (id) => areas.get(id) ?? id.split('/')[0] ?? '',
      currentValue: (id) => {
        const current = values.get(id);
        return current ? { id, ...current } : null;
      },
    },
  });
  engine.subscribe((push) => pushes.push(push));
  const harness = {
    engine,
    clock,
    store,
    log,
    pushes,
    /** A number tag (by default 0–100) with configured alarms, or its device's limits. */
    addTag(id: string, alarms?: AlarmDefinition[], meta: Partial<TagMeta> = {}): void {
      metas.set(id, {
        id,
        device: id.split('/').slice(0, -1).join('/'),
        name: id.split('/').at(-1)!,
        description: '',
        unit: 'bar',
        dataType: 'number',
        engLow: 0,
        engHigh: 100,
        ...meta,
      });
      if (alarms) configs.set(id, alarms);
      engine.tagsChanged([id]);
    },
    configure(id: string, alarms: AlarmDefinition[] | undefined): void {
      if (alarms) configs.set(id, alarms);
      else configs.delete(id);
      engine.tagsChanged([id]);
    },
    /** The tag's device now sits in another area (an engineer configured it). */
    moveToArea(id: string, area: string): void {
      areas.set(id, area);
      engine.tagsChanged([id]);
    },
    describe(id: string, meta: Partial<TagMeta>): void {
      metas.set(id, { ...metas.get(id)!, ...meta });
      engine.tagsChanged([id]);
    },
    /** A sample now (the fake wall clock), as ingest would record it. */
    sample(id: string, value: TagCurrentValue, quality: number = Quality.Good): void {
      values.set(id, { value, quality, ts: clock.wall });
      engine.observe(id, value, quality, clock.wall);
    },
    stale(id: string): void {
      const last = values.get(id);
      harness.sample(id, last?.value ?? null, Quality.UncertainNoCommunicationLastUsableValue);
    },
    alarm(id: string) {
      const alarm = engine.get(id);
      if (!alarm) throw new Error(`no alarm ${id}`);
      return alarm;
    },
    /** `trigger from→to` of one alarm's journal, once written. */
    async lines(id: string): Promise<string[]> {
      await engine.flushed();
      return store.lines(id);
    },
    start: () => engine.start(),
    stop: () => engine.stop(),
  };
  return harness;
}

export type AlarmHarness = ReturnType<typeof alarmHarness>;

/**
 * Stations joined by an in-memory bus, as alarm sync over the site broker joins them. Every
 * action is delivered to apply unless `decide` says otherwise (the sync's conflict rules are
 * its own, tested in test/unit/electron/alarms/sync/).
 */
export function memorySyncBus(decide: (action: AlarmAction) => RemoteDelivery = () => 'apply') {
  type Listener = (action: AlarmAction, delivery: RemoteDelivery) => void;
  const members: Array<{ station: string; listeners: Set<Listener> }> = [];
  const held: Array<() => void> = [];
  let holding = false;
  return {
    /** While holding, actions queue (two stations acting "at the same moment"); release delivers them. */
    hold(): void {
      holding = true;
    },
    release(): void {
      holding = false;
      for (const deliver of held.splice(0)) deliver();
    },
    join(station: string): AlarmActionSync {
      const member = { station, listeners: new Set<Listener>() };
      members.push(member);
      return {
        publish(action) {
          for (const other of members) {
            if (other === member) continue;
            const deliver = () =>
              other.listeners.forEach((listener) => listener(structuredClone(action), decide(action)));
            if (holding) held.push(deliver);
            else deliver();
          }
        },
        onRemote(listener) {
          member.listeners.add(listener);
          return () => member.listeners.delete(listener);
        },
      };
    },
  };
}
