import { formatClock } from '../format/time.js';
import { useHealthStore } from '../stores/healthStore.js';

/** Says plainly when the values on screen are not live because this window lost its server. */
export function LinkBanner() {
  const link = useHealthStore((state) => state.link);
  const lastUpdate = useHealthStore((state) => state.lastUpdate);
  if (link === 'connected') return null;
  if (link === 'connecting') {
    return (
      <div className="link-banner calm" data-testid="link-banner">
        Connecting to the app server…
      </div>
    );
  }
  return (
    <div className="link-banner fault" data-testid="link-banner" role="alert">
      <strong>NO LINK</strong> Connection to the app server lost, reconnecting. Values shown are the last
      received
      {lastUpdate === null ? '.' : `, at ${formatClock(lastUpdate)}.`}
    </div>
  );
}
