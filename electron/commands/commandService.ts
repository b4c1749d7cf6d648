import type { CommandConfirmation, CommandRecord, CommandTarget } from '../../shared/commands.js';
import type { TagValue } from '../../shared/domain.js';
import { ApiError } from '../../shared/errors.js';
import { qualitySeverity } from '../../shared/quality.js';
import type { CommandOutcomeUpdate, NewCommandRecord } from '../config/types.js';
import type { PublishOptions, PublishOutcome } from '../connectivity/brokerLink.js';
import { errorMessage, type Logger } from '../platform/logger.js';
import { CommandTracker, type CommandOutcome as TrackedOutcome, type SentCommand } from './commandTracker.js';
import { resolveTarget, sameTarget, type TargetSources } from './commandTarget.js';
import { CommandTokens, type PreparedCommand } from './commandTokens.js';
import type { WriteValue } from './writeValue.js';

/** Where commands are journaled (config.db, synchronous=FULL): each call resolves once on disk. */
export interface CommandJournal {
  addCommand(record: NewCommandRecord): Promise<CommandRecord>;
  setCommandOutcome(update: CommandOutcomeUpdate): Promise<CommandRecord | null>;
  listCommands(limit: number): Promise<CommandRecord[]>;
}

/** The broker links as commands see them. */
export interface CommandLinks {
  mqttVersion(broker: string): 4 | 5 | null;
  publish(broker: string, topic: string, payload: Buffer, options: PublishOptions): Promise<PublishOutcome>;
}

export interface CommandServiceDeps {
  sources: TargetSources;
  links: CommandLinks;
  journal: CommandJournal;
  currentValue(tag: string): TagValue | null;
  /** Every journal record whose outcome changed, for the live `onCommand` event. */
  onRecord(record: CommandRecord): void;
  log: Logger;
  now?: () => number;
}

/**
 * Engineers' writes to devices, in two steps: `prepare` resolves the target and checks the value
 * and answers a confirmation with a one-time token; `send` re-resolves the target (refusing if it
 * changed), journals the command as `sending`, publishes it — on MQTT 5 with a message expiry, on
 * 3.1.1 only while the link is up, as publish never queues — and journals the outcome. The
 * tracker then watches the tag for the device's echo of the new value, or times it out.
 */
export class CommandService {
  private readonly tokens: CommandTokens;
  private readonly tracker: CommandTracker;
  private readonly now: () => number;

  constructor(private readonly deps: CommandServiceDeps) {
    this.now = deps.now ?? Date.now;
    this.tokens = new CommandTokens(this.now);
    this.tracker = new CommandTracker({
      now: this.now,
      onOutcome: (command, outcome, at) => void this.settle(command, outcome, at),
    });
  }

  start(): void {
    this.tracker.start();
  }

  /**
   * Commands still waiting for their echo end as timed out, saying why, so that no journal record
   * stays `sent` for ever after a clean stop (a crash leaves them so, as it leaves `sending`).
   */
  async stop(): Promise<void> {
    this.tracker.stop();
    const at = this.now();
    await Promise.all(
      this.tracker
        .drain()
        .map((command) =>
          this.settle(
            command,
            'timedOut',
            at,
            'Watchkeeper stopped before the device reported the new value',
          ),
        ),
    );
  }

  prepare(tag: string, value: WriteValue, user: string): CommandConfirmation {
    const current = this.deps.currentValue(tag);
    if (!current) throw new ApiError('NOT_FOUND', `unknown tag: ${tag}`);
    const outcome = resolveTarget(this.deps.sources, tag);
    if (!outcome.ok) throw new ApiError('BAD_REQUEST', `${tag} cannot be written: ${outcome.reason}`);
    const { resolved } = outcome;
    const mqttVersion = this.deps.links.mqttVersion(resolved.target.broker);
    if (mqttVersion === null)
      throw new ApiError('UNAVAILABLE', `broker "${resolved.target.broker}" is not connected to this site`);
    const encoded = resolved.encode(value, { user, now: this.now() });
    if (!encoded.ok) throw new ApiError('BAD_REQUEST', `${tag}: ${encoded.error}`);
    const { token, expiresAt } = this.tokens.issue({
      user,
      tag,
      value: encoded.value,
      target: resolved.target,
      oldValue: current.value,
    });
    return {
      token,
      tokenExpiresAt: expiresAt,
      tag,
      target: resolved.target,
      currentValue: current.value,
      currentQuality: current.quality,
      newValue: encoded.value,
      mqttVersion,
      messageExpirySeconds: mqttVersion === 5 ? resolved.expirySeconds : null,
      timeoutMs: resolved.timeoutMs,
    };
  }

