import type { AlarmSync } from '../../electron/alarms/sync/alarmSync.js';
import type { AlarmView } from '../../electron/alarms/sync/conflictRules.js';
import type { RemoteDelivery } from '../../electron/alarms/ports.js';
import type { AlarmAction } from '../../shared/alarms.js';

/**
 * What an engine does with the actions alarm sync delivers, reduced to the flags the conflict
 * rules look at, and the journal it keeps: enough for the sync's own tests to see that stations
 * end alike and journal what they should. The real engine is tested with sync in
 * test/integration/alarms/twoStations.test.ts.
 */
export class FakeEngine {
  readonly alarms = new Map<string, AlarmView>();
  readonly journal: { action: AlarmAction; delivery: RemoteDelivery | 'local' }[] = [];

  constructor(sync: AlarmSync) {
    sync.onRemote((action, delivery) => {
      this.journal.push({ action, delivery });
      if (delivery === 'apply') this.apply(action);
    });
  }

  raise(id: string, activeSinceMs: number): void {
    const alarm = this.alarms.get(id);
    this.alarms.set(id, {
      shelved: null,
      outOfService: null,
      ...alarm,
      activeSinceMs,
      acknowledged: false,
      state: 'unacked',
    });
  }

  /** A local action: applied, journaled, then handed to sync as the engine will. */
  local(sync: AlarmSync, action: AlarmAction): void {
    this.journal.push({ action, delivery: 'local' });
    this.apply(action);
    sync.publish(action);
  }

  private apply(action: AlarmAction): void {
    const alarm = this.alarms.get(action.alarm);
    if (!alarm) throw new Error(`no alarm ${action.alarm}`);
    switch (action.type) {
      case 'acknowledge':
        if (action.activeSinceMs === alarm.activeSinceMs) alarm.acknowledged = true;
        break;
      case 'shelve':
        alarm.shelved = { ...action.by, mode: action.mode, untilMs: action.untilMs };
        break;
      case 'unshelve':
        alarm.shelved = null;
        break;
      case 'outOfService':
        alarm.outOfService = action.by;
        break;
      case 'returnToService':
        alarm.outOfService = null;
        break;
      case 'reset':
        if (alarm.state === 'latched') alarm.state = 'normal';
        break;
      case 'note':
        break;
    }
  }
}
