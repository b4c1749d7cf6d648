import { z } from 'zod';
import { MAX_POINTS } from './contract.js';
import { TagIdSchema } from './domain.js';

/**
 * Query-string schemas of the HTTP read API. Everything arrives as strings; these coerce and
 * bound them so that handlers receive the same parsed types as contract calls do.
 */

const ISO_8601 = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** A time as epoch milliseconds (`1767225600000`) or ISO 8601 (`2026-01-01T00:00:00Z`). */
export const TimeParamSchema = z
  .string()
  .trim()
  .min(1)
  .transform((text, ctx) => {
    const ms = /^-?\d+$/.test(text) ? Number(text) : ISO_8601.test(text) ? Date.parse(text) : NaN;
    if (!Number.isSafeInteger(ms) || ms < 0 || ms > 8.64e15) {
      ctx.addIssue({ code: 'custom', message: `"${text.slice(0, 40)}" is not an ISO 8601 time or epoch ms` });
      return z.NEVER;
    }
    return ms;
  });

const fromTo = <T extends { from: number; to: number }>(query: T) => query.from <= query.to;

export const HistoryQuerySchema = z
  .object({
    tag: TagIdSchema,
    from: TimeParamSchema,
    to: TimeParamSchema,
    maxPoints: z.coerce.number().int().min(4).max(MAX_POINTS).default(2000),
  })
  .refine(fromTo, { message: 'from must not be after to', path: ['from'] });

export const CsvExportQuerySchema = z
  .object({
    tags: z
      .string()
      .transform((text) =>
        text
          .split(',')
          .map((tag) => tag.trim())
          .filter((tag) => tag.length > 0),
      )
      .pipe(z.array(TagIdSchema).min(1).max(1000)),
    from: TimeParamSchema,
    to: TimeParamSchema,
  })
  .refine(fromTo, { message: 'from must not be after to', path: ['from'] });
