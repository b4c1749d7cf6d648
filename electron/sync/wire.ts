import { gunzipSync, gzipSync, constants } from 'node:zlib';
import type { z } from 'zod';
import {
  AlarmRecordSchema,
  AuditRecordSchema,
  CommandRecordLineSchema,
  BatchHeaderSchema,
  ConfigResultRecordSchema,
  DeviceRecordSchema,
  HeartbeatRecordSchema,
  MAX_BATCH_RAW_BYTES,
  RollupRecordSchema,
  SampleRecordSchema,
  type BatchHeader,
  type SyncStream,
} from '../../shared/sync.js';

/**
 * The wire format of one batch: gzip of JSON lines, the header first, then one record per line.
 * JSON lines because any cloud stack reads them and they compress well (a 1 min rollup line of
 * ~150 bytes goes to ~25); gzip level 6, because a batch is sealed once and may be sent many
 * times over a slow link. Decoding is bounded: a batch never inflates beyond its raw limit.
 */

export const RECORD_SCHEMAS: Record<SyncStream, z.ZodType<{ at: number }>> = {
  alarms: AlarmRecordSchema,
  commands: CommandRecordLineSchema,
  config: ConfigResultRecordSchema,
  heartbeat: HeartbeatRecordSchema,
  audit: AuditRecordSchema,
  devices: DeviceRecordSchema,
  rollups: RollupRecordSchema,
  rollupsHourly: RollupRecordSchema,
  raw: SampleRecordSchema,
  models: SampleRecordSchema,
};

/** Seals a batch: `lines` are the records' JSON texts, already serialised when they were committed. */
export function encodeBatch(header: BatchHeader, lines: readonly string[]): Buffer {
  const text = `${JSON.stringify(header)}\n${lines.join('\n')}\n`;
  return gzipSync(text, { level: 6 });
}

export interface DecodedBatch {
  header: BatchHeader;
  /** Parsed records, in order; lines that fail their schema are in `invalid` instead. */
  records: unknown[];
  invalid: { line: number; problem: string }[];
}

export class WireError extends Error {}

/** Reads a batch; a payload that is not gzip, too large, or has no valid header throws WireError. */
export function decodeBatch(payload: Uint8Array): DecodedBatch {
  let text: string;
  try {
    // The header plus records: bounded by the raw limit and a margin for the header line.
    text = gunzipSync(payload, {
      maxOutputLength: MAX_BATCH_RAW_BYTES + 4096,
      finishFlush: constants.Z_SYNC_FLUSH,
    }).toString('utf8');
  } catch (error) {
    throw new WireError(`not a gzip batch within ${MAX_BATCH_RAW_BYTES} bytes: ${(error as Error).message}`);
  }
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const header = BatchHeaderSchema.safeParse(parseJson(lines[0] ?? ''));
  if (!header.success)
    throw new WireError(`bad batch header: ${header.error.issues[0]?.message ?? 'invalid'}`);
  const schema = RECORD_SCHEMAS[header.data.stream];
  const records: unknown[] = [];
  const invalid: DecodedBatch['invalid'] = [];
  for (let i = 1; i < lines.length; i++) {
    const parsed = schema.safeParse(parseJson(lines[i]!));
    if (parsed.success) records.push(parsed.data);
    else invalid.push({ line: i, problem: parsed.error.issues[0]?.message ?? 'invalid' });
  }
  if (records.length + invalid.length !== header.data.count)
    throw new WireError(
      `batch says ${header.data.count} records but holds ${records.length + invalid.length}`,
    );
  return { header: header.data, records, invalid };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Topics under the prefix: `<prefix>/v1/<site>/up/<stream>` and `<prefix>/v1/<site>/down/config`. */
export function upTopic(prefix: string, site: string, stream: SyncStream): string {
  return `${prefix}/v1/${site}/up/${stream}`;
}
export function downTopic(prefix: string, site: string, kind: 'config'): string {
  return `${prefix}/v1/${site}/down/${kind}`;
}
