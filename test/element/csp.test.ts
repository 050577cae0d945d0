import { expect, fixture, html } from '@open-wc/testing';
import '../../src/index.js';
import type { MpsTaskStatus } from '../../src/element/index.js';
import { frozen } from '../support/bodies.js';
import { stateIs } from '../support/browser.js';

/**
 * Under a strict style policy (`style-src 'self'`, no 'unsafe-inline') the browser refuses style
 * attributes written as markup. The widget sets its bar and waterfall widths through the CSSOM
 * (allowed), so the page sees no violation and the bars keep their widths.
 */
describe('<mps-task-status> under a strict Content-Security-Policy', () => {
  it('causes no style-src violation and keeps bar widths', async () => {
    const meta = document.createElement('meta');
    meta.httpEquiv = 'Content-Security-Policy';
    meta.content = "style-src 'self'";
    document.head.append(meta);
    const violations: string[] = [];
    const record = (e: SecurityPolicyViolationEvent) =>
      violations.push(`${e.violatedDirective}: ${e.sample}`);
    document.addEventListener('securitypolicyviolation', record);
    for (const [scenario, at, state] of [
      ['success', 9000, 'processing'],
      ['success', 120_000, 'success'],
    ] as const) {
      const { taskId, fetcher } = frozen(scenario, at);
      const el = await fixture<MpsTaskStatus>(
        html`<mps-task-status task-id=${taskId} .fetcher=${fetcher}></mps-task-status>`,
      );
      await stateIs(el, state);
      await el.updateComplete;
      await new Promise((r) => setTimeout(r, 50)); // violation events are dispatched async
      const indicator = el.shadowRoot!.querySelector('[part="progress-indicator"]')!;
      expect(parseFloat(getComputedStyle(indicator).width)).to.be.greaterThan(0);
      const segments = [...el.shadowRoot!.querySelectorAll('.timeline .seg')];
      expect(segments.length).to.be.greaterThan(1);
      for (const s of segments) expect(parseFloat(getComputedStyle(s).width)).to.be.greaterThan(0);
    }
    document.removeEventListener('securitypolicyviolation', record);
    expect(violations).to.deep.equal([]);
  });
});
