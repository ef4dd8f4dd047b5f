import { UsageError } from './errors.js';

const UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Parses a Go-style duration ("90s", "1m30s", "500ms", "2h") into milliseconds. A bare "0" is allowed. */
export function parseDuration(text: string, flag = '--timeout'): number {
  if (text === '0') return 0;
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?|\.\d+)(ns|us|µs|ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text) {
    throw new UsageError(`invalid value "${text}" for ${flag}: expected a duration such as 30s, 5m or 1m30s`);
  }
  return Math.round(parts.reduce((sum, [, n, unit = '']) => sum + Number(n) * (UNITS[unit] ?? 0), 0));
}

/**
 * --request-timeout as kubectl reads it (client-go tools/clientcmd ParseTimeout): a bare non-negative integer is
 * seconds, else a Go duration; 0 means no limit.
 */
export function parseRequestTimeout(text: string): number {
  if (/^\+?\d+$/.test(text)) return Number(text) * 1000;
  try {
    return parseDuration(text, '--request-timeout');
  } catch {
    throw new UsageError(
      `invalid value "${text}" for --request-timeout: a timeout must be a single integer in seconds, ` +
        'or an integer followed by a corresponding time unit (e.g. 1s | 2m | 3h); 0 means no timeout',
    );
  }
}

/** Formats milliseconds the way kubectl prints ages: 5s, 3m, 2h, 4d. */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 120) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h`;
  return `${Math.floor(h / 24)}d`;
}

/** "5m", "1m30s", "500ms": the inverse of parseDuration, for messages. */
export function formatDurationWords(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  const s = Math.round(ms / 1000);
  const parts = [
    [Math.floor(s / 3600), 'h'],
    [Math.floor((s % 3600) / 60), 'm'],
    [s % 60, 's'],
  ] as const;
  return parts
    .filter(([n]) => n > 0)
    .map(([n, u]) => `${n}${u}`)
    .join('');
}
