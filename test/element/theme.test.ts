import { expect, fixture, html } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import '../../src/index.js';
import type { MpsTaskStatus } from '../../src/element/index.js';
import { frozen, STATES } from '../support/bodies.js';
import { stateIs } from '../support/browser.js';

const LIGHT_SURFACE = 'rgb(255, 255, 255)';
const DARK_SURFACE = 'rgb(28, 31, 36)';

/** A finished widget inside a wrapper with the page's `color-scheme` (none: the default). */
async function card(pageScheme: string | null, theme?: 'light' | 'dark') {
  const { taskId, fetcher } = frozen(...STATES.success);
  const wrap = await fixture<HTMLDivElement>(
    html`<div style=${pageScheme ? `color-scheme: ${pageScheme}` : ''}>
      <mps-task-status
        task-id=${taskId}
        .fetcher=${fetcher}
        locale="en"
        theme=${theme ?? 'auto'}
      ></mps-task-status>
    </div>`,
  );
  const el = wrap.querySelector<MpsTaskStatus>('mps-task-status')!;
  await stateIs(el, 'success');
  const base = el.shadowRoot!.querySelector<HTMLElement>('[part="base"]')!;
  return {
    el,
    surface: getComputedStyle(base).backgroundColor,
    text: getComputedStyle(base).color,
  };
}

describe('<mps-task-status> theme follows the page, not the OS', () => {
  after(() => emulateMedia({ colorScheme: 'light' }));

  it('a light page stays light when the OS is dark', async () => {
    await emulateMedia({ colorScheme: 'dark' });
    const { surface, text } = await card(null);
    expect(surface).to.equal(LIGHT_SURFACE);
    expect(text).to.equal('rgb(31, 35, 41)');
  });

  it('a page that opts into dark gets a dark card where the OS is dark, a light one where not', async () => {
    await emulateMedia({ colorScheme: 'dark' });
    expect((await card('light dark')).surface).to.equal(DARK_SURFACE);
    await emulateMedia({ colorScheme: 'light' });
    expect((await card('light dark')).surface).to.equal(LIGHT_SURFACE);
    expect((await card('dark')).surface, 'a dark-only page').to.equal(DARK_SURFACE);
  });

  it('theme="light" and theme="dark" override the page', async () => {
    await emulateMedia({ colorScheme: 'dark' });
    expect((await card('dark', 'light')).surface).to.equal(LIGHT_SURFACE);
    expect((await card(null, 'dark')).surface).to.equal(DARK_SURFACE);
  });

  it('a page token still wins in either scheme', async () => {
    const { el } = await card('dark');
    el.style.setProperty('--mps-task-status-surface', 'rgb(1, 2, 3)');
    const base = el.shadowRoot!.querySelector<HTMLElement>('[part="base"]')!;
    expect(getComputedStyle(base).backgroundColor).to.equal('rgb(1, 2, 3)');
  });
});
