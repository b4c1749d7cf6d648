import { AppFrame } from './components/AppFrame.js';
import { LaterPanel } from './components/LaterPanel.js';
import { useHashView } from './hooks/useHashView.js';
import { useUiStore, VIEWS } from './stores/uiStore.js';
import { DevicesView } from './views/DevicesView.js';
import { MappingsView } from './views/MappingsView.js';
import { OverviewView } from './views/OverviewView.js';
import { TrendsView } from './views/TrendsView.js';

export function App() {
  useHashView();
  const view = useUiStore((state) => state.view);
  const label = VIEWS.find((entry) => entry.id === view)?.label ?? view;
  return (
    <AppFrame view={view}>
      {view === 'overview' ? (
        <OverviewView />
      ) : view === 'trends' ? (
        <TrendsView />
      ) : view === 'mappings' ? (
        <MappingsView />
      ) : view === 'devices' ? (
        <DevicesView />
      ) : (
        <LaterPanel label={label} />
      )}
    </AppFrame>
  );
}
