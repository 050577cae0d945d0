import { svg, type SVGTemplateResult } from 'lit';

/**
 * Small inline icons (24-unit grid, stroke = currentColor), decorative: always aria-hidden. The
 * output kinds' icons are in the detail sections' chunk (`render/output-icons.ts`).
 */
export const icon = (body: SVGTemplateResult, cls = 'icon') =>
  svg`<svg class=${cls} viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true">${body}</svg>`;

export const icons = {
  waiting: () => icon(svg`<circle cx="12" cy="12" r="9"/><path d="M12 7v5l3 2"/>`),
  processing: () => icon(svg`<path d="M21 12a9 9 0 1 1-6.2-8.6"/>`, 'icon spin'),
  success: () => icon(svg`<circle cx="12" cy="12" r="9"/><path d="m8 12 3 3 5-6"/>`),
  failed: () => icon(svg`<circle cx="12" cy="12" r="9"/><path d="m9 9 6 6m0-6-6 6"/>`),
  warning: () => icon(svg`<path d="M12 3 2 20h20L12 3z"/><path d="M12 10v4m0 3v.5"/>`),
  copy: () =>
    icon(svg`<rect x="9" y="9" width="11" height="11" rx="2"/><path d="M5 15V5a2 2 0 0 1 2-2h8"/>`),
  check: () => icon(svg`<path d="m5 12 5 5 9-10"/>`),
};
