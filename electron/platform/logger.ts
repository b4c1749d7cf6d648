/**
 * A small structured logger. `once` logs the first occurrence of each cause and then stays quiet
 * for that cause, so a device spamming malformed payloads cannot flood the log (issue #2: bad
 * input is "logged once per cause, not per message").
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  once(cause: string, level: LogLevel, message: string): void;
  child(scope: string): Logger;
}

export type LogSink = (line: string, level: LogLevel) => void;

const levelRank: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

const stderrSink: LogSink = (line) => process.stderr.write(`${line}\n`);

export function createLogger(
  scope: string,
  options: { minLevel?: LogLevel; sink?: LogSink; seen?: Set<string> } = {},
): Logger {
  const minLevel =
    options.minLevel ?? ((process.env.WATCHKEEPER_LOG_LEVEL as LogLevel | undefined) || 'info');
  const sink = options.sink ?? stderrSink;
  const seen = options.seen ?? new Set<string>();

  const write = (level: LogLevel, message: string) => {
    if (levelRank[level] < (levelRank[minLevel] ?? 1)) return;
    sink(`${new Date().toISOString()} ${level.toUpperCase().padEnd(5)} [${scope}] ${message}`, level);
  };

  return {
    debug: (message) => write('debug', message),
    info: (message) => write('info', message),
    warn: (message) => write('warn', message),
    error: (message) => write('error', message),
    once(cause, level, message) {
      const key = `${scope}:${cause}`;
      if (seen.has(key)) return;
      seen.add(key);
      write(level, `${message} (further occurrences of "${cause}" are counted in /api/health, not logged)`);
    },
    child: (child) => createLogger(`${scope}.${child}`, { minLevel, sink, seen }),
  };
}

/** A logger that records lines, for tests and for benchmarks that must not print. */
export function createMemoryLogger(scope = 'test'): Logger & { lines: string[] } {
  const lines: string[] = [];
  const logger = createLogger(scope, { minLevel: 'debug', sink: (line) => lines.push(line) });
  return Object.assign(logger, { lines });
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
