/**
 * Records and bytes acknowledged over the last ten seconds, in one-second buckets: the rolling
 * throughput the Sync screen and /api/health show. Fixed memory whatever the rate.
 */
const WINDOW_S = 10;

export class Throughput {
  private readonly records = new Array<number>(WINDOW_S).fill(0);
  private readonly bytes = new Array<number>(WINDOW_S).fill(0);
  private second = 0;

  constructor(private readonly now: () => number = Date.now) {
    this.second = Math.floor(now() / 1000);
  }

  add(records: number, bytes: number): void {
    this.advance();
    const i = this.second % WINDOW_S;
    this.records[i]! += records;
    this.bytes[i]! += bytes;
  }

  rates(): { recordsPerSecond: number; bytesPerSecond: number } {
    this.advance();
    const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
    return {
      recordsPerSecond: Math.round(sum(this.records) / WINDOW_S),
      bytesPerSecond: Math.round(sum(this.bytes) / WINDOW_S),
    };
  }

  private advance(): void {
    const second = Math.floor(this.now() / 1000);
    // A clock stepped back: start afresh rather than keep counts in buckets that now look new.
    if (second < this.second || second - this.second >= WINDOW_S) {
      this.records.fill(0);
      this.bytes.fill(0);
    } else {
      for (let s = this.second + 1; s <= second; s++) {
        this.records[s % WINDOW_S] = 0;
        this.bytes[s % WINDOW_S] = 0;
      }
    }
    this.second = second;
  }
}
