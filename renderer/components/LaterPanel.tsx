/** What a view that is not built yet shows: a calm note, not a broken page. */
export function LaterPanel({ label }: { label: string }) {
  return (
    <div className="view later-panel" data-testid="later-panel">
      <h1>{label}</h1>
      <p>{label} arrives in a later release.</p>
      <p className="calm-note">
        Every other view in the navigation works today. Nothing here needs your attention.
      </p>
    </div>
  );
}
