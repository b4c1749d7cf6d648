import { z } from 'zod';
import { StorageCompressionSchema } from './storageCompression.js';

/**
 * How long the historian keeps each resolution, and how large it may grow. Raw samples go
 * first, minute rollups later, hourly rollups last (by default never), so a long trend keeps
 * its shape after its raw samples are gone.
 */
const days = z.number().positive().max(36_500).nullable();

export const RetentionSchema = z
  .object({
    /** Days of raw samples; null: forever. */
    rawDays: days,
    minuteDays: days,
    hourDays: days,
  })
  .strict()
  .refine(
    (r) =>
      (r.rawDays ?? Infinity) <= (r.minuteDays ?? Infinity) &&
      (r.minuteDays ?? Infinity) <= (r.hourDays ?? Infinity),
    { message: 'coarser rollups must be kept at least as long as finer ones (raw ≤ 1 min ≤ 1 h)' },
  );
export type Retention = z.infer<typeof RetentionSchema>;

/** A tag path pattern: `*` matches within one path level, `**` across levels. */
export const TagPatternSchema = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[^#+\s]+$/, 'a tag path pattern such as line1/*/vibration or line2/**');

export const RetentionClassSchema = z
  .object({
    name: z.string().min(1).max(80),
    tags: z.array(TagPatternSchema).min(1).max(1000),
    retention: RetentionSchema,
  })
  .strict();
export type RetentionClass = z.infer<typeof RetentionClassSchema>;

/** Archive compression for the tags matching any of the patterns (the first matching rule wins). */
export const CompressionRuleSchema = z
  .object({
    tags: z.array(TagPatternSchema).min(1).max(1000),
    setting: StorageCompressionSchema,
  })
  .strict();
export type CompressionRule = z.infer<typeof CompressionRuleSchema>;

export const DEFAULT_RETENTION: Retention = { rawDays: 90, minuteDays: 730, hourDays: null };

export const HistorianSettingsSchema = z
  .object({
    retention: RetentionSchema.default(DEFAULT_RETENTION),
    /** The first class whose pattern matches a tag sets its retention; others take the default. */
    classes: z.array(RetentionClassSchema).max(100).default([]),
    /** Lossy archive compression per tag (off unless a rule matches); rollups always see every sample. */
    compression: z.array(CompressionRuleSchema).max(100).default([]),
    /** Size cap of the historian file in bytes, for small disks; null: the disk is the limit. */
    maxBytes: z
      .number()
      .int()
      .min(16 * 2 ** 20)
      .nullable()
      .default(null),
    /** Share of the cap at which the operator is warned, before the oldest raw samples are dropped. */
    warnAt: z.number().min(0.5).max(0.95).default(0.8),
  })
  .strict();
export type HistorianSettings = z.infer<typeof HistorianSettingsSchema>;

/** Turns a tag path pattern into a matcher (`*` one level, `**` any number of levels). */
export function tagPatternMatcher(pattern: string): (tag: string) => boolean {
  const escaped = pattern.replace(/[.^$|()[\]{}\\?]/g, '\\$&');
  const source = escaped.replace(/\*\*|\*/g, (star) => (star === '**' ? '.*' : '[^/]*'));
  const regex = new RegExp(`^${source}$`);
  return (tag) => regex.test(tag);
}
