import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { frozen, STATES } from '../support/bodies.js';
import '../../src/index.js';
import type { MpsTaskStatus } from '../../src/element/index.js';
import { onVirtualClock, simulatedTasks, textOf } from '../support/browser.js';
import type { VirtualTime } from '../support/virtual-time.js';

const $ = (el: Element, sel: string) => el.shadowRoot!.querySelector<HTMLElement>(sel);

/**
 * The operating system's notifications are the edge this widget does not own: a stand-in that
 * records what the widget asked for and showed, and answers the permission prompt as told.
 */
class FakeNotification {
  static permission: NotificationPermission = 'default';
  static answer: NotificationPermission = 'granted';
  static prompts = 0;
  static shown: FakeNotification[] = [];
  onclick: (() => void) | null = null;
  closed = false;
  constructor(
    readonly title: string,
    readonly options: NotificationOptions,
  ) {
    FakeNotification.shown.push(this);
  }
  static async requestPermission(): Promise<NotificationPermission> {
    FakeNotification.prompts++;
    return (FakeNotification.permission = FakeNotification.answer);
  }
  close() {
    this.closed = true;
  }
}

/** Hides or shows the page as a background tab would (`visibilityState` and its event). */
function pageHidden(hidden: boolean) {
  if (hidden)
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
  else delete (document as { visibilityState?: string }).visibilityState;
  document.dispatchEvent(new Event('visibilitychange'));
}

/** The reader presses the toggle; the permission prompt answers and the card re-renders. */
async function press(el: MpsTaskStatus, clock: VirtualTime) {
  $(el, '[part="notify-button"]')!.click();
  await clock.flush();
  await el.updateComplete;
}

/** A `minimal` widget with `notify` on a simulated task, shown once it is processing. */
async function processingWidget(clock: VirtualTime, lang = 'en') {
  const tasks = simulatedTasks(clock);
  const id = tasks.start('success');
  const el = document.createElement('mps-task-status');
  Object.assign(el, { variant: 'minimal', notify: true, fetcher: tasks.fetcher, taskId: id });
  el.lang = lang;
  document.body.append(el);
  await clock.runUntil(() => el.getAttribute('state') === 'processing', 600_000);
  await el.updateComplete;
  return { el, id, calls: () => tasks.calls(id) };
}

