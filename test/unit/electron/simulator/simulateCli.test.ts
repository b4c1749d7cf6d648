import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  parseSimulateArgs,
  runCommand,
  runSimulateCommand,
} from '../../../../electron/simulator/simulateCli.js';

describe('parseSimulateArgs', () => {
  it('fills in defaults around the broker URL', () => {
    expect(parseSimulateArgs(['--broker', 'mqtt://127.0.0.1:1883'])).toEqual({
      ok: true,
      args: { broker: 'mqtt://127.0.0.1:1883', devices: 12, rate: 1, format: 'sparkplug', seed: 1 },
    });
  });

  it('coerces every numeric flag', () => {
    const parsed = parseSimulateArgs([
      '--broker=mqtt://127.0.0.1:1883',
      '--devices=500',
      '--tags-per-device=20',
      '--rate=50',
      '--format=json',
      '--seed=9',
    ]);
    expect(parsed).toEqual({
      ok: true,
      args: {
        broker: 'mqtt://127.0.0.1:1883',
        devices: 500,
        'tags-per-device': 20,
        rate: 50,
        format: 'json',
        seed: 9,
      },
    });
  });

  it.each([
    [[], /broker/],
    [['--broker', 'localhost:1883'], /broker/],
    [['--broker', 'mqtt://127.0.0.1', '--devices', '0'], /devices/],
    [['--broker', 'mqtt://127.0.0.1', '--rate', 'fast'], /rate/],
    [['--broker', 'mqtt://127.0.0.1', '--format', 'xml'], /format/],
    [['--broker', 'mqtt://127.0.0.1', '--colour'], /colour/],
    [['--broker', 'mqtt://127.0.0.1', '--rate', '-1'], /--rate=-XYZ/],
  ])('rejects %j with a message naming the problem', (argv, pattern) => {
    const parsed = parseSimulateArgs(argv);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.error).toMatch(pattern);
      expect(parsed.error).not.toContain('\n');
    }
  });
});

describe('runSimulateCommand', () => {
  afterEach(() => {
    process.exitCode = undefined;
    vi.restoreAllMocks();
  });

  it('prints one error line and sets exit code 2 for bad flags', async () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    await runSimulateCommand(['--broker', 'mqtt://127.0.0.1', '--rate=-1']);
    expect(process.exitCode).toBe(2);
    expect(stderr).toHaveBeenCalledTimes(1);
    expect(String(stderr.mock.calls[0]?.[0])).toMatch(/^watchkeeper simulate: rate: .+\n$/);
  });
});

describe('simulate commands on standard input', () => {
  it('silences a device the plant has, and answers anything else without obeying it', () => {
    const silenced: string[] = [];
    const simulator = {
      silence: (device: string) => device === 'line1/pump1' && silenced.push(device) > 0,
    };
    expect(runCommand(simulator, 'silence line1/pump1')).toBe('silenced line1/pump1');
    expect(runCommand(simulator, 'silence line9/ghost')).toBe('no such device: line9/ghost');
    expect(runCommand(simulator, 'rm -rf /')).toMatch(/^unknown command: rm -rf \//);
    expect(runCommand(simulator, '   ')).toBe('');
    expect(silenced).toEqual(['line1/pump1']);
  });
});
