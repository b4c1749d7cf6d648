import { formatClock, formatDateTime } from '../format/time.js';
import { useNow } from '../hooks/useNow.js';
import { historianStatus, isUpdateOverdue, linkStatus, type StatusItem } from '../stores/healthSelectors.js';
import { useHealthStore } from '../stores/healthStore.js';
import { IngestErrors } from './IngestErrors.js';
import { LinkChips } from './LinkChips.js';
import { SyncChip } from './SyncChip.js';

/** `lastKnown`: the server's report is not current because this window lost its link. */
function Item({
  item,
  testId,
  lastKnown = false,
}: {
  item: StatusItem;
  testId: string;
  lastKnown?: boolean;
}) {
  const className = ['status-item', item.abnormal && 'abnormal', lastKnown && 'last-known']
    .filter(Boolean)
    .join(' ');
  return (
    <span
      className={className}
      data-testid={testId}
      data-abnormal={item.abnormal}
      title={lastKnown ? `${item.title}\n(last known: no link to the server)` : item.title}
    >
      {item.text}
    </span>
  );
}

/** Always on screen: link, broker links, cloud sync, historian, ingest, rejected inputs, demo mode, last update. */
export function StatusBar() {
  const health = useHealthStore((state) => state.health);
  const link = useHealthStore((state) => state.link);
  const linkKind = useHealthStore((state) => state.linkKind);
  const lastUpdate = useHealthStore((state) => state.lastUpdate);
  const loadError = useHealthStore((state) => state.loadError);
  const now = useNow(1000);
  const overdue = link === 'connected' && isUpdateOverdue(lastUpdate, now);
  const ingest = health?.ingest;
  const lastKnown = link !== 'connected' && health !== null;

  return (
    <footer className="status-bar" aria-label="System status">
      <Item testId="status-link" item={linkStatus(link, linkKind)} />
      <LinkChips health={health} lastKnown={lastKnown} />
      <SyncChip lastKnown={lastKnown} />
      <Item testId="status-historian" item={historianStatus(health)} lastKnown={lastKnown} />
      <span
        className={lastKnown ? 'status-item last-known' : 'status-item'}
        data-testid="status-ingest"
        title={
          ingest
            ? `${ingest.messages.toLocaleString()} messages, ${ingest.samples.toLocaleString()} samples`
            : ''
        }
      >
        Ingest{' '}
        {ingest
          ? `${ingest.messages.toLocaleString()} msg · ${ingest.samples.toLocaleString()} samples`
          : '—'}
      </span>
      <IngestErrors health={health} />
      {health?.demo && (
        <span className="status-item demo" data-testid="status-demo" title="Demo plant: simulated data">
          DEMO
        </span>
      )}
      {loadError && (
        <Item testId="status-load-error" item={{ text: 'Load failed', abnormal: true, title: loadError }} />
      )}
      <span className="status-spacer" />
      <span
        className={overdue ? 'status-item abnormal' : 'status-item'}
        data-testid="status-updated"
        title={
          lastUpdate === null
            ? 'Nothing received yet'
            : `Last update from the server ${formatDateTime(lastUpdate)}`
        }
      >
        {lastUpdate === null
          ? 'No update yet'
          : `Updated ${formatClock(lastUpdate)}${overdue ? ' (overdue)' : ''}`}
      </span>
      {health && <span className="status-item dim">v{health.version}</span>}
    </footer>
  );
}
