import type { WriteValue } from './writeValue.js';

/**
 * Follows each sent command until the device shows it took effect: the tag reporting the new
 * value is the echo; no such report within the timeout is a timeout. Neither is assumed — a
 * command that was published is only "sent" until the device says otherwise, which is what the
 * engineer and the journal are told.
 */
export type CommandOutcome = 'echoed' | 'timedOut';

export interface SentCommand {
  id: number;
  tag: string;
  value: WriteValue;
  sentAt: number;
  timeoutMs: number;
}

export interface CommandTrackerOptions {
  onOutcome(command: SentCommand, outcome: CommandOutcome, at: number): void;
  now?: () => number;
  /** How often expired commands are looked for. */
  sweepMs?: number;
}

export class CommandTracker {
  private readonly pending = new Map<number, SentCommand>();
  private timer: NodeJS.Timeout | null = null;
  private readonly now: () => number;

  constructor(private readonly options: CommandTrackerOptions) {
    this.now = options.now ?? Date.now;
  }

  start(): void {
    this.timer = setInterval(() => this.sweep(), this.options.sweepMs ?? 250);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  get size(): number {
    return this.pending.size;
  }

  track(command: SentCommand): void {
    this.pending.set(command.id, command);
  }

  /**
   * A value the device reported. A report stamped before the command was sent (a late or
   * buffered one) is not an echo, however equal.
   */
  observe(tag: string, value: number | string | null, ts: number): void {
    for (const command of this.pending.values()) {
      if (command.tag !== tag || ts < command.sentAt || !sameValue(command.value, value)) continue;
      this.pending.delete(command.id);
      this.options.onOutcome(command, 'echoed', this.now());
    }
  }

  /** Stops following every pending command and hands them back (the service is stopping). */
  drain(): SentCommand[] {
    const pending = [...this.pending.values()];
    this.pending.clear();
    return pending;
  }

  /** Gives up on commands past their timeout. */
  sweep(): void {
    const now = this.now();
    for (const command of this.pending.values()) {
      if (now - command.sentAt < command.timeoutMs) continue;
      this.pending.delete(command.id);
      this.options.onOutcome(command, 'timedOut', now);
    }
  }
}

/** Booleans come back as 1/0; a Float comes back rounded to 32 bits. */
function sameValue(sent: WriteValue, reported: number | string | null): boolean {
  if (reported === null) return false;
  if (typeof sent === 'string' || typeof reported === 'string') return sent === reported;
  const expected = typeof sent === 'boolean' ? Number(sent) : sent;
  return expected === reported || Math.fround(expected) === Math.fround(reported);
}
