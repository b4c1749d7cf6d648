import { VIEWS, type ViewId } from '../stores/uiStore.js';

/** Left navigation: plain links to `#/view`, so Tab, Enter and Alt+1…9 all reach every view. */
export function NavRail({ current }: { current: ViewId }) {
  return (
    <nav className="nav-rail" aria-label="Views">
      <div className="brand">Watchkeeper</div>
      <ul>
        {VIEWS.map((view, index) => (
          <li key={view.id}>
            <a
              href={`#/${view.id}`}
              className={view.ready ? 'nav-link' : 'nav-link later'}
              data-testid={`nav-${view.id}`}
              aria-current={view.id === current ? 'page' : undefined}
              aria-keyshortcuts={`Alt+${index + 1}`}
              title={`${view.label} (Alt+${index + 1})`}
            >
              <span>{view.label}</span>
              <kbd>Alt+{index + 1}</kbd>
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
