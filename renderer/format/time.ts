const pad = (n: number) => String(n).padStart(2, '0');

/** `14:05:09`, local time, 24-hour: the control room's clock. */
export function formatClock(ts: number): string {
  const date = new Date(ts);
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** `2026-01-31 14:05:09`, for tooltips where the day matters. */
export function formatDateTime(ts: number): string {
  const date = new Date(ts);
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${formatClock(ts)}`;
}
