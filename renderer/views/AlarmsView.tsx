import { lazy, Suspense, useEffect } from 'react';
import { NO_CURSOR } from '../alarms/listNavigation.js';
import { AlarmListPanel } from '../components/AlarmListPanel.js';
import { alarmsActions, useAlarmsStore } from '../stores/alarmsStore.js';
import { useUiStore } from '../stores/uiStore.js';

const JournalPanel = lazy(() =>
  import('../components/JournalPanel.js').then((m) => ({ default: m.JournalPanel })),
);

type Tab = 'active' | 'hidden' | 'journal';

const TABS: ReadonlyArray<{ id: Tab; label: string; hash: string }> = [
  { id: 'active', label: 'Active', hash: '#/alarms' },
  { id: 'hidden', label: 'Shelved · suppressed · out of service', hash: '#/alarms/hidden' },
  { id: 'journal', label: 'Journal', hash: '#/alarms/journal' },
];

function tabOf(sub: string): Tab {
  return sub === 'hidden' || sub === 'journal' ? sub : 'active';
}

function TabCount({ tab }: { tab: Tab }) {
  const count = useAlarmsStore((state) =>
    tab === 'active' ? state.summary.annunciated : tab === 'hidden' ? state.summary.hidden : null,
  );
  return count === null ? null : <span className="tab-count">{count.toLocaleString()}</span>;
}

/**
 * The Alarms screen (`#/alarms`): the active alarms, the shelved / suppressed / out-of-service
 * ones with their remaining time (`#/alarms/hidden`), and the journal (`#/alarms/journal`).
 */
export function AlarmsView() {
  const tab = tabOf(useUiStore((state) => state.sub));
  // Each list has its own rows: the focus and selection do not carry from one to the other.
  useEffect(() => alarmsActions.setCursor(NO_CURSOR), [tab]);
  return (
    <div className="view alarms-view" data-testid="alarms-view" data-tab={tab}>
      <div className="view-toolbar">
        <h1>Alarms</h1>
        <nav className="tabs" aria-label="Alarm lists">
          {TABS.map((entry) => (
            <a
              key={entry.id}
              href={entry.hash}
              className="tab"
              data-testid={`alarms-tab-${entry.id}`}
              aria-current={entry.id === tab ? 'page' : undefined}
            >
              {entry.label} <TabCount tab={entry.id} />
            </a>
          ))}
        </nav>
      </div>
      {tab === 'journal' ? (
        <Suspense fallback={<p role="status">Loading the journal…</p>}>
          <JournalPanel />
        </Suspense>
      ) : (
        <AlarmListPanel key={tab} variant={tab} />
      )}
    </div>
  );
}
