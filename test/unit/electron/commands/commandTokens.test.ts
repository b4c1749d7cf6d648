import { describe, expect, it } from 'vitest';
import { CommandTokens, type PreparedCommand } from '../../../../electron/commands/commandTokens.js';

const command: PreparedCommand = {
  user: 'erin',
  tag: 'line1/pump1/speed_setpoint',
  value: 55,
  oldValue: 100,
  target: {
    kind: 'sparkplug',
    broker: 'site',
    topic: 'spBv1.0/factory/DCMD/line1/pump1',
    metric: 'speed_setpoint',
    datatype: 'Double',
  },
};

function setup() {
  let now = 5_000;
  const tokens = new CommandTokens(() => now, 30_000);
  return { tokens, advance: (ms: number) => (now += ms) };
}

describe('command tokens', () => {
  it('sends exactly what was confirmed, once', () => {
    const { tokens } = setup();
    const { token, expiresAt } = tokens.issue(command);
    expect(expiresAt).toBe(35_000);
    expect(tokens.take(token, 'erin')).toEqual({ ok: true, command });
    expect(tokens.take(token, 'erin')).toEqual({ ok: false, reason: 'used', command });
  });

  it('refuses a token past its lifetime', () => {
    const { tokens, advance } = setup();
    const { token } = tokens.issue(command);
    advance(30_001);
    expect(tokens.take(token, 'erin')).toEqual({ ok: false, reason: 'expired', command });
  });

  it('refuses a token to anyone but the engineer it was issued to, without using it up', () => {
    const { tokens } = setup();
    const { token } = tokens.issue(command);
    expect(tokens.take(token, 'mallory')).toMatchObject({ ok: false, reason: 'other caller' });
    expect(tokens.take(token, 'erin')).toMatchObject({ ok: true });
  });

  it('does not know a token it never issued, and issues a different one each time', () => {
    const { tokens } = setup();
    const first = tokens.issue(command).token;
    const second = tokens.issue(command).token;
    expect(first).not.toBe(second);
    expect(first.length).toBeGreaterThanOrEqual(20);
    expect(tokens.take('made-up', 'erin')).toEqual({ ok: false, reason: 'unknown' });
  });

  it('forgets tokens long expired', () => {
    const { tokens, advance } = setup();
    const { token } = tokens.issue(command);
    advance(61_000);
    tokens.issue(command); // issuing sweeps
    expect(tokens.take(token, 'erin')).toEqual({ ok: false, reason: 'unknown' });
  });
});
