import { lazy, Suspense } from 'react';
import { AppFrame } from './components/AppFrame.js';
import { LaterPanel } from './components/LaterPanel.js';
import { useHashView } from './hooks/useHashView.js';
import { useUiStore, VIEWS } from './stores/uiStore.js';
import { OverviewView } from './views/OverviewView.js';
import { TrendsView } from './views/TrendsView.js';

// The engineers' screens load on first use, so the operator's screens start without them.
const DevicesView = lazy(() => import('./views/DevicesView.js').then((m) => ({ default: m.DevicesView })));
const ModelsView = lazy(() => import('./views/ModelsView.js').then((m) => ({ default: m.ModelsView })));
const MappingsView = lazy(() => import('./views/MappingsView.js').then((m) => ({ default: m.MappingsView })));
// The alarm list and report load on first use too; the banner, on every screen, is in the main bundle.
const AlarmsView = lazy(() => import('./views/AlarmsView.js').then((m) => ({ default: m.AlarmsView })));
const SyncView = lazy(() => import('./views/SyncView.js').then((m) => ({ default: m.SyncView })));
const SettingsView = lazy(() => import('./views/SettingsView.js').then((m) => ({ default: m.SettingsView })));
const ReportsView = lazy(() => import('./views/ReportsView.js').then((m) => ({ default: m.ReportsView })));

export function App() {
  useHashView();
  const view = useUiStore((state) => state.view);
  const label = VIEWS.find((entry) => entry.id === view)?.label ?? view;
  return (
    <AppFrame view={view}>
      <Suspense fallback={<p role="status">Loading {label}…</p>}>
        {view === 'overview' ? (
          <OverviewView />
        ) : view === 'trends' ? (
          <TrendsView />
        ) : view === 'mappings' ? (
          <MappingsView />
        ) : view === 'devices' ? (
          <DevicesView />
        ) : view === 'models' ? (
          <ModelsView />
        ) : view === 'alarms' ? (
          <AlarmsView />
        ) : view === 'reports' ? (
          <ReportsView />
        ) : view === 'sync' ? (
          <SyncView />
        ) : view === 'settings' ? (
          <SettingsView />
        ) : (
          <LaterPanel label={label} />
        )}
      </Suspense>
    </AppFrame>
  );
}
