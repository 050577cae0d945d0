import { css } from 'lit';

/**
 * Public tokens (`--mps-task-status-*`) are read once on `:host` into private `--_*` variables,
 * so every rule below uses one name and the defaults live in one place. Each default is a
 * `light-dark()` pair: the widget inherits the page's `color-scheme`, so a light page (the
 * default, whatever the OS) gets a light card and a page that opts into dark gets a dark one.
 */
export const styles = css`
  :host {
    --_accent: var(--mps-task-status-accent, light-dark(#0052d9, #7fb0ff));
    --_success: var(--mps-task-status-success, light-dark(#0b6b34, #5fd38d));
    --_warning: var(--mps-task-status-warning, light-dark(#8a5300, #f2b65a));
    --_danger: var(--mps-task-status-danger, light-dark(#b42318, #ff8a80));
    --_text: var(--mps-task-status-text, light-dark(#1f2329, #e8eaed));
    --_muted: var(--mps-task-status-muted, light-dark(#545b66, #a9b0bb));
    --_surface: var(--mps-task-status-surface, light-dark(#fff, #1c1f24));
    --_subtle: var(--mps-task-status-subtle, light-dark(#f3f5f8, #262a31));
    --_border: var(--mps-task-status-border, light-dark(#d9dde3, #3a3f47));
    --_font: var(
      --mps-task-status-font,
      system-ui,
      -apple-system,
      'Segoe UI',
      'PingFang SC',
      'Microsoft YaHei',
      sans-serif
    );
    --_radius: var(--mps-task-status-radius, 10px);
    --_space: var(--mps-task-status-spacing, 12px);
    --_bar: var(--mps-task-status-bar-height, 8px);
    --_tint: 16%;
    --_mono: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
    display: block;
    color: var(--_text);
    font: 14px/1.45 var(--_font);
    contain: content;
    /* Off-screen widgets (rows 40–300 of a table) skip style, layout and paint until scrolled to. */
    content-visibility: auto;
    contain-intrinsic-size: auto 180px;
  }
  /* The height a row has before its first layout is the one it keeps (38px: one line of badge,
     text and button; a page that restyles ::part(base) says its own), so a table's rows do not
     move as they render (CLS). */
  :host([variant='compact']) {
    contain-intrinsic-size: auto var(--mps-task-status-row-height, 38px);
  }
  /* A row whose view is still loading is as tall as the row will be, one 24px line inside the
     same box (so a page that restyles ::part(base) gets the same height for both): nothing moves. */
  :host([variant='compact']) .pending {
    padding: 6px 10px;
    line-height: 24px;
  }
  :host([theme='light']) {
    color-scheme: light;
  }
  :host([theme='dark']) {
    color-scheme: dark;
  }
  :host([hidden]) {
    display: none;
  }
  [hidden] {
    display: none !important;
  }
  * {
    box-sizing: border-box;
  }

  .base {
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: var(--_space);
    display: grid;
    gap: var(--_space);
  }
  .header {
    display: flex;
    align-items: flex-start;
    gap: 8px;
    flex-wrap: wrap;
  }
  .title {
    flex: 1 1 12em;
    min-width: 0;
    display: grid;
    gap: 2px;
  }
  .title-text {
    font-weight: 600;
  }
  .task-id {
    display: flex;
    align-items: center;
    gap: 4px;
    color: var(--_muted);
    font: 12px/1.4 var(--_mono);
  }
  .actions {
    display: flex;
    gap: 6px;
    align-items: center;
  }

  .badge {
    --_c: var(--_muted);
    display: inline-flex;
    align-items: center;
    gap: 4px;
    padding: 2px 8px;
    border-radius: 999px;
    font-size: 12px;
    font-weight: 600;
    white-space: nowrap;
    color: var(--_c);
    background: color-mix(in srgb, var(--_c) var(--_tint), var(--_surface));
    border: 1px solid color-mix(in srgb, var(--_c) 35%, transparent);
  }
  .badge svg,
  .icon {
    width: 1em;
    height: 1em;
    flex: none;
  }
  [data-state='processing'] .badge,
  [data-state='loading'] .badge {
    --_c: var(--_accent);
  }
  [data-state='success'] .badge {
    --_c: var(--_success);
  }
  [data-state='partial'] .badge {
    --_c: var(--_warning);
  }
  [data-state='failed'] .badge,
  [data-state='error'] .badge {
    --_c: var(--_danger);
  }
  .spin {
    animation: spin 1.2s linear infinite;
    will-change: transform;
  }
  @keyframes spin {
    to {
      transform: rotate(360deg);
    }
  }

  .progress {
    display: grid;
    gap: 4px;
  }
  .track {
    position: relative;
    height: var(--_bar);
    border-radius: 999px;
    overflow: hidden;
    background: var(--_subtle);
    border: 1px solid var(--_border);
  }
  .indicator {
    position: absolute;
    inset: 0 auto 0 0;
    width: var(--_value, 0%);
    border-radius: inherit;
    background: var(--_accent);
    transition: width 400ms ease;
  }
  [data-state='success'] .indicator {
    background: var(--_success);
  }
  [data-state='partial'] .indicator {
    background: var(--_warning);
  }
  [data-state='failed'] .indicator,
  [data-state='error'] .indicator {
    background: var(--_danger);
  }
  /* transform, not left: the compositor animates it without a layout per frame per widget. */
  .indeterminate .indicator {
    width: 35%;
    animation: slide 1.4s ease-in-out infinite;
    will-change: transform;
  }
  @keyframes slide {
    from {
      transform: translateX(-100%);
    }
    to {
      transform: translateX(290%);
    }
  }
  .progress-meta {
    display: flex;
    gap: 12px;
    flex-wrap: wrap;
    color: var(--_muted);
    font-size: 13px;
  }
  .progress-meta .percent {
    color: var(--_text);
    font-weight: 600;
    font-variant-numeric: tabular-nums;
  }

  .path {
    display: flex;
    min-width: 0;
    font: 12.5px/1.4 var(--_mono);
  }
  /* Both halves take an ellipsis: on a phone the head gives way first, then the file name
     ends in one instead of spilling over what follows. */
  .path > span {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .path .head {
    flex: 0 1000 auto;
  }
  a {
    color: var(--_accent);
  }
  .notice,
  .error {
    display: flex;
    gap: 8px;
    align-items: center;
    flex-wrap: wrap;
    padding: 8px 10px;
    border-radius: calc(var(--_radius) - 4px);
    font-size: 13px;
    border: 1px solid color-mix(in srgb, var(--_c, var(--_warning)) 40%, transparent);
    background: color-mix(in srgb, var(--_c, var(--_warning)) var(--_tint), var(--_surface));
  }
  .error {
    --_c: var(--_danger);
  }
  .error .message {
    flex: 1 1 14em;
  }
  .code {
    font: 12px var(--_mono);
  }

  button {
    font: inherit;
    font-size: 12.5px;
    color: var(--_text);
    cursor: pointer;
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: 6px;
    padding: 2px 8px;
    display: inline-flex;
    align-items: center;
    gap: 4px;
  }
  button.icon-button {
    padding: 2px 4px;
    color: var(--_muted);
  }
  button:hover {
    border-color: var(--_accent);
  }
  button:focus-visible,
  a:focus-visible,
  summary:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }

  /* Stale (last-known data while requests fail): a dashed outline, never faded text, so every
     label keeps its AA contrast. The notice line says why. */
  .stale {
    border-style: dashed;
  }

  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }

  @media (prefers-reduced-motion: reduce) {
    .spin,
    .indeterminate .indicator {
      animation: none;
    }
    .indeterminate .indicator {
      transform: none;
      width: 100%;
      opacity: 0.4;
    }
    .indicator {
      transition: none;
    }
  }
  @media (forced-colors: active) {
    .base,
    .group,
    .track,
    .badge,
    .notice,
    .error {
      border-color: CanvasText;
    }
    .indicator,
    .timeline .seg {
      background: Highlight;
      forced-color-adjust: none;
    }
    .timeline .lane {
      border: 1px solid CanvasText;
    }
  }
`;
