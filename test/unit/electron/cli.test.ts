import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { writeFileSync } from 'node:fs';
import { main } from '../../../electron/cli.js';
import { fullSiteFile } from '../../helpers/siteConfigFiles.js';
import { makeTempDir } from '../../helpers/tempDir.js';

const dir = makeTempDir();
let files = 0;
/** A settings file with this text, in a folder removed after the tests. */
function settingsFile(text: string): string {
  const path = `${dir.path}/settings-${files++}.json`;
  writeFileSync(path, text);
  return path;
}

describe('the watchkeeper command', () => {
  afterAll(() => dir.remove());
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
    [['serve', '--history-settings', '/nonexistent/h.json'], /cannot read history settings .*ENOENT/],
    [
      ['serve', '--history-settings', settingsFile('{"retention": {"rawDays": 9')],
      /cannot read history settings/,
    ],
    [
      [
        'serve',
        '--history-settings',
        settingsFile('{"retention": {"rawDays": 900, "minuteDays": 30, "hourDays": null}}'),
      ],
      /history settings .*coarser rollups must be kept at least as long/,
    ],
    [['serve', '--history-max-mb', '1'], /history-max-mb: /],
    [['serve', '--brokers', '/nonexistent/b.json'], /cannot read brokers .*ENOENT/],
    [
      ['serve', '--brokers', settingsFile('{"brokers": [{"id": "line1", "url": "http://plant:1883"}]}')],
      /brokers .*: brokers\.0\.url: must be an mqtt:\/\//,
    ],
    [
      [
        'serve',
        '--brokers',
        settingsFile('{"brokers": [{"id": "line1", "url": "mqtt://a", "passwd": "x"}]}'),
      ],
      /brokers .*: brokers\.0: Unrecognized key: "passwd"/,
    ],
    [
      ['serve', '--broker', 'mqtt://a:1883', '--brokers', settingsFile('{"brokers": []}')],
      /give either --broker or --brokers, not both/,
    ],
    [
      ['serve', '--broker', 'mqtt://a:1883', '--config', settingsFile(JSON.stringify(fullSiteFile()))],
      /the --config file names brokers: give no --broker or --brokers with it/,
    ],
    [
      ['serve', '--config', settingsFile('{"format": "watchkeeper-site-config"')],
      /cannot read site configuration/,
    ],
    [['serve', '--cloud', '/nonexistent/cloud.json'], /cannot read cloud settings .*ENOENT/],
    [
      [
        'serve',
        '--cloud',
        settingsFile('{"enabled": true, "cloud": {"id": "c", "url": "mqtts://u:pw@cloud:8883"}}'),
      ],
      /cloud settings .*: cloud\.url: keep the password out of the URL/,
    ],
    [['serve', '--cloud', settingsFile('{"enabled": true, "metered": "yes"}')], /cloud settings .*: metered/],
    [['serve', '--station', 'desk 2/north'], /station: a station id is 1–64 letters/],
    [['serve', '--site-id', 'plant#1'], /site-id: a site id is 1–64 letters/],
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
