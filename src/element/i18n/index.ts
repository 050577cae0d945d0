import { en, type Strings } from './en.js';
import { zhCN } from './zh-CN.js';

export type { Strings };

/** Any `zh*` locale reads Simplified Chinese (MPS's own users do). */
export function isChinese(locale: string): boolean {
  return /^zh\b/i.test(locale);
}

/** The built-in table for a locale. */
export function stringsFor(locale: string): Strings {
  return isChinese(locale) ? zhCN : en;
}

/** Deep-merges page overrides over the built-in strings (one level of nesting, as the tables have). */
export function mergeStrings(base: Strings, overrides: StringOverrides | undefined): Strings {
  if (!overrides) return base;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    const current = (base as Record<string, unknown>)[key];
    out[key] =
      value &&
      typeof value === 'object' &&
      current &&
      typeof current === 'object' &&
      !Array.isArray(value)
        ? { ...current, ...value }
        : value;
  }
  return out as Strings;
}

/**
 * Page overrides of the built-in strings: any top-level entry, and any single entry of the nested
 * tables (`state`, `subtask`, `errors`, ...), which are merged one level deep.
 */
export type StringOverrides = {
  [K in keyof Strings]?: Strings[K] extends (...a: never[]) => unknown
    ? Strings[K]
    : Strings[K] extends object
      ? Partial<Strings[K]>
      : Strings[K];
};
