import { connectFrames, type FrameAddress } from '../../electron/platform/frameSocket.js';
import { sharedClockMs } from '../../electron/platform/sharedClock.js';

/**
 * The far end of crossingFloor.ts, as a child process: on each frame, `workMs` of busy work
 * (standing in for a model's run), then a frame back stamped on the shared clock.
 */
const { address, workMs } = JSON.parse(process.argv[2]!) as { address: FrameAddress; workMs: number };
const lane = connectFrames(address);
const reply = Buffer.alloc(150);
lane.onFrame(() => {
  const started = performance.now();
  while (performance.now() - started < workMs);
  reply.writeDoubleLE(sharedClockMs(), 0);
  lane.send(1, reply);
});
process.on('disconnect', () => process.exit(0));
