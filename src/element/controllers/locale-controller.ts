import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { formatterFor, type Formatter } from '../format.js';
import {
  languageOf,
  loadChinese,
  mergeStrings,
  stringsFor,
  stringsReady,
  tableLanguage,
  type StringOverrides,
  type Strings,
} from '../i18n/index.js';

interface LocaleHost extends ReactiveControllerHost, HTMLElement {
  locale: string;
  strings?: StringOverrides;
}

/**
 * The widget's language, its strings (built-in table with the page's overrides merged in) and its
 * Intl formatter, resolved before each update of the host; strings are merged again only when
 * the language or the overrides object changed, so hundreds of widgets share the same tables.
 * The Chinese table loads on demand: until it has, `ready` is false and the host shows no text,
 * so a Chinese reader never sees English first.
 */
export class LocaleController implements ReactiveController {
  /** `zh-CN` for any Chinese locale, else the locale as given (`en` by default). */
  language = 'en';
  private merged: { base: Strings; overrides: unknown; strings: Strings } | null = null;

  constructor(private readonly host: LocaleHost) {
    host.addController(this);
  }

  hostConnected(): void {
    this.resolve();
  }

  hostUpdate(): void {
    this.resolve();
  }

  /** The `locale` property, then the nearest `lang` attribute, then the browser's language. */
  private resolve(): void {
    this.language = tableLanguage(languageOf(this.host.locale, this.host));
    if (!this.ready) this.loading ??= loadChinese().then(() => this.host.requestUpdate());
  }

  /** The language's table has loaded. */
  get ready(): boolean {
    return stringsReady(this.language);
  }

  /** Settles when the table the widget asked for has loaded (and the host was asked to update). */
  loading: Promise<void> | null = null;

  get strings(): Strings {
    const base = stringsFor(this.language);
    const overrides = this.host.strings;
    const cached = this.merged;
    if (cached && cached.base === base && cached.overrides === overrides) return cached.strings;
    const strings = mergeStrings(base, overrides);
    this.merged = { base, overrides, strings };
    return strings;
  }

  get format(): Formatter {
    return formatterFor(this.language);
  }
}
