import { Ajv } from 'ajv';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';

/**
 * Packaging needs an Electron download, so it cannot run here; the configuration is checked
 * offline against electron-builder's own schema plus the invariants our native modules need.
 */
const require = createRequire(import.meta.url);
const config = yaml.load(
  readFileSync(new URL('../../../electron-builder.yml', import.meta.url), 'utf8'),
) as Record<string, unknown>;

describe('electron-builder.yml', () => {
  it("is valid against electron-builder's schema", () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    const validate = ajv.compile(require('app-builder-lib/scheme.json') as object);
    expect(validate(config), JSON.stringify(validate.errors, null, 2)).toBe(true);
  });

  it('keeps native modules and worker entries loadable outside the asar', () => {
    expect(config.asarUnpack).toEqual(
      expect.arrayContaining([
        '**/*.node',
        'node_modules/better-sqlite3/**',
        'node_modules/onnxruntime-node/bin/**',
        'out/electron/historian/**',
        'out/electron/config/**',
        // The inference process imports onnxruntime lazily, from outside the asar like its binaries.
        'out/electron/inference/**',
        'node_modules/onnxruntime-node/dist/**',
        'node_modules/onnxruntime-common/**',
      ]),
    );
  });

  it('turns off the fuses that would let someone run the app as plain Node', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
    });
  });

  it('never changes the app id', () => {
    expect(config.appId).toBe('com.watchkeeper.controlroom');
  });
});
