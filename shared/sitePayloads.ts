import { z } from 'zod';
import { MAX_STATE_TABLE_CHARS } from './stateTable.js';

/**
 * Plain-JSON device payloads as the shipped mapping reads them, e.g.
 * `{"sensor_id":"vib-001","value":4.21,"unit":"mm/s","ts":"2026-01-01T00:00:00Z","seq":7}`.
 * Only `value` is required. Unknown fields are allowed: devices add their own. A string `value`
 * makes a string tag (texts longer than MAX_TEXT_LENGTH are cut at ingest); `states`
 * (`0=Stopped;1=Running`, see stateTable.ts) with an integer value makes an enum tag.
 */
export const JsonSamplePayloadSchema = z.looseObject({
  value: z.union([z.number(), z.boolean(), z.string(), z.null()]),
  states: z.string().max(MAX_STATE_TABLE_CHARS).optional(),
  ts: z.union([z.string().max(64), z.number()]).optional(),
  unit: z.string().max(32).optional(),
  quality: z.union([z.enum(['good', 'uncertain', 'bad', 'stale']), z.number().int()]).optional(),
  sensor_id: z.string().max(128).optional(),
  seq: z.number().optional(),
});
export type JsonSamplePayload = z.infer<typeof JsonSamplePayloadSchema>;

/**
 * A write to a demo plant JSON device, on `{prefix}-cmd/{area}/{device}` (outside the sample
 * topics, so a command is never read back as a sample): the tag and its new value. Other fields
 * (the command name, who, when) are the sender's and are allowed.
 */
export const DemoJsonCommandSchema = z.looseObject({
  tag: z.string().min(1).max(128),
  value: z.union([z.number(), z.boolean(), z.string().max(1024)]),
});
export type DemoJsonCommand = z.infer<typeof DemoJsonCommandSchema>;
