import type { ReactNode } from 'react';
import type { ViewId } from '../stores/uiStore.js';
import { AlarmBanner } from './AlarmBanner.js';
import { LinkBanner } from './LinkBanner.js';
import { NavRail } from './NavRail.js';
import { StatusBar } from './StatusBar.js';

/**
 * The frame around every view: navigation on the left, the alarm banner on top of every view,
 * the status bar always at the bottom.
 */
export function AppFrame({ view, children }: { view: ViewId; children: ReactNode }) {
  return (
    <div className="app-frame">
      <NavRail current={view} />
      <main className="app-main" aria-label="Content">
        <AlarmBanner />
        <LinkBanner />
        {children}
      </main>
      <StatusBar />
    </div>
  );
}
