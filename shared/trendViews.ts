import { z } from 'zod';
import { EpochMsSchema, TagIdSchema } from './domain.js';

/**
 * A saved trend view: named pens with their colours and axes, and a time range, stored in
 * the site's config.db so that an operator's trends survive restarts. Names are unique per site
 * regardless of case ("Pump 3" and "pump 3" are one view), so that a list read aloud or typed
 * again finds exactly one.
 */

export const MAX_VIEW_PENS = 16;
export const MAX_VIEW_NAME = 80;
/** Longest live window a view may follow: a year, the longest history preset. */
export const MAX_LIVE_SPAN_MS = 366 * 24 * 3_600_000;

export const ViewIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9-]{1,64}$/, 'must be a view id as views.save returned it');

export const ViewNameSchema = z
  .string()
  .trim()
  .min(1, 'a view needs a name')
  .max(MAX_VIEW_NAME, `a view name has at most ${MAX_VIEW_NAME} characters`);

/** `#rrggbb`, as the chart's pens are coloured. */
export const PenColourSchema = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #1f3a68');

const finite = z.number({ error: 'must be a finite number' });

/** A fixed axis, instead of the tag's engineering range. */
export const AxisRangeSchema = z
  .object({ min: finite, max: finite })
  .strict()
  .refine((axis) => axis.min < axis.max, { message: 'axis min must be below max', path: ['max'] });
export type AxisRange = z.infer<typeof AxisRangeSchema>;

export type ViewAxis = AxisRange | 'auto';

/**
 * A pen's axis: a fixed range, or `auto` to follow the data. Absent, the pen keeps its tag's
 * engineering range (ISA-101's default), so views saved before `auto` existed read as they did.
 * Not a z.union: that answers any bad fixed range with one vague "invalid input", where this
 * still says which end is wrong and why (`axis.min: must be a finite number`).
 */
export const ViewAxisSchema = z
  .custom<ViewAxis>(
    (value) => value === 'auto' || (typeof value === 'object' && value !== null && !Array.isArray(value)),
    {
      error: 'must be "auto" or a fixed axis like {"min": 0, "max": 10}',
    },
  )
  .superRefine((value, ctx) => {
    if (value === 'auto') return;
    for (const issue of AxisRangeSchema.safeParse(value).error?.issues ?? []) {
      ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
    }
  });

export const ViewPenSchema = z
  .object({ tag: TagIdSchema, colour: PenColourSchema.optional(), axis: ViewAxisSchema.optional() })
  .strict();
export type ViewPen = z.infer<typeof ViewPenSchema>;

export const ViewPensSchema = z
  .array(ViewPenSchema)
  .min(1, 'a view needs at least one pen')
  .max(MAX_VIEW_PENS, `a view holds at most ${MAX_VIEW_PENS} pens`)
  .refine((pens) => new Set(pens.map((pen) => pen.tag)).size === pens.length, {
    message: 'each tag may be a pen only once',
  });

/** Live: follows now over the last `spanMs`. History: a fixed range. */
export const ViewRangeSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('live'),
      spanMs: z
        .number({ error: 'must be a finite number' })
        .int()
        .min(1_000, 'a live span is at least 1000 ms')
        .max(MAX_LIVE_SPAN_MS),
    })
    .strict(),
  z
    .object({ kind: z.literal('history'), from: EpochMsSchema, to: EpochMsSchema })
    .strict()
    .refine((range) => range.from < range.to, { message: 'from must be before to', path: ['from'] }),
]);
export type ViewRange = z.infer<typeof ViewRangeSchema>;

/** What views.save takes: a view without its bookkeeping; with an id it replaces that view. */
export const TrendViewDraftSchema = z
  .object({
    id: ViewIdSchema.optional(),
    name: ViewNameSchema,
    pens: ViewPensSchema,
    range: ViewRangeSchema,
  })
  .strict();
export type TrendViewDraft = z.infer<typeof TrendViewDraftSchema>;

export const TrendViewSchema = z.object({
  id: ViewIdSchema,
  name: ViewNameSchema,
  pens: ViewPensSchema,
  range: ViewRangeSchema,
  createdMs: EpochMsSchema,
  updatedMs: EpochMsSchema,
  /** The user who saved it last. */
  savedBy: z.string(),
});
export type TrendView = z.infer<typeof TrendViewSchema>;

/** The key that makes names unique: case and Unicode form do not count. */
export function viewNameKey(name: string): string {
  return name.trim().normalize('NFC').toLowerCase();
}
