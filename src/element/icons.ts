import { svg, type SVGTemplateResult } from 'lit';

/** Small inline icons (24-unit grid, stroke = currentColor), decorative: always aria-hidden. */
const icon = (body: SVGTemplateResult, cls = 'icon') =>
  svg`<svg class=${cls} viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false">${body}</svg>`;

export const icons = {
  waiting: () => icon(svg`<circle cx="12" cy="12" r="9"/><path d="M12 7v5l3 2"/>`),
  processing: () => icon(svg`<path d="M21 12a9 9 0 1 1-6.2-8.6"/>`, 'icon spin'),
  success: () => icon(svg`<circle cx="12" cy="12" r="9"/><path d="m8 12 3 3 5-6"/>`),
  failed: () => icon(svg`<circle cx="12" cy="12" r="9"/><path d="m9 9 6 6m0-6-6 6"/>`),
  warning: () => icon(svg`<path d="M12 3 2 20h20L12 3z"/><path d="M12 10v4m0 3v.5"/>`),
  copy: () =>
    icon(svg`<rect x="9" y="9" width="11" height="11" rx="2"/><path d="M5 15V5a2 2 0 0 1 2-2h8"/>`),
  check: () => icon(svg`<path d="m5 12 5 5 9-10"/>`),
  video: () =>
    icon(svg`<rect x="3" y="5" width="13" height="14" rx="2"/><path d="m16 10 5-3v10l-5-3"/>`),
  audio: () =>
    icon(
      svg`<path d="M9 18V6l10-2v12"/><circle cx="7" cy="18" r="2"/><circle cx="17" cy="16" r="2"/>`,
    ),
  stream: () => icon(svg`<path d="M4 6h16M4 12h16M4 18h10"/>`),
  animation: () =>
    icon(svg`<rect x="3" y="4" width="18" height="16" rx="2"/><path d="m10 9 5 3-5 3z"/>`),
  image: () =>
    icon(
      svg`<rect x="3" y="4" width="18" height="16" rx="2"/><circle cx="9" cy="10" r="2"/><path d="m21 17-5-5-9 8"/>`,
    ),
  sprite: () =>
    icon(
      svg`<rect x="3" y="3" width="8" height="8"/><rect x="13" y="3" width="8" height="8"/><rect x="3" y="13" width="8" height="8"/><rect x="13" y="13" width="8" height="8"/>`,
    ),
  subtitle: () =>
    icon(svg`<rect x="3" y="5" width="18" height="14" rx="2"/><path d="M7 13h4m2 0h4M7 16h10"/>`),
  file: () => icon(svg`<path d="M6 3h8l4 4v14H6z"/><path d="M14 3v4h4"/>`),
};
