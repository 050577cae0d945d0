import { html, nothing, type TemplateResult } from 'lit';
import { icons } from '../icons.js';
import type { PartContext, RenderContext } from './context.js';

/** A path with a middle ellipsis when narrow: the head shrinks, the file name stays readable. */
export function pathText(path: string, href: string | null, part = 'path'): TemplateResult {
  const cut = Math.max(
    0,
    path.length - Math.min(24, Math.max(12, path.length - path.lastIndexOf('/'))),
  );
  const inner = html`<span class="head">${path.slice(0, cut)}</span
    ><span class="tail">${path.slice(cut)}</span>`;
  return href
    ? html`<a
        class="path"
        part="output-link"
        href=${href}
        target="_blank"
        rel="noopener noreferrer"
        title=${path}
        >${inner}</a
      >`
    : html`<span class="path" part=${part} title=${path}>${inner}</span>`;
}

export function copyButton(
  ctx: RenderContext,
  text: string,
  key: string,
  label: string,
): TemplateResult {
  const done = ctx.copiedKey === key;
  return html`<button
    type="button"
    class="icon-button"
    part="copy-button"
    aria-label=${done ? ctx.strings.copied : label}
    title=${done ? ctx.strings.copied : label}
    @click=${() => ctx.copy(text, key)}
  >
    ${done ? icons.check() : icons.copy()}
  </button>`;
}

/**
 * A section's title: styled text by default, so the widget fits any page outline; a heading of
 * the page's chosen level with `heading-level`. Sections carry no accessible name, so a page of
 * many widgets has no look-alike landmarks.
 */
export function sectionTitle(ctx: RenderContext, text: string): TemplateResult {
  const level = ctx.headingLevel;
  return level
    ? html`<div class="section-title" role="heading" aria-level=${level}>${text}</div>`
    : html`<div class="section-title">${text}</div>`;
}

/**
 * "Show more" under a long list (a task with thousands of outputs): rendering a page at a time
 * keeps the first render and every clock tick as cheap as for a short task.
 */
export function showMoreButton(ctx: PartContext, total: number) {
  if (total <= ctx.listLimit) return nothing;
  const { format } = ctx;
  return html`<button type="button" class="more" part="show-more-button" @click=${ctx.showMore}>
    ${ctx.strings.showMore(format.number(ctx.listLimit), format.number(total))}
  </button>`;
}

/** `6:21 · 480×360 · h264`: the facts that exist, in order, joined. */
export function joinFacts(facts: (string | null | false | undefined)[]): string {
  return facts.filter(Boolean).join(' · ');
}

export const maybe = <T>(value: T | null | undefined, fn: (v: T) => string): string | null =>
  value == null ? null : fn(value);
