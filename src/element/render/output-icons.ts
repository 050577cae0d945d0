import { svg } from 'lit';
import { icon } from '../icons.js';

/** The icons of output kinds: only the detail sections (a lazy chunk) show them. */
export const outputIcons = {
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
