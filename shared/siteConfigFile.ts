import { z } from 'zod';
import { DeviceConfigSchema, DeviceIdSchema } from './deviceConfig.js';
import { EpochMsSchema, TagIdSchema } from './domain.js';
import {
  MAX_RULES,
  MappingRuleEntrySchema,
  MappingRuleSchema,
  UnmatchedFallbackSchema,
  type MappingRule,
  type MappingRuleEntry,
} from './jsonMapping.js';
import { BrokerConfigSchema, BrokerIdSchema, refuseUrlPasswords } from './siteConfig.js';
import { ModelBindingSchema, derivedTags, type ModelBinding } from './modelBindings.js';
import { TagConfigSchema } from './tagConfig.js';

/**
 * The whole site's configuration as one JSON file (`site.exportConfig`, `site.importConfig`,
 * `watchkeeper serve --config`): brokers without secrets, the JSON mapping rules in the order
 * they are tried and the fallback, and every configured device and tag (alarm definitions
 * included), and since version 2 the model bindings (`models`; the model files themselves are
 * named, not embedded). Every level is strict, so a typo is reported rather than silently ignored, and
 * a file is checked whole: `siteConfigProblems` lists every problem at once, each with its path.
 */

export const SITE_CONFIG_FORMAT = 'watchkeeper-site-config';
/** The version written; every version from 1 up to it is read (1: no `models`). */
export const SITE_CONFIG_VERSION = 2;
/** The first version that may carry model bindings. */
export const MODELS_SINCE_VERSION = 2;
export const MAX_FILE_MODELS = 1_000;
export const MAX_FILE_DEVICES = 10_000;
export const MAX_FILE_TAGS = 100_000;
/** Most problems one report lists: a file that is wrong everywhere needs fixing at its root. */
export const MAX_REPORTED_PROBLEMS = 200;

/**
 * Duplicates refused by `key`, checked even where entries have other problems (`when`), so one
 * report names them all. Entries may be malformed here, hence the careful reading.
 */
function uniqueBy(key: string, what: string) {
  return z.superRefine<unknown[]>(
    (items, context) => {
      if (!Array.isArray(items)) return;
      const seen = new Set<string>();
      items.forEach((item, index) => {
        const value = (item as Record<string, unknown> | null)?.[key];
        if (typeof value !== 'string') return;
        if (seen.has(value))
          context.addIssue({ code: 'custom', message: `duplicate ${what} "${value}"`, path: [index, key] });
        seen.add(value);
      });
    },
    { when: () => true },
  );
}

/**
 * Two bindings of the file writing the same derived tag: the later one is refused, with its
 * path. Checked even where bindings have other problems, hence the careful reading.
 */
function uniqueDerivedTags() {
  return z.superRefine<unknown[]>(
    (bindings, context) => {
      if (!Array.isArray(bindings)) return;
      const writer = new Map<string, string>();
      bindings.forEach((raw, index) => {
        const parsed = ModelBindingSchema.safeParse(raw);
        if (!parsed.success) return;
        const binding: ModelBinding = parsed.data;
        for (const derived of derivedTags(binding)) {
          const first = writer.get(derived.tag);
          if (first !== undefined && first !== binding.id)
            context.addIssue({
              code: 'custom',
              message: `${binding.id} writes ${derived.tag}, which ${first} writes too`,
              path: [index],
            });
          writer.set(derived.tag, first ?? binding.id);
        }
      });
    },
    { when: () => true },
  );
}

/** A broker in the file: as configured, and a password is named by its secret, never given. */
const FileBrokerSchema = BrokerConfigSchema.extend({
  password: z
    .never({
      error:
        'a password never goes in the file: name it by passwordSecret and store it with brokers.setCredential',
    })
    .optional(),
});

const ItemSchema = <C extends z.ZodType, I extends z.ZodType>(id: I, config: C) =>
  z.object({ id, config }).strict();

