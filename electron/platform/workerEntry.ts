import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Locates a worker's entry file next to the module that spawns it. Built code runs the `.js`
 * file; when running from TypeScript sources (tests, `tsx`), the `.ts` file is loaded through
 * tsx's loader, so the same facade works in both.
 */
export function resolveWorkerEntry(
  callerUrl: string,
  stem: string,
): { filename: string; execArgv: string[] } {
  const js = fileURLToPath(new URL(`./${stem}.js`, callerUrl));
  if (!callerUrl.endsWith('.ts') && existsSync(js)) return { filename: js, execArgv: [] };
  const ts = fileURLToPath(new URL(`./${stem}.ts`, callerUrl));
  return { filename: ts, execArgv: ['--import', 'tsx'] };
}
