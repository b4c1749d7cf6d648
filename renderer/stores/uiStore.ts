import { create } from 'zustand';

/** The views of the app, in navigation order; `ready` ones work in this release. */
export const VIEWS = [
  { id: 'overview', label: 'Overview', ready: true },
  { id: 'trends', label: 'Trends', ready: true },
  { id: 'alarms', label: 'Alarms', ready: false },
  { id: 'devices', label: 'Devices', ready: true },
  { id: 'reports', label: 'Reports', ready: false },
  { id: 'settings', label: 'Settings', ready: false },
  { id: 'mappings', label: 'Mappings', ready: true },
  { id: 'models', label: 'Models', ready: true },
] as const;

export type ViewId = (typeof VIEWS)[number]['id'];

export function isViewId(text: string): text is ViewId {
  return VIEWS.some((view) => view.id === text);
}

/** `#/trends` → `trends`; anything else → the overview. */
export function viewFromHash(hash: string): ViewId {
  const id = hash.replace(/^#\/?/, '');
  return isViewId(id) ? id : 'overview';
}

export interface UiState {
  view: ViewId;
}

export const useUiStore = create<UiState>()(() => ({ view: 'overview' }));

export const uiActions = {
  showView(view: ViewId): void {
    useUiStore.setState({ view });
  },
};
