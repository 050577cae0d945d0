import type { detailSections } from './details.js';

let sections: typeof detailSections | null = null;
let loading: Promise<void> | null = null;

/** Loads the detail sections (`details.ts`) once per page; settles when they can render. */
export function loadDetails(): Promise<void> {
  loading ??= import('./details.js').then((module) => {
    sections = module.detailSections;
  });
  return loading;
}

/** The detail sections' renderer once loaded, else null (the card renders without them). */
export function loadedDetails(): typeof detailSections | null {
  return sections;
}
