/**
 * Defensive readers for values the schema does not pin down (the outputs of AI steps, fields MPS
 * may add) and for numbers that must make sense on screen. Each returns null (or an empty list)
 * for anything of the wrong type, so normalization never throws on a body it has not seen.
 */

export type Loose = Record<string, unknown>;

export const record = (v: unknown): Loose | null =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Loose) : null;

/** The object entries of a list (nulls and wrong types skipped); [] for a non-list. */
export const records = (v: unknown): Loose[] =>
  Array.isArray(v) ? (v.map(record).filter(Boolean) as Loose[]) : [];

/** A non-empty string, or null. */
export const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** The non-empty strings of a list. */
export const texts = (v: unknown): string[] =>
  Array.isArray(v) ? (v.filter((x) => typeof x === 'string' && x !== '') as string[]) : [];

/** A finite number, or null (NaN and ±Infinity are not numbers a person can read). */
export const finite = (v: unknown): number | null =>
  typeof v === 'number' && Number.isFinite(v) ? v : null;

/** A size, duration, bitrate or count: finite and not negative, else null. */
export const amount = (v: unknown): number | null => {
  const n = finite(v);
  return n != null && n >= 0 ? n : null;
};

/** A percentage clamped to 0–100, or null. */
export const percent = (v: unknown): number | null => {
  const n = finite(v);
  return n == null ? null : Math.min(100, Math.max(0, n));
};
