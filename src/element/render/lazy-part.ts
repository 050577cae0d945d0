import type { CSSResult } from 'lit';
import { addEnglish } from '../i18n/index.js';
import type { Strings } from '../i18n/en.js';

/** What a lazily loaded part of the view brings: its renderer, its styles, its English strings. */
export interface PartModule<View> {
  view: View;
  styles: CSSResult;
  strings: Partial<Strings>;
}

/**
 * A part of the view that is a chunk of its own, loaded once per page on first use; its English
 * strings join the table as it lands. `LazyPartController` asks for it and adopts its styles
 * into each widget that shows it.
 */
export class LazyPart<View> {
  /** The part once loaded, else null (the widget renders without it meanwhile). */
  loaded: PartModule<View> | null = null;
  #loading: Promise<void> | null = null;

  constructor(private readonly importPart: () => Promise<PartModule<View>>) {}

  load(): Promise<void> {
    return (this.#loading ??= this.importPart().then((part) => {
      addEnglish(part.strings);
      this.loaded = part;
    }));
  }
}
