/** `800 ms`, `4 s`, `2 min 30 s`, `3 h`: a span as a control room reads it. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return seconds % 60 === 0 ? `${minutes} min` : `${minutes} min ${seconds % 60} s`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
}

/** `5 s ago`, `just now`, `never`. */
export function formatAge(ts: number | null, now: number): string {
  if (ts === null) return 'never';
  const age = now - ts;
  return age < 1000 ? 'just now' : `${formatDuration(age)} ago`;
}
