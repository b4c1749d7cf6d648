import { z } from 'zod';

/**
 * The site's broker connections, as they will appear under `brokers` in the whole-site
 * configuration file. Secrets never live here: a broker names its password by `passwordSecret`,
 * an id in the credential store (an OS keyring in the app, a 0600 file under `serve`).
 */

/** A short, stable name for a broker: it tags devices, links and secrets, so it must not change. */
export const BrokerIdSchema = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/,
    'must be 1–64 letters, digits, _ . or -, starting with a letter or digit',
  );
export type BrokerId = z.infer<typeof BrokerIdSchema>;

/** Ids in the credential store follow the same rule as broker ids. */
export const SecretIdSchema = BrokerIdSchema;

/** An MQTT topic segment: Sparkplug group and host ids may not hold `/`, `+` or `#`. */
const TopicSegmentSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[^/+#\s]+$/, 'must not contain / + # or spaces');

export const BrokerUrlSchema = z
  .string()
  .regex(/^(mqtts?|wss?|tcp|ssl):\/\/[^\s]+$/, 'must be an mqtt://, mqtts://, ws:// or wss:// URL');

/** Certificate files are read when the link connects, so a renewed certificate needs no restart. */
export const BrokerTlsSchema = z
  .object({
    /** PEM file of the CA(s) that signed the broker's certificate; unset: the system's CAs. */
    caFile: z.string().min(1).optional(),
    /** PEM client certificate and its unencrypted key, for brokers that require one. */
    certFile: z.string().min(1).optional(),
    keyFile: z.string().min(1).optional(),
    /** false accepts any server certificate: for commissioning only (a warning is logged). */
    rejectUnauthorized: z.boolean().default(true),
    /** The name the broker's certificate must carry, when it differs from the URL's host. */
    servername: z.string().min(1).optional(),
  })
  .strict()
  .refine((tls) => (tls.certFile === undefined) === (tls.keyFile === undefined), {
    message: 'certFile and keyFile go together',
    path: ['keyFile'],
  });
export type BrokerTls = z.infer<typeof BrokerTlsSchema>;

export const BrokerConfigSchema = z
  .object({
    id: BrokerIdSchema,
    /** What an operator reads in the status bar, e.g. "Line 2 network". */
    name: z.string().min(1).max(80).optional(),
    url: BrokerUrlSchema,
    /** 4 is MQTT 3.1.1, 5 is MQTT 5. */
    mqttVersion: z.union([z.literal(4), z.literal(5)]).default(4),
    /** Unset: `watchkeeper-{host}-{id}`, stable across restarts so the broker knows us. */
    clientId: z.string().min(1).max(128).optional(),
    keepaliveSeconds: z.number().int().min(5).max(65_535).default(30),
    cleanSession: z.boolean().default(true),
    tls: BrokerTlsSchema.optional(),
    username: z.string().min(1).max(256).optional(),
    /** Id of the password in the credential store; unset with a username: the broker's id. */
    passwordSecret: SecretIdSchema.optional(),
    sparkplug: z
      .object({
        /** Sparkplug groups to subscribe to; unset: every group (`spBv1.0/#`). */
        groups: z.array(TopicSegmentSchema).min(1).max(100).optional(),
        /** Host application id: with it, the link keeps `spBv1.0/STATE/{hostId}` (Sparkplug 3.0). */
        hostId: TopicSegmentSchema.optional(),
      })
      .strict()
      .prefault({}),
    /** Whether this broker carries the plain-JSON topics of the site's mapping. */
    json: z.boolean().default(true),
    /** Reconnect delays: full jitter between 0 and min(maxMs, initialMs·2^attempt). */
    reconnect: z
      .object({
        initialMs: z.number().int().min(10).max(60_000).default(1_000),
        maxMs: z.number().int().min(100).max(3_600_000).default(60_000),
      })
      .strict()
      .prefault({}),
  })
  .strict();
export type BrokerConfig = z.infer<typeof BrokerConfigSchema>;
export type BrokerConfigInput = z.input<typeof BrokerConfigSchema>;

export const BrokerListSchema = z
  .array(BrokerConfigSchema)
  .max(32)
  .superRefine((brokers, context) => {
    const seen = new Set<string>();
    brokers.forEach((broker, index) => {
      if (seen.has(broker.id))
        context.addIssue({
          code: 'custom',
          message: `duplicate broker id "${broker.id}"`,
          path: [index, 'id'],
        });
      seen.add(broker.id);
    });
  });

/**
 * A file is copied and backed up, so a password in a broker's URL is refused wherever brokers
 * come from a file (here and in the whole-site file, shared/siteConfigFile.ts).
 */
export function refuseUrlPasswords(brokers: readonly { url: string }[], context: z.RefinementCtx): void {
  brokers.forEach((broker, index) => {
    if (hasUrlPassword(broker.url))
      context.addIssue({
        code: 'custom',
        message:
          'keep the password out of the URL: set `username` here and the password in the credential store',
        path: [index, 'url'],
      });
  });
}

/**
 * A file with the site's brokers (`--brokers FILE.json`). Other top-level keys are left for the
 * rest of the site configuration; each broker entry itself is strict, so a typo is reported.
 */
export const BrokersFileSchema = z.object({
  brokers: BrokerListSchema.min(1).superRefine(refuseUrlPasswords),
});

/** The id a broker's password is stored under. */
export function passwordSecretOf(broker: Pick<BrokerConfig, 'id' | 'passwordSecret'>): string {
  return broker.passwordSecret ?? broker.id;
}

/** `scheme://user:password@host…`: a password in the URL's user info (shared/ has no URL class). */
export function hasUrlPassword(url: string): boolean {
  const userInfo = /^[a-z]+:\/\/([^/?#@]*)@/i.exec(url)?.[1];
  return userInfo !== undefined && /:./.test(userInfo);
}
