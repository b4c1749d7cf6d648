import { useEffect } from 'react';
import { VIEWS, subViewFromHash, uiActions, viewFromHash } from '../stores/uiStore.js';

/**
 * Keeps the shown view in the URL hash (`#/trends`, `#/alarms/journal`), so that links, reloads
 * and tests land on a view, and binds Alt+1…Alt+9 to the views in navigation order.
 */
export function useHashView(): void {
  useEffect(() => {
    const sync = () =>
      uiActions.showView(viewFromHash(window.location.hash), subViewFromHash(window.location.hash));
    const onKeyDown = (event: KeyboardEvent) => {
      if (!event.altKey || event.ctrlKey || event.metaKey) return;
      const view = VIEWS[Number(event.key) - 1];
      if (!/^[1-9]$/.test(event.key) || !view) return;
      event.preventDefault();
      window.location.hash = `#/${view.id}`;
    };
    sync();
    window.addEventListener('hashchange', sync);
    window.addEventListener('keydown', onKeyDown);
    return () => {
      window.removeEventListener('hashchange', sync);
      window.removeEventListener('keydown', onKeyDown);
    };
  }, []);
}
