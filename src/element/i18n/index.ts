import { en, type Strings } from './en.js';

export type { MainStrings, Strings } from './en.js';

/**
 * The English table. Until a lazy chunk brings its strings (the detail sections' `en-details.ts`,
 * the minimal view's `en-minimal.ts`) it lacks them — and nothing reads them before, since only
 * that chunk's markup does.
 */
let english = en as Strings;

/** Completes the English table with a chunk's strings (called as the chunk loads). */
export function addEnglish(part: Partial<Strings>): void {
  english = mergeStrings(english, part as StringOverrides);
}

/** Any `zh*` locale reads Simplified Chinese (MPS's own users do). */
export function isChinese(locale: string): boolean {
  return /^zh\b/i.test(locale);
}

/**
 * A widget's language: its `locale`, then the nearest `lang` attribute, then the browser's.
 * (Lit's server rendering has no DOM, so no `closest` there; the `locale` still counts.)
 * @internal
 */
export function languageOf(locale: string | undefined, host: Element): string {
  return (
    locale ||
    (typeof host.closest === 'function' ? host.closest('[lang]')?.getAttribute('lang') : null) ||
    globalThis.navigator?.language ||
    'en'
  );
}

/** The table a language reads: Simplified Chinese for any `zh*`, else the language itself. */
export const tableLanguage = (lang: string): string => (isChinese(lang) ? 'zh-CN' : lang);

let chinese: Strings | null = null;
let chineseLoading: Promise<void> | null = null;

/**
 * Loads the Chinese table, once per page. It is a chunk of its own (next to the main file in the
 * CDN build), so English pages never download it; Chinese pages start loading it as soon as the
 * script runs (see `first-statuses.ts`), in parallel with the first status request.
 */
export function loadChinese(): Promise<void> {
  chineseLoading ??= import('./zh-CN.js').then((module) => {
    chinese = module.zhCN;
  });
  return chineseLoading;
}

/** Whether the table for a locale can be used now (English always; Chinese once loaded). */
export function stringsReady(locale: string): boolean {
  return !isChinese(locale) || chinese != null;
}

/** The built-in table for a locale; English until the Chinese table has loaded. */
export function stringsFor(locale: string): Strings {
  return (isChinese(locale) && chinese) || english;
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
