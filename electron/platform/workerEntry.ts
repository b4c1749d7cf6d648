import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * How to start a worker whose entry sits next to the calling module. Built code runs the `.js`
 * file. From TypeScript sources (tests, `tsx`) the worker first registers tsx's loader and then
 * imports the `.ts` entry, so one facade serves both.
 */
export function resolveWorkerEntry(callerUrl: string, stem: string): { source: string; eval: boolean } {
  const js = fileURLToPath(new URL(`./${stem}.js`, callerUrl));
  if (!callerUrl.endsWith('.ts') && existsSync(js)) return { source: js, eval: false };
  const ts = pathToFileURL(fileURLToPath(new URL(`./${stem}.ts`, callerUrl))).href;
  return {
    source: `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(ts)}); });`,
    eval: true,
  };
}
