import { en, type Strings } from './en.js';
import { zhCN } from './zh-CN.js';

export type { Strings };

/** Built-in languages. Chinese for any `zh*` locale (MPS's own users read Simplified Chinese). */
export function stringsFor(locale: string): Strings {
  return /^zh\b/i.test(locale) ? zhCN : en;
}

/** Deep-merges page overrides over the built-in strings (one level of nesting, as the tables have). */
export function mergeStrings(base: Strings, overrides: DeepPartial<Strings> | undefined): Strings {
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

export type DeepPartial<T> = {
  [K in keyof T]?: T[K] extends (...a: never[]) => unknown
    ? T[K]
    : T[K] extends object
      ? Partial<T[K]>
      : T[K];
};
