import { create } from 'zustand';

/** The views of the app, in navigation order; `ready` ones work in this release. */
export const VIEWS = [
  { id: 'overview', label: 'Overview', ready: true },
  { id: 'trends', label: 'Trends', ready: true },
  { id: 'alarms', label: 'Alarms', ready: true },
  { id: 'devices', label: 'Devices', ready: true },
  { id: 'reports', label: 'Reports', ready: true },
  { id: 'settings', label: 'Settings', ready: true },
  { id: 'mappings', label: 'Mappings', ready: true },
  { id: 'models', label: 'Models', ready: true },
  { id: 'sync', label: 'Sync', ready: true },
] as const;

export type ViewId = (typeof VIEWS)[number]['id'];

export function isViewId(text: string): text is ViewId {
  return VIEWS.some((view) => view.id === text);
}

/** `#/trends` → `trends`, `#/alarms/journal` → `alarms`; anything else → the overview. */
export function viewFromHash(hash: string): ViewId {
  const id = hash.replace(/^#\/?/, '').split('/')[0] ?? '';
  return isViewId(id) ? id : 'overview';
}

/** What follows the view in the hash: `#/alarms/journal` → `journal`; none → ''. */
export function subViewFromHash(hash: string): string {
  const parts = hash.replace(/^#\/?/, '').split('/');
  return isViewId(parts[0] ?? '') ? parts.slice(1).join('/') : '';
}

export interface UiState {
  view: ViewId;
  /** A view's own part of the hash, e.g. a tab (`journal`). */
  sub: string;
}

export const useUiStore = create<UiState>()(() => ({ view: 'overview', sub: '' }));

export const uiActions = {
  showView(view: ViewId, sub = ''): void {
    useUiStore.setState({ view, sub });
  },
};
