import { randomBytes } from 'node:crypto';
import { TOKEN_LIFETIME_MS, type CommandTarget, type WriteValue } from '../../shared/commands.js';

/** What a confirmation was for: a token sends exactly this, or nothing. */
export interface PreparedCommand {
  user: string;
  tag: string;
  value: WriteValue;
  target: CommandTarget;
  oldValue: number | string | null;
}

export type Taken =
  | { ok: true; command: PreparedCommand }
  | { ok: false; reason: 'unknown' }
  | { ok: false; reason: 'used' | 'expired' | 'other caller'; command: PreparedCommand };

interface Entry {
  command: PreparedCommand;
  expiresAt: number;
  used: boolean;
}

/** Tokens kept at most; the oldest go first (a confirmation nobody sends is simply forgotten). */
const MAX_TOKENS = 1_000;

/**
 * One-time tokens for prepared commands: random, bound to the caller, tag, value and target
 * they were issued for, valid for a short time and for one send only. A token that was used or
 * has expired is still recognised for a while, so the refusal can say which.
 */
export class CommandTokens {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly lifetimeMs = TOKEN_LIFETIME_MS,
  ) {}

  issue(command: PreparedCommand): { token: string; expiresAt: number } {
    this.forgetOld();
    const token = randomBytes(18).toString('base64url');
    const expiresAt = this.now() + this.lifetimeMs;
    this.entries.set(token, { command, expiresAt, used: false });
    return { token, expiresAt };
  }

  /** Uses a token up: a second send with it, by anyone, is refused. */
  take(token: string, user: string): Taken {
    const entry = this.entries.get(token);
    if (!entry) return { ok: false, reason: 'unknown' };
    const { command } = entry;
    if (command.user !== user) return { ok: false, reason: 'other caller', command };
    if (entry.used) return { ok: false, reason: 'used', command };
    entry.used = true;
    if (this.now() > entry.expiresAt) return { ok: false, reason: 'expired', command };
    return { ok: true, command };
  }

  /** Tokens past twice their lifetime are forgotten; beyond the cap, the oldest. */
  private forgetOld(): void {
    const horizon = this.now() - this.lifetimeMs;
    for (const [token, entry] of this.entries) if (entry.expiresAt < horizon) this.entries.delete(token);
    for (const token of this.entries.keys()) {
      if (this.entries.size < MAX_TOKENS) break;
      this.entries.delete(token);
    }
  }
}
