import { z } from 'zod';

/**
 * How the historian thins a tag's samples before archiving them: PI-style exception (deadband)
 * or swinging-door compression, per tag and off by default. Both are lossy, so the setting in
 * force should be recorded with the data it shaped (see ../shared/reference/historian.md).
 *
 * - `deadband`: a good sample is dropped while it stays within ±deviation of the last archived
 *   value; suits set points, counters and slowly drifting values read as "holds until changed".
 * - `swingingDoor`: a good sample is dropped while the straight line between the archived points
 *   around it passes within ±deviation of it; suits analog process values drawn as lines.
 *
 * Bad and uncertain samples and every change of quality are always archived, whatever the mode.
 */

/** Ten minutes: an archive that falls silent for longer would look like a dead tag. */
export const DEFAULT_MAX_INTERVAL_MS = 600_000;

export const StorageCompressionSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('none') }),
  z.object({
    mode: z.enum(['deadband', 'swingingDoor']),
    /** Absolute, in the tag's engineering units. */
    deviation: z.number().positive().finite(),
    /** Archive at least this often while samples arrive (default DEFAULT_MAX_INTERVAL_MS). */
    maxIntervalMs: z.number().int().min(1).max(86_400_000).optional(),
  }),
]);
export type StorageCompression = z.infer<typeof StorageCompressionSchema>;
export type StorageCompressionMode = StorageCompression['mode'];

/** Every sample archived as received. */
export const NO_COMPRESSION: StorageCompression = { mode: 'none' };
