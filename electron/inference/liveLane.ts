import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  listenFrames,
  type FrameAddress,
  type FrameListener,
  type FrameSocket,
} from '../platform/frameSocket.js';
import { sharedClockMs } from '../platform/sharedClock.js';
import { decodeFailedFrame, decodeResultsFrame, encodeSamplesFrame, LiveFrame } from './liveCodec.js';
import { RunningMarkReader, type RunningMark } from './runningMark.js';
import type { LiveFailed, LiveResults, SampleBatch } from './types.js';

export interface LaneHandlers {
  /** `receivedAt`: when the results were readable on this thread (shared clock). */
  results(results: LiveResults, receivedAt: number): void;
  failed(failure: LiveFailed): void;
  /** A live run has gone on past the limit: the host is stuck in it. */
  stuck(run: RunningMark, forMs: number): void;
  /** A frame from the host that could not be read, dropped; the lane goes on. */
  malformed(error: Error): void;
}

/**
 * The main thread's end of one inference host's live lane: live samples out and live runs'
 * results in, as binary frames on a local socket (liveCodec.ts), and the watchdog of those
 * runs. The host notes each run as it starts in a file (runningMark.ts); every quarter of the
 * run limit the watchdog reads the note, and a run that has neither answered nor failed within
 * the limit is reported `stuck`. Socket and note live in a private folder made per host and
 * removed with it.
 */
export class LiveLane {
  private frames: FrameSocket | null = null;
  private readonly mark: RunningMarkReader;
  private watchdog: NodeJS.Timeout | null = null;
  /** The newest run the host has answered for. */
  private answered = 0;

  private constructor(
    private readonly folder: string,
    private readonly listener: FrameListener,
  ) {
    this.mark = new RunningMarkReader(join(folder, 'running'));
  }

  static async open(): Promise<LiveLane> {
    const folder = mkdtempSync(join(tmpdir(), 'watchkeeper-'));
    try {
      return new LiveLane(folder, await listenFrames(folder));
    } catch (error) {
      rmSync(folder, { recursive: true, force: true });
      throw error;
    }
  }

  /** What the host is started with to find its end of the lane. */
  get hostData(): { lane: FrameAddress; runningMark: string } {
    return { lane: this.listener.address, runningMark: join(this.folder, 'running') };
  }

  /** Waits for the host to connect, then hears it and watches its runs. */
  async accept(timeoutMs: number, runLimitMs: number, handlers: LaneHandlers): Promise<void> {
    const frames = await this.listener.accept(timeoutMs);
    this.frames = frames;
    // A frame that cannot be decoded throws out of its listener: frameSocket passes it here.
    frames.onError((error) => handlers.malformed(error));
    frames.onFrame((type, payload) => {
      if (type === LiveFrame.results) {
        const results = decodeResultsFrame(payload);
        this.answered = Math.max(this.answered, results.seq);
        // Taken once the values are readable here: the latency counts this thread's decoding.
        handlers.results(results, sharedClockMs());
      } else if (type === LiveFrame.failed) {
        const failure = decodeFailedFrame(payload);
        this.answered = Math.max(this.answered, failure.seq);
        handlers.failed(failure);
      }
    });
    this.watchdog = setInterval(
      () => {
        const run = this.inFlight();
        const forMs = run ? sharedClockMs() - run.startedAt : 0;
        if (run && forMs > runLimitMs) {
          this.answered = run.seq;
          handlers.stuck(run, forMs);
        }
      },
      Math.max(10, runLimitMs / 4),
    );
    this.watchdog.unref();
  }

  sendSamples(batch: SampleBatch): boolean {
    if (!this.frames) return false;
    this.frames.send(LiveFrame.samples, encodeSamplesFrame(batch));
    return true;
  }

  /** The live run the host started and has not answered for, if any. */
  inFlight(): RunningMark | null {
    const run = this.mark.read();
    return run && run.seq > this.answered ? run : null;
  }

  close(): void {
    if (this.watchdog) clearInterval(this.watchdog);
    this.watchdog = null;
    this.frames?.close();
    this.frames = null;
    this.listener.close();
    this.mark.close();
    try {
      rmSync(this.folder, { recursive: true, force: true });
    } catch {
      // Windows keeps a file a dying host still holds: the folder is left in the temp folder.
    }
  }
}