describe('notify: "Notify me when it\'s ready"', () => {
  // Every test below renders the control at once: its chunk is loaded here, on real timers.
  before(async () => {
    const warm = await fixture<MpsTaskStatus>(
      html`<mps-task-status
        variant="minimal"
        notify
        task-id="warm"
        .fetcher=${frozen(...STATES.processing).fetcher}
      ></mps-task-status>`,
    );
    const control = '[part="notify-button"], [part="notify-blocked"]';
    await waitUntil(() => $(warm, control), 'the notify chunk', { timeout: 10_000 });
    warm.remove();
  });
  const real = Object.getOwnPropertyDescriptor(window, 'Notification')!;
  const realFocus = window.focus;
  let focused = 0;
  beforeEach(() => {
    Object.assign(FakeNotification, { permission: 'default', answer: 'granted', prompts: 0 });
    FakeNotification.shown = [];
    Object.defineProperty(window, 'Notification', { configurable: true, value: FakeNotification });
    focused = 0;
    window.focus = () => void focused++;
  });
  afterEach(() => {
    Object.defineProperty(window, 'Notification', real);
    window.focus = realFocus;
    pageHidden(false);
    document.querySelectorAll('mps-task-status').forEach((el) => el.remove());
  });

  it('is offered only where the page opts in, while the task runs, and asks nothing unprompted', async () => {
    let el!: MpsTaskStatus;
    await onVirtualClock(async (clock) => {
      ({ el } = await processingWidget(clock));
    });
    const button = $(el, '[part="notify-button"]')!;
    expect(button.textContent!.trim()).to.equal("Notify me when it's ready");
    expect(button.getAttribute('aria-pressed')).to.equal('false');
    expect(FakeNotification.prompts, 'no prompt before the click').to.equal(0);
    // axe waits on real timers: outside the virtual clock.
    await expect(el).to.be.accessible();
    el.notify = false;
    await el.updateComplete;
    expect($(el, '[part="notify-button"]'), 'without notify').to.equal(null);
  });

  it('ends while hidden: follows it in the background, one notification, its click brings the tab back', async () => {
    await onVirtualClock(async (clock) => {
      const { el, id } = await processingWidget(clock);
      await press(el, clock);
      expect(FakeNotification.prompts).to.equal(1);
      expect($(el, '[part="notify-button"]')!.getAttribute('aria-pressed')).to.equal('true');
      pageHidden(true);
      await clock.runUntil(() => el.getAttribute('state') === 'success', 600_000);
      expect(FakeNotification.shown.length).to.equal(1);
      const [shown] = FakeNotification.shown;
      expect(shown.title).to.equal('Your video is ready');
      expect(shown.options.tag).to.equal(id);
      expect(shown.options.body).to.equal(document.title);
      shown.onclick!();
      expect(focused).to.equal(1);
      expect(shown.closed).to.equal(true);
      await el.updateComplete;
      expect($(el, '[part="notify-button"]'), 'gone once finished').to.equal(null);
    });
  });

  it('not asked for: a hidden page pauses as before, and shows nothing', async () => {
    await onVirtualClock(async (clock) => {
      const { el, calls } = await processingWidget(clock);
      pageHidden(true);
      const before = calls();
      await clock.advance(600_000);
      expect(calls(), 'no poll while hidden').to.equal(before);
      expect(el.getAttribute('state')).to.equal('processing');
      expect(FakeNotification.shown.length).to.equal(0);
    });
  });

  it('ends while the page is visible: the card says it, no system notification', async () => {
    await onVirtualClock(async (clock) => {
      const { el } = await processingWidget(clock);
      await press(el, clock);
      await clock.runUntil(() => el.getAttribute('state') === 'success', 600_000);
      expect(FakeNotification.shown.length).to.equal(0);
    });
  });

  it('pressed again: no longer asked for, and no notification', async () => {
    await onVirtualClock(async (clock) => {
      const { el } = await processingWidget(clock);
      await press(el, clock);
      await press(el, clock);
      expect($(el, '[part="notify-button"]')!.getAttribute('aria-pressed')).to.equal('false');
      pageHidden(true);
      pageHidden(false);
      await clock.runUntil(() => el.getAttribute('state') === 'success', 600_000);
      pageHidden(true);
      expect(FakeNotification.shown.length).to.equal(0);
      expect(FakeNotification.prompts, 'one prompt, on the first click').to.equal(1);
    });
  });

  it('refused by the reader: says the browser blocks it, and never asks again', async () => {
    FakeNotification.answer = 'denied';
    let el!: MpsTaskStatus;
    await onVirtualClock(async (clock) => {
      ({ el } = await processingWidget(clock));
      $(el, '[part="notify-button"]')!.click();
      await clock.flush();
    });
    await el.updateComplete;
    expect($(el, '[part="notify-button"]')).to.equal(null);
    expect($(el, '[part="notify-blocked"]')!.textContent).to.contain('blocked');
    expect(FakeNotification.prompts).to.equal(1);
    await expect(el).to.be.accessible();
  });

  it('in Chinese', async () => {
    await onVirtualClock(async (clock) => {
      const { el } = await processingWidget(clock, 'zh-CN');
      expect($(el, '[part="notify-button"]')!.textContent!.trim()).to.equal('完成后通知我');
      $(el, '[part="notify-button"]')!.click();
      await clock.flush();
      pageHidden(true);
      await clock.runUntil(() => el.getAttribute('state') === 'success', 600_000);
      expect(FakeNotification.shown[0].title).to.equal('视频已就绪');
      expect(FakeNotification.shown[0].options.lang).to.equal('zh-CN');
    });
  });

  it('a browser without notifications: nothing offered', async () => {
    await onVirtualClock(async (clock) => {
      const { el } = await processingWidget(clock);
      expect(textOf(el)).to.contain('Notify');
      Object.defineProperty(window, 'Notification', { configurable: true, value: undefined });
      el.requestUpdate();
      await el.updateComplete;
      expect(el.getAttribute('state')).to.equal('processing');
      expect(textOf(el)).not.to.contain('Notify');
    });
  });
});
