const UNITS: Readonly<Record<string, number>> = { ns: 1e-6, us: 1e-3, µs: 1e-3, μs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * Milliseconds in a Go duration string, as Consul parses `?wait=` (`10s`, `5m`, `1m30s`, `250ms`,
 * `1.5h`); `undefined` when the text is not one. A bare `0` is a valid zero duration, as in Go.
 */
export function parseGoDuration(text: string): number | undefined {
  if (text === '0') return 0;
  const parts = [...text.matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g)];
  if (!parts.length || parts.map((part) => part[0]).join('') !== text) return undefined;
  return parts.reduce((total, [, amount, unit]) => total + Number(amount) * UNITS[unit], 0);
}
