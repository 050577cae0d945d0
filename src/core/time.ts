/** MPS writes this for a moment that has not happened yet (e.g. `FinishTime` while PROCESSING). */
export const NOT_YET = '0000-00-00T00:00:00Z';

/**
 * Parses an MPS timestamp into epoch milliseconds, or `null` for "not yet", empty or unparsable
 * values. Never returns year-0 dates: `0000-...` is a sentinel, not a time.
 */
export function parseMpsTime(value: unknown): number | null {
  if (typeof value !== 'string' || !value || value.startsWith('0000-')) return null;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : null;
}

/** Formats epoch ms the way MPS does (second precision, `Z`). */
export function formatMpsTime(ms: number | null | undefined): string {
  if (ms == null) return NOT_YET;
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}
