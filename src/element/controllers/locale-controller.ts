import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { formatterFor, type Formatter } from '../format.js';
import {
  isChinese,
  mergeStrings,
  stringsFor,
  type StringOverrides,
  type Strings,
} from '../i18n/index.js';

interface LocaleHost extends ReactiveControllerHost, HTMLElement {
  locale: string;
  strings?: StringOverrides;
}

/**
 * The widget's language, its strings (built-in table with the page's overrides merged in) and its
 * Intl formatter. The host calls `resolve()` once per update; strings are merged again only when
 * the language or the overrides object changed, so hundreds of widgets share the same tables.
 */
export class LocaleController implements ReactiveController {
  /** `zh-CN` for any Chinese locale, else the locale as given (`en` by default). */
  language = 'en';
  private merged: { language: string; overrides: unknown; strings: Strings } | null = null;

  constructor(private readonly host: LocaleHost) {
    host.addController(this);
  }

  hostConnected(): void {
    this.resolve();
  }

  /** The `locale` property, then the nearest `lang` attribute, then the browser's language. */
  resolve(): void {
    const lang =
      this.host.locale ||
      this.host.closest('[lang]')?.getAttribute('lang') ||
      globalThis.navigator?.language ||
      'en';
    this.language = isChinese(lang) ? 'zh-CN' : lang;
  }

  get strings(): Strings {
    const { language, host } = this;
    const cached = this.merged;
    if (cached && cached.language === language && cached.overrides === host.strings) {
      return cached.strings;
    }
    const strings = mergeStrings(stringsFor(language), host.strings);
    this.merged = { language, overrides: host.strings, strings };
    return strings;
  }

  get format(): Formatter {
    return formatterFor(this.language);
  }
}
