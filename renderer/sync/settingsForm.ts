import type { z } from 'zod';
import { SyncSettingsSchema, type SyncSettings } from '../../shared/sync.js';

/**
 * The Sync screen's settings editor as text fields, and back: checked with the same schema the
 * server checks, so every problem shows before Save. The cloud broker's password is not here:
 * settings name it by `passwordSecret` and it is stored through the credential path.
 */
export interface SyncSettingsForm {
  enabled: boolean;
  /** Off: no cloud broker configured (the link stays off). */
  hasCloud: boolean;
  cloudId: string;
  url: string;
  mqttVersion: '4' | '5';
  clientId: string;
  caFile: string;
  certFile: string;
  keyFile: string;
  username: string;
  passwordSecret: string;
  topicPrefix: string;
  /** kB/s; empty: unlimited. */
  budgetKBps: string;
  metered: boolean;
  rollupSeconds: string;
  /** Comma- or line-separated id prefixes, `*` for all. */
  rollupTags: string;
  rawTags: string;
  modelOutputs: boolean;
  heartbeatSeconds: string;
  acceptConfig: boolean;
  outboxMaxMiB: string;
  outboxMaxAgeDays: string;
  outboxWarnPercent: string;
}

const MIB = 1024 * 1024;

export function formFromSettings(settings: SyncSettings): SyncSettingsForm {
  const cloud = settings.cloud;
  return {
    enabled: settings.enabled,
    hasCloud: cloud !== null,
    cloudId: cloud?.id ?? 'cloud',
    url: cloud?.url ?? '',
    mqttVersion: cloud?.mqttVersion === 5 ? '5' : '4',
    clientId: cloud?.clientId ?? '',
    caFile: cloud?.tls?.caFile ?? '',
    certFile: cloud?.tls?.certFile ?? '',
    keyFile: cloud?.tls?.keyFile ?? '',
    username: cloud?.username ?? '',
    passwordSecret: cloud?.passwordSecret ?? '',
    topicPrefix: settings.topicPrefix,
    budgetKBps:
      settings.backfillBytesPerSecond === null ? '' : String(settings.backfillBytesPerSecond / 1000),
    metered: settings.metered,
    rollupSeconds: String(settings.rollupSeconds),
    rollupTags: settings.rollupTags.join(', '),
    rawTags: settings.rawTags.join(', '),
    modelOutputs: settings.modelOutputs,
    heartbeatSeconds: String(settings.heartbeatSeconds),
    acceptConfig: settings.acceptConfig,
    outboxMaxMiB: String(Math.round(settings.outbox.maxBytes / MIB)),
    outboxMaxAgeDays: String(settings.outbox.maxAgeDays),
    outboxWarnPercent: String(settings.outbox.warnPercent),
  };
}

export type FormResult = { ok: true; settings: SyncSettings } | { ok: false; problems: string[] };

/**
 * The settings a form says, over `base` (the stored ones): what the form does not show of the
 * cloud broker (keepalive, reconnect delays, name, TLS server name) is kept as it was.
 */
export function settingsFromForm(form: SyncSettingsForm, base: SyncSettings): FormResult {
  const problems: string[] = [];
  const num = (label: string, text: string, scale = 1): number => {
    const value = Number(text.trim());
    if (text.trim() === '' || !Number.isFinite(value)) {
      problems.push(`${label}: give a number`);
      return NaN;
    }
    return Math.round(value * scale);
  };
  const optional = (text: string) => (text.trim() === '' ? undefined : text.trim());
  const baseCloud = base.cloud;
  const tls = {
    ...(baseCloud?.tls ?? {}),
    caFile: optional(form.caFile),
    certFile: optional(form.certFile),
    keyFile: optional(form.keyFile),
  };
  const hasTls = Object.values(tls).some((value) => value !== undefined);
  const cloud = form.hasCloud
    ? {
        ...(baseCloud ?? {}),
        id: form.cloudId.trim(),
        url: form.url.trim(),
        mqttVersion: form.mqttVersion === '5' ? 5 : 4,
        clientId: optional(form.clientId),
        username: optional(form.username),
        passwordSecret: optional(form.passwordSecret),
        tls: hasTls ? dropUndefined(tls) : undefined,
      }
    : null;
  const input = {
    enabled: form.enabled,
    cloud: cloud === null ? null : dropUndefined(cloud),
    topicPrefix: form.topicPrefix.trim(),
    backfillBytesPerSecond:
      form.budgetKBps.trim() === '' ? null : num('Backfill budget', form.budgetKBps, 1000),
    metered: form.metered,
    rollupSeconds: num('Rollup seconds', form.rollupSeconds),
    rollupTags: splitList(form.rollupTags),
    rawTags: splitList(form.rawTags),
    modelOutputs: form.modelOutputs,
    heartbeatSeconds: num('Heartbeat seconds', form.heartbeatSeconds),
    acceptConfig: form.acceptConfig,
    outbox: {
      maxBytes: num('Outbox size', form.outboxMaxMiB, MIB),
      maxAgeDays: num('Outbox age', form.outboxMaxAgeDays),
      warnPercent: num('Warning from', form.outboxWarnPercent),
    },
  };
  if (problems.length > 0) return { ok: false, problems };
  const parsed = SyncSettingsSchema.safeParse(input);
  if (!parsed.success) return { ok: false, problems: describeIssues(parsed.error) };
  return { ok: true, settings: parsed.data };
}

/** `a, b` or one per line → `['a', 'b']`. */
export function splitList(text: string): string[] {
  return text
    .split(/[,\n]/)
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

/** Every problem, named by the field the form shows it in. */
function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const path = issue.path.join('.');
    return `${FIELD_NAMES[path] ?? path}: ${issue.message}`;
  });
}

const FIELD_NAMES: Record<string, string> = {
  'cloud.id': 'Broker id',
  'cloud.url': 'Cloud broker URL',
  'cloud.clientId': 'Client id',
  'cloud.username': 'Username',
  'cloud.passwordSecret': 'Password id',
  'cloud.tls.keyFile': 'Client key file',
  topicPrefix: 'Topic prefix',
  backfillBytesPerSecond: 'Backfill budget (at least 1 kB/s)',
  rollupSeconds: 'Rollup seconds',
  rollupTags: 'Rollup tags',
  rawTags: 'Raw tags',
  heartbeatSeconds: 'Heartbeat seconds',
  'outbox.maxBytes': 'Outbox size (at least 1 MiB)',
  'outbox.maxAgeDays': 'Outbox age',
  'outbox.warnPercent': 'Warning from',
};

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
