import { z } from 'zod';

/**
 * What an engineer configures on a device (see tagConfig.ts for tags). Apart from domain.ts,
 * which embeds it in Device, so that the two files do not import each other.
 */

export const MAX_AREA = 64;
/** Longest silence a device may be allowed before its tags are stale: one day. */
export const MAX_STALE_AFTER_MS = 86_400_000;
export const MIN_STALE_AFTER_MS = 1_000;

/** A device's configured fields. */
export const DeviceConfigSchema = z
  .object({
    /** Silence after which the device is offline and its tags stale. */
    staleAfterMs: z
      .number({ error: 'must be a whole number of milliseconds' })
      .int()
      .min(MIN_STALE_AFTER_MS, 'a timeout is at least one second')
      .max(MAX_STALE_AFTER_MS, 'a timeout is at most one day')
      .optional(),
    /** The area the device is grouped under, instead of the one its topic names. */
    area: z
      .string()
      .trim()
      .min(1, 'an area needs a name')
      .max(MAX_AREA)
      .regex(/^[^/#+]+$/, 'an area name has no / + or #')
      .optional(),
  })
  .strict();
export type DeviceConfig = z.infer<typeof DeviceConfigSchema>;

/**
 * Who set how fresh a device's values must be. `device`: its birth or mapping says; `configured`: an engineer set it; `site`: the site default
 * (JSON devices); `none`: a Sparkplug device that reports by exception and announces its death.
 */
export const StaleAfterSourceSchema = z.enum(['device', 'configured', 'site', 'none']);
export type StaleAfterSource = z.infer<typeof StaleAfterSourceSchema>;

/** A device id as ingest names it: `area/device`, or an edge node's name. */
export const DeviceIdSchema = z.string().min(1).max(256);
