import type { TaskView } from '../core/view.js';
import { enMinimal } from './i18n/en-minimal.js';
import { stringsFor } from './i18n/index.js';
import { styles } from './mps-task-status.styles.js';
import { minimalStyles } from './render/minimal.styles.js';

const SVG = 'http://www.w3.org/2000/svg';

/** The two running states' icons, drawn as `icons.ts` draws them (a test holds them equal). */
const ICONS = {
  WAITING: [
    ['circle', 'cx', '12', 'cy', '12', 'r', '9'],
    ['path', 'd', 'M12 7v5l3 2'],
  ],
  PROCESSING: [['path', 'd', 'M21 12a9 9 0 1 1-6.2-8.6']],
};

/** `tag` in `namespace` with `attributes` (name, value, name, value…) and `children`. */
function node(
  tag: string,
  attributes: string[],
  children: (Node | string)[] = [],
  namespace = 'http://www.w3.org/1999/xhtml',
): Element {
  const element = document.createElementNS(namespace, tag);
  for (let i = 0; i < attributes.length; i += 2)
    element.setAttribute(attributes[i], attributes[i + 1]);
  element.append(...children);
  return element;
}

function stateIcon(status: 'WAITING' | 'PROCESSING'): Element {
  const spin = status === 'PROCESSING' ? ' spin' : '';
  return node(
    'svg',
    [
      'class',
      `icon${spin}`,
      'viewBox',
      '0 0 24 24',
      'fill',
      'none',
      'stroke',
      'currentColor',
      'stroke-width',
      '2',
      'stroke-linecap',
      'round',
      'stroke-linejoin',
      'round',
      'aria-hidden',
      'true',
    ],
    ICONS[status].map(([tag, ...attributes]) => node(tag, attributes, [], SVG)),
    SVG,
  );
}

/**
 * Draws a widget's first status before the element is defined: the CDN file's first module does
 * this when a `minimal` widget's first answer says WAITING or PROCESSING (`provisionalTask`), so
 * an end user on a phone sees it as soon as the answer lands, not once Lit, the element and its
 * chunks have downloaded. The markup, the styles and the strings are the minimal view's own for
 * that answer (a headline, an indeterminate bar, a line), in a shadow root that the element takes
 * over and redraws when it can show the same (as a server-rendered one). Nothing from the body
 * but its status is shown. Returns false where constructable style sheets are missing.
 * @internal
 */
export function drawFirstStatus(
  widget: HTMLElement,
  task: Pick<TaskView, 'status'>,
  language: string,
): boolean {
  const status = task.status === 'WAITING' ? 'WAITING' : 'PROCESSING';
  const state = status === 'WAITING' ? 'waiting' : 'processing';
  const sheets = [styles.styleSheet, minimalStyles.styleSheet];
  if (!sheets[0] || !sheets[1]) return false;
  const strings = stringsFor(language);
  const minimal = language === 'zh-CN' ? strings.minimal : enMinimal.minimal;
  const label = strings.state[state];
  const root = widget.attachShadow({ mode: 'open' });
  root.adoptedStyleSheets = sheets as CSSStyleSheet[];
  const slot = node('slot', ['name', `icon-${state}`], [stateIcon(status)]);
  root.append(
    node(
      'div',
      ['class', 'base minimal', 'part', 'base', 'data-state', state, 'lang', language],
      [
        node(
          'div',
          ['class', 'headline', 'part', 'headline'],
          [slot, node('span', [], [minimal[state]])],
        ),
        node(
          'div',
          [
            'class',
            'track indeterminate',
            'part',
            'progress',
            'role',
            'progressbar',
            'aria-label',
            strings.progressLabel,
            'aria-valuemin',
            '0',
            'aria-valuemax',
            '100',
            'aria-valuetext',
            strings.progressText(label, null),
          ],
          [node('div', ['class', 'indicator', 'part', 'progress-indicator'])],
        ),
        node('div', ['class', 'detail', 'part', 'detail'], [minimal[`${state}Detail`]]),
      ],
    ),
  );
  // As the element reflects it (`HostStateController`): page CSS styles by it from now.
  widget.setAttribute('state', state);
  return true;
}
