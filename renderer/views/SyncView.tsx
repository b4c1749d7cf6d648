import { useState } from 'react';
import type { ControlRoomApi } from '../../shared/contract.js';
import { ApiError } from '../../shared/errors.js';
import type { SyncStatus } from '../../shared/sync.js';
import { useApi } from '../api/apiContext.js';
import { DropBacklogDialog } from '../components/DropBacklogDialog.js';
import { FormMessage, type FormOutcome } from '../components/FormMessage.js';
import { OutboxFill } from '../components/OutboxFill.js';
import { SyncLinkPanel } from '../components/SyncLinkPanel.js';
import { SyncSettingsEditor } from '../components/SyncSettingsEditor.js';
import { SyncStreamTable } from '../components/SyncStreamTable.js';
import { useNow } from '../hooks/useNow.js';
import { usePolling } from '../hooks/usePolling.js';
import { useCommandsStore } from '../stores/commandsStore.js';
import { callerHas, syncActions, useSyncStore } from '../stores/syncStore.js';
import '../sync.css';

/** Pushes come on changes; this fills in rates that drift without one. */
const POLL_MS = 5_000;
const fetchStatus = (api: ControlRoomApi) => api.call('sync.status', {});
const applyStatus = (status: SyncStatus) => syncActions.setStatus(status);
const canOperate = callerHas('operator');
const canEngineer = callerHas('engineer');
const canAdmin = callerHas('admin');

/**
 * Cloud sync: the link and why, what waits per stream, how full the outbox is, the settings
 * (engineer), Connect now (operator) and Drop backlog (admin; journaled).
 */
export function SyncView() {
  usePolling(fetchStatus, applyStatus, POLL_MS);
  const api = useApi();
  const status = useSyncStore((state) => state.status);
  const operator = useCommandsStore(canOperate);
  const engineer = useCommandsStore(canEngineer);
  const admin = useCommandsStore(canAdmin);
  const now = useNow(1_000);
  const [dropping, setDropping] = useState(false);
  const [message, setMessage] = useState<FormOutcome | null>(null);

  const reconnect = async () => {
    try {
      await api.call('sync.reconnect', {});
      setMessage({ error: false, text: 'Connecting now…' });
    } catch (error) {
      setMessage({
        error: true,
        text: error instanceof ApiError ? `${error.code}: ${error.message}` : String(error),
      });
    }
  };

  return (
    <div className="view sync" data-testid="sync-view">
      <div className="view-toolbar">
        <h1>Sync</h1>
        {operator && (
          <button type="button" data-testid="sync-reconnect" onClick={() => void reconnect()}>
            Connect now
          </button>
        )}
        {admin && (
          <button
            type="button"
            data-testid="sync-drop"
            disabled={status === null}
            onClick={() => setDropping(true)}
          >
            Drop backlog…
          </button>
        )}
        <FormMessage message={message} testId="sync-message" />
      </div>
      <div className="sync-layout">
        <div className="sync-column">
          {status === null ? (
            <p role="status">Loading cloud sync status…</p>
          ) : (
            <>
              <SyncLinkPanel status={status} now={now} />
              <OutboxFill outbox={status.outbox} now={now} />
              <SyncStreamTable streams={status.streams} now={now} />
            </>
          )}
        </div>
        <SyncSettingsEditor canEdit={engineer} canSetPassword={admin} />
      </div>
      {dropping && status && (
        <DropBacklogDialog
          status={status}
          onClose={(outcome) => {
            setDropping(false);
            if (outcome) setMessage(outcome);
          }}
        />
      )}
    </div>
  );
}
