import { readFileSync } from 'node:fs';
import { describeZodError } from '../../shared/errors.js';
import { BrokersFileSchema, type BrokerConfig } from '../../shared/siteConfig.js';
import { errorMessage } from '../platform/logger.js';

/**
 * The site's brokers from a JSON file (`--brokers`, `WATCHKEEPER_BROKERS`), checked before
 * anything starts. Read synchronously: it is a small file, read once, before any service runs.
 */
export function readBrokersFile(
  file: string,
): { ok: true; brokers: BrokerConfig[] } | { ok: false; message: string } {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    return { ok: false, message: `cannot read brokers ${file}: ${errorMessage(error)}` };
  }
  const parsed = BrokersFileSchema.safeParse(json);
  if (!parsed.success) return { ok: false, message: `brokers ${file}: ${describeZodError(parsed.error)}` };
  return { ok: true, brokers: parsed.data.brokers };
}
