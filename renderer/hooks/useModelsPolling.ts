import { useEffect } from 'react';
import { useApi } from '../api/apiContext.js';
import { modelsActions } from '../stores/modelsStore.js';

/** How often the Models screen asks for the statistics, which move with every run. */
const POLL_MS = 2_000;

/** Keeps bindings' states and statistics fresh while the Models screen is open. */
export function useModelsPolling(): void {
  const api = useApi();
  useEffect(() => {
    let current = true;
    const load = () =>
      api.call('models.list', {}).then(
        (list) => current && modelsActions.loadList(list),
        () => {}, // the link banner says when the server is away; the next poll tries again
      );
    void load();
    const timer = setInterval(() => void load(), POLL_MS);
    return () => {
      current = false;
      clearInterval(timer);
    };
  }, [api]);
}
