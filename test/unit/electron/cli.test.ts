import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../../electron/cli.js';

describe('the watchkeeper command', () => {
  afterEach(() => vi.restoreAllMocks());

  function run(argv: string[]): Promise<{ code: number; stderr: string; stdout: string }> {
    let stderr = '';
    let stdout = '';
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
    return main(argv).then((code) => ({ code, stderr, stdout }));
  }

  it.each([
    [['serve', '--port', 'abc'], /port: /],
    [['serve', '--port', '70000'], /port: /],
    [
      ['serve', '--broker', 'http://plant:1883'],
      /broker: must be an mqtt:\/\/, mqtts:\/\/, ws:\/\/ or wss:\/\/ URL/,
    ],
    [['serve', '--colour', 'blue'], /Unknown option '--colour'/],
    [['frobnicate'], /unknown command "frobnicate"/],
  ])('refuses %j with one clear line and the usage', async (argv, message) => {
    const { code, stderr } = await run(argv);
    expect(code).toBe(2);
    expect(stderr.split('\n')[0]).toMatch(message);
    expect(stderr).toContain('usage:');
  });

  it('prints the usage for --help', async () => {
    const { code, stdout } = await run(['serve', '--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/watchkeeper serve \[--port N\]/);
  });
});
