import type { ControlRoomApi } from '../../shared/contract.js';
import { modelsActions } from '../stores/modelsStore.js';
import { usePolling } from './usePolling.js';

/** How often the Models screen asks for the statistics, which move with every run. */
const POLL_MS = 2_000;

const listModels = (api: ControlRoomApi) => api.call('models.list', {});
const applyModels = (list: Awaited<ReturnType<typeof listModels>>) => modelsActions.loadList(list);

/** Keeps bindings' states and statistics fresh while the Models screen is open. */
export function useModelsPolling(): void {
  usePolling(listModels, applyModels, POLL_MS);
}