  async send(token: string, user: string): Promise<CommandRecord> {
    const taken = this.tokens.take(token, user);
    if (!taken.ok && taken.reason === 'unknown')
      throw new ApiError('NOT_FOUND', 'no such confirmation: prepare the command again');
    if (!taken.ok && taken.reason === 'other caller')
      throw new ApiError('FORBIDDEN', 'this confirmation was issued to someone else');
    if (!taken.ok) {
      const why = taken.reason === 'used' ? 'this confirmation was already used' : 'the confirmation expired';
      return this.refuse(taken.command, taken.command.target, `${why}: prepare the command again`);
    }
    const { command } = taken;
    const now = this.now();
    const outcome = resolveTarget(this.deps.sources, command.tag);
    if (!outcome.ok) return this.refuse(command, command.target, `the target is gone: ${outcome.reason}`);
    const { resolved } = outcome;
    if (!sameTarget(resolved.target, command.target))
      return this.refuse(
        command,
        resolved.target,
        `the target changed since the confirmation (${describe(resolved.target)})`,
      );
    const encoded = resolved.encode(command.value, { user, now });
    if (!encoded.ok) return this.refuse(command, resolved.target, encoded.error);
    const mqttVersion = this.deps.links.mqttVersion(resolved.target.broker);
    // Journaled before it leaves: a crash from here on leaves a `sending` record behind.
    const sending = await this.deps.journal.addCommand(
      this.newRecord(command, resolved.target, 'sending', now, ''),
    );
    this.deps.onRecord(sending);
    const published = await this.deps.links.publish(
      resolved.target.broker,
      resolved.target.topic,
      encoded.payload,
      {
        qos: resolved.qos,
        retain: false,
        ...(mqttVersion === 5 ? { messageExpirySeconds: resolved.expirySeconds } : {}),
      },
    );
    const sentAt = this.now();
    if (!published.ok) return this.update(sending.id, 'refused', sentAt, published.message);
    this.tracker.track({
      id: sending.id,
      tag: command.tag,
      value: encoded.value,
      sentAt: now,
      timeoutMs: resolved.timeoutMs,
    });
    return this.update(
      sending.id,
      'sent',
      sentAt,
      mqttVersion === 5 ? `MQTT 5, expires after ${resolved.expirySeconds} s` : 'MQTT 3.1.1',
    );
  }

  list(limit: number): Promise<CommandRecord[]> {
    return this.deps.journal.listCommands(limit);
  }

  /** A tag's current value changed: a good report of a pending command's value is its echo. */
  observe(tag: string): void {
    if (this.tracker.size === 0) return;
    const current = this.deps.currentValue(tag);
    if (!current || qualitySeverity(current.quality) !== 'good') return;
    this.tracker.observe(tag, current.value, current.ts);
  }

  private async refuse(
    command: PreparedCommand,
    target: CommandTarget,
    detail: string,
  ): Promise<CommandRecord> {
    const record = await this.deps.journal.addCommand(
      this.newRecord(command, target, 'refused', this.now(), detail),
    );
    this.deps.onRecord(record);
    return record;
  }

  private async update(
    id: number,
    outcome: CommandRecord['outcome'],
    at: number,
    detail: string,
  ): Promise<CommandRecord> {
    const record = await this.deps.journal.setCommandOutcome({ id, outcome, outcomeAt: at, detail });
    if (!record) throw new Error(`command ${id} vanished from the journal`);
    this.deps.onRecord(record);
    return record;
  }

  private async settle(
    command: SentCommand,
    outcome: TrackedOutcome,
    at: number,
    detail = outcome === 'echoed'
      ? 'the device reported the new value'
      : `the device did not report the new value within ${command.timeoutMs / 1000} s`,
  ): Promise<void> {
    try {
      await this.update(command.id, outcome, at, detail);
    } catch (error) {
      this.deps.log.error(`command ${command.id}: journaling ${outcome} failed: ${errorMessage(error)}`);
    }
  }

  private newRecord(
    command: PreparedCommand,
    target: CommandTarget,
    outcome: CommandRecord['outcome'],
    at: number,
    detail: string,
  ): NewCommandRecord {
    return {
      user: command.user,
      requestedAt: at,
      tag: command.tag,
      target,
      oldValue: command.oldValue,
      newValue: command.value,
      outcome,
      outcomeAt: at,
      detail,
    };
  }
}

function describe(target: CommandTarget): string {
  return `now ${target.metric} (${target.datatype}) on ${target.topic} via ${target.broker}`;
}
