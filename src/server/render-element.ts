/**
 * The element on the server, under Lit's server rendering: the browser's own class, with every
 * lazy part loaded and its styles inlined, given the state the core computed. Loaded on first use
 * by `renderTaskStatusHTML` (it brings Lit and `@lit-labs/ssr`, which a server that never renders
 * does not need).
 */
import { render } from '@lit-labs/ssr';
import { collectResult } from '@lit-labs/ssr/lib/render-result.js';
import { html, type PropertyValues } from 'lit';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { html as staticHtml, unsafeStatic } from 'lit/static-html.js';
import type { TaskSnapshot } from '../core/snapshot.js';
import { hostState } from '../element/host-state.js';
import { loadChinese } from '../element/i18n/index.js';
import { MpsTaskStatus } from '../element/mps-task-status.js';
import { compactPart, detailsPart, minimalPart } from '../element/render/parts.js';

const parts = [detailsPart, minimalPart, compactPart];
await Promise.all([...parts.map((part) => part.load()), loadChinese()]);

/** The element as the server renders it: the state given, not fetched; its part's styles too. */
class ServerRenderedTaskStatus extends MpsTaskStatus {
  static override properties = {
    ...MpsTaskStatus.properties,
    serverSnapshot: { attribute: false },
  };
  serverSnapshot: TaskSnapshot | null = null;

  // Lit's server rendering calls `willUpdate` but not the controllers' `hostUpdate`: what they
  // would compute before a render in the browser, done here.
  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    this.task.snapshot = this.serverSnapshot;
    for (const controller of [this.localization, this.details, this.minimal, this.compact])
      controller.hostUpdate();
    // For page CSS (`mps-task-status[state=…]`) before the script runs, as the widget reflects it.
    this.setAttribute('state', hostState(this.taskId, this.serverSnapshot));
  }

  // The browser adopts a lazy part's styles when it shows it: here, the shown part's only.
  protected override render() {
    const part =
      this.variant === 'minimal'
        ? minimalPart
        : this.variant === 'compact'
          ? compactPart
          : detailsPart;
    return html`${unsafeHTML(`<style>${part.loaded!.styles.cssText}</style>`)}${super.render()}`;
  }
}

if (!customElements.get('mps-task-status'))
  customElements.define('mps-task-status', ServerRenderedTaskStatus);
else if (customElements.get('mps-task-status') !== ServerRenderedTaskStatus)
  throw new Error(
    'renderTaskStatusHTML: <mps-task-status> is already defined in this process by the browser ' +
      "build (an import of 'mps-task-status'); import it only in the browser.",
  );

/**
 * `element` (`<mps-task-status …></mps-task-status>`, attributes escaped by the caller) rendered
 * with `snapshot`, and `answerScript` after its shadow root, in its light DOM (the widget reads and
 * removes it): the browser can show the status while the answer is still arriving.
 */
export async function renderElement(
  element: string,
  snapshot: TaskSnapshot,
  answerScript: string,
  nonce?: string,
): Promise<string> {
  const [open, close] = element.split('></');
  const template = staticHtml`${unsafeStatic(open)} .serverSnapshot=${snapshot}
    >${unsafeHTML(answerScript)}</${unsafeStatic(close)}`;
  const markup = await collectResult(render(template));
  return (
    markup
      // The bar's fill is a custom property the browser sets through the CSSOM (CSP-safe), which
      // server rendering cannot: written as a style attribute here, from the bar's own value.
      .replace(
        /(aria-valuenow="(\d+(?:\.\d+)?)"[^>]*>\s*(?:<!--[^>]*-->)?<div\s+class="indicator")/g,
        '$1 style="--_value:$2%"',
      )
      .replace(/<style>/g, nonce ? `<style nonce="${nonce.replace(/\W/g, '')}">` : '<style>')
  );
}
