import type { CSSResult } from 'lit';
import { addEnglish } from '../i18n/index.js';
import type { detailSections } from './details.js';

let loaded: { sections: typeof detailSections; styles: CSSResult } | null = null;
let loading: Promise<void> | null = null;

/** Loads the detail sections (`details.ts`), their styles and English strings once per page. */
export function loadDetails(): Promise<void> {
  loading ??= import('./details.js').then((module) => {
    addEnglish(module.enDetails);
    loaded = { sections: module.detailSections, styles: module.detailStyles };
  });
  return loading;
}

/** The detail sections' renderer once loaded, else null (the card renders without them). */
export function loadedDetails(): typeof detailSections | null {
  return loaded?.sections ?? null;
}

/** Their styles once loaded, else null. */
export function loadedDetailStyles(): CSSResult | null {
  return loaded?.styles ?? null;
}
