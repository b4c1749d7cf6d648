import { readFileSync } from 'node:fs';
import { describeZodError } from '../../shared/errors.js';
import { hasUrlPassword } from '../../shared/siteConfig.js';
import { SyncSettingsSchema, type SyncSettings } from '../../shared/sync.js';
import { errorMessage } from '../platform/logger.js';

/** A file is copied and backed up: the cloud broker's password goes in the credential store. */
const CloudFileSchema = SyncSettingsSchema.superRefine((settings, context) => {
  if (settings.cloud && hasUrlPassword(settings.cloud.url))
    context.addIssue({
      code: 'custom',
      message:
        'keep the password out of the URL: set `username` here and the password in the credential store',
      path: ['cloud', 'url'],
    });
});

/**
 * Cloud sync settings from a file (`--cloud FILE.json`, shared/sync.ts SyncSettings), read and
 * checked before anything starts; saved at start as a new settings version unless config.db
 * holds the same already.
 */
export function readCloudFile(
  path: string,
): { ok: true; settings: SyncSettings } | { ok: false; message: string } {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    return { ok: false, message: `cannot read cloud settings ${path}: ${errorMessage(error)}` };
  }
  const parsed = CloudFileSchema.safeParse(json);
  if (!parsed.success)
    return { ok: false, message: `cloud settings ${path}: ${describeZodError(parsed.error)}` };
  return { ok: true, settings: parsed.data };
}
