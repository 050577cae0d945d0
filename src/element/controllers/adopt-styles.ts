import type { CSSResult } from 'lit';

/**
 * Adds a lazy chunk's styles to one widget's shadow root (once: returns true when they are in).
 * The element's static styles cannot name them — they arrive after it was defined.
 */
export function adoptStyles(
  root: HTMLElement | DocumentFragment,
  styles: CSSResult | null | undefined,
): boolean {
  const sheet = styles?.styleSheet;
  if (!sheet || !(root instanceof ShadowRoot)) return false;
  if (!root.adoptedStyleSheets.includes(sheet))
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  return true;
}
