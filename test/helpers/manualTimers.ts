/** Timers that run only when the test moves its clock: the reorder timeout without waiting. */
export function manualTimers() {
  let now = 0;
  const pending = new Map<number, { at: number; run: () => void }>();
  let next = 1;
  return {
    setTimeout(run: () => void, ms: number): unknown {
      pending.set(next, { at: now + ms, run });
      return next++;
    },
    clearTimeout(handle: unknown): void {
      pending.delete(handle as number);
    },
    advance(ms: number): void {
      now += ms;
      for (const [handle, timer] of [...pending].sort((a, b) => a[1].at - b[1].at)) {
        if (timer.at > now || !pending.has(handle)) continue;
        pending.delete(handle);
        timer.run();
      }
    },
    get count(): number {
      return pending.size;
    },
  };
}
