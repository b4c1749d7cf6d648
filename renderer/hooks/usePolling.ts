import { useEffect } from 'react';
import type { ControlRoomApi } from '../../shared/contract.js';
import { useApi } from '../api/apiContext.js';

/**
 * Asks for something now and every `everyMs` while the screen that needs it is open, for
 * figures that move all the time (rates, statistics) and so are asked for rather than pushed to
 * every window. A failed call is left to the next one: the link banner says when the server is
 * away. `fetch` and `apply` must be stable (module-level functions).
 */
export function usePolling<T>(
  fetch: (api: ControlRoomApi) => Promise<T>,
  apply: (result: T) => void,
  everyMs: number,
): void {
  const api = useApi();
  useEffect(() => {
    let current = true;
    const load = () =>
      fetch(api).then(
        (result) => current && apply(result),
        () => {},
      );
    void load();
    const timer = setInterval(() => void load(), everyMs);
    return () => {
      current = false;
      clearInterval(timer);
    };
  }, [api, fetch, apply, everyMs]);
}