export const SiteConfigFileSchema = z
  .object({
    format: z.literal(SITE_CONFIG_FORMAT, { error: `must be "${SITE_CONFIG_FORMAT}"` }),
    version: z.union([z.literal(1), z.literal(SITE_CONFIG_VERSION)], {
      error: `this Watchkeeper reads versions 1 to ${SITE_CONFIG_VERSION} of the format`,
    }),
    exportedMs: EpochMsSchema.optional(),
    exportedBy: z.string().max(200).optional(),
    /** Empty: the file says nothing about brokers, and an import leaves the site's as they are. */
    brokers: z
      .array(FileBrokerSchema)
      .max(32)
      .check(
        // Told even when other brokers have problems: a secret in a file is the one not to miss.
        z.superRefine<unknown[]>(
          (brokers, context) => {
            if (!Array.isArray(brokers)) return;
            const urls = brokers.map((broker) => (broker as { url?: unknown } | null)?.url);
            refuseUrlPasswords(
              urls.map((url) => ({ url: typeof url === 'string' ? url : '' })),
              context,
            );
          },
          { when: () => true },
        ),
        uniqueBy('id', 'broker id'),
      ),
    mappings: z
      .object({
        /** In the order they are tried. */
        rules: z.array(MappingRuleEntrySchema).max(MAX_RULES).check(uniqueBy('id', 'rule id')),
        fallback: UnmatchedFallbackSchema,
      })
      .strict(),
    devices: z
      .array(ItemSchema(DeviceIdSchema, DeviceConfigSchema))
      .max(MAX_FILE_DEVICES)
      .check(uniqueBy('id', 'device id')),
    tags: z
      .array(ItemSchema(TagIdSchema, TagConfigSchema))
      .max(MAX_FILE_TAGS)
      .check(uniqueBy('id', 'tag id')),
    /**
     * The site's stored model bindings, whole: an import stores these and deletes stored ones
     * the file does not name, as it does mapping rules. Absent: the file says nothing about
     * models, and an import leaves the site's as they are.
     */
    models: z
      .array(ModelBindingSchema)
      .max(MAX_FILE_MODELS)
      .check(uniqueBy('id', 'model binding id'), uniqueDerivedTags())
      .optional(),
  })
  .strict()
  .superRefine((file, context) => {
    if (file.models !== undefined && file.version < MODELS_SINCE_VERSION)
      context.addIssue({
        code: 'custom',
        message: `model bindings came with version ${MODELS_SINCE_VERSION} of the format: say "version": ${MODELS_SINCE_VERSION}`,
        path: ['models'],
      });
  });
export type SiteConfigFile = z.output<typeof SiteConfigFileSchema>;
export type SiteConfigFileInput = z.input<typeof SiteConfigFileSchema>;

/** One path as an engineer reads it: `tags[3].config.engRange.high`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((part, index) =>
      typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${String(part)}`,
    )
    .join('');
}

/** Every problem of a file as `path: message`, in the file's order, at most MAX_REPORTED_PROBLEMS. */
export function siteConfigProblems(error: z.ZodError): string[] {
  const lines = error.issues.map((issue) =>
    issue.path.length > 0 ? `${formatPath(issue.path)}: ${issue.message}` : issue.message,
  );
  const unique = [...new Set(lines)];
  if (unique.length <= MAX_REPORTED_PROBLEMS) return unique;
  return [
    ...unique.slice(0, MAX_REPORTED_PROBLEMS),
    `…and ${unique.length - MAX_REPORTED_PROBLEMS} more problems`,
  ];
}

/** A file checked whole: the configuration, or every problem with it. */
export function parseSiteConfigFile(
  raw: unknown,
): { ok: true; file: SiteConfigFile } | { ok: false; problems: string[] } {
  const parsed = SiteConfigFileSchema.safeParse(raw);
  return parsed.success
    ? { ok: true, file: parsed.data }
    : { ok: false, problems: siteConfigProblems(parsed.error) };
}

/** Whether a stored rule says what a file's entry says, who saved it and when aside. */
export function sameRule(stored: MappingRule, entry: MappingRuleEntry): boolean {
  const body = ({ updatedMs: _updatedMs, savedBy: _savedBy, ...rest }: MappingRule) => JSON.stringify(rest);
  return body(stored) === body(MappingRuleSchema.parse({ ...entry, updatedMs: 0, savedBy: '' }));
}

/** What an import changes (dry run) or changed, per part of the file. */
export const ImportSummarySchema = z.object({
  ok: z.literal(true),
  dryRun: z.boolean(),
  brokers: z.object({
    changed: z.boolean(),
    before: z.array(BrokerIdSchema),
    after: z.array(BrokerIdSchema),
  }),
  rules: z.object({
    /** Rule names, as the Mappings screen shows them. */
    added: z.array(z.string()),
    replaced: z.array(z.string()),
    removed: z.array(z.string()),
    unchanged: z.number().int().min(0),
    fallbackChanged: z.boolean(),
  }),
  devices: z.object({ configured: z.number().int().min(0), unchanged: z.number().int().min(0) }),
  tags: z.object({ configured: z.number().int().min(0), unchanged: z.number().int().min(0) }),
  /** Model binding ids; absent when the file says nothing about models. */
  models: z
    .object({
      added: z.array(z.string()),
      changed: z.array(z.string()),
      removed: z.array(z.string()),
      unchanged: z.number().int().min(0),
    })
    .optional(),
  /** What the file may mean differently from what it says (an alarm reading an unknown tag); absent: none. */
  warnings: z.array(z.string()).optional(),
});
export type ImportSummary = z.infer<typeof ImportSummarySchema>;

export const ImportResultSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(false), problems: z.array(z.string()) }),
  ImportSummarySchema,
]);
export type ImportResult = z.infer<typeof ImportResultSchema>;
