import type { Logger } from 'shardline';

export interface LogEntry {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  fields: Record<string, unknown> | undefined;
}

/** A logger that keeps what it is told, so tests can assert on logs (and on what never reaches them). */
export function captureLogger(): Logger & { entries: LogEntry[]; text(): string } {
  const entries: LogEntry[] = [];
  const at = (level: LogEntry['level']) => (message: string, fields?: Record<string, unknown>) => {
    entries.push({ level, message, fields });
  };
  return {
    entries,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    text: () => JSON.stringify(entries, (_key, value: unknown) => (value instanceof Error ? { name: value.name, message: value.message } : value)),
  };
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
