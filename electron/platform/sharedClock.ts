/**
 * Milliseconds on the monotonic clock every process of the machine reads alike
 * (CLOCK_MONOTONIC on Linux and macOS, QueryPerformanceCounter on Windows: libuv's hrtime), so
 * a time taken in a host process can be subtracted from one taken here.
 */
export function sharedClockMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}
