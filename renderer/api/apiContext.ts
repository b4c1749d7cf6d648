import { createContext, useContext } from 'react';
import type { ControlRoomApi } from '../../shared/contract.js';

/** Hands the API to components, so views never reach for a module-level singleton. */
export const ApiContext = createContext<ControlRoomApi | null>(null);

export function useApi(): ControlRoomApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi() needs an <ApiContext.Provider> above it');
  return api;
}
