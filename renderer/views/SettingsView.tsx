import { AlarmSettingsEditor } from '../components/AlarmSettingsEditor.js';
import { callerHas } from '../stores/syncStore.js';
import { useCommandsStore } from '../stores/commandsStore.js';
import '../settings.css';

const canOperate = callerHas('operator');
const canEngineer = callerHas('engineer');
const callerKnown = (state: { caller: unknown }) => state.caller !== null;

/**
 * The site's settings: today the alarm handling rules (mandatory acknowledgement comments and
 * shelve limits per priority, journal retention), edited by an engineer or admin (the contract's
 * role for alarms.setSettings) and read by everyone else, with who changed what below.
 */
export function SettingsView() {
  const known = useCommandsStore(callerKnown);
  const operator = useCommandsStore(canOperate);
  const engineer = useCommandsStore(canEngineer);
  return (
    <div className="view settings" data-testid="settings-view">
      <div className="view-toolbar">
        <h1>Settings</h1>
      </div>
      {known ? (
        <AlarmSettingsEditor canEdit={engineer} canSeeHistory={operator} />
      ) : (
        <p role="status">Loading who you are…</p>
      )}
    </div>
  );
}
