import { css } from 'lit';

/** Dark defaults, used by `theme="dark"` and by `theme="auto"` under `prefers-color-scheme: dark`. */
const darkTokens = css`
  --_accent: var(--mps-task-status-accent, #7fb0ff);
  --_success: var(--mps-task-status-success, #5fd38d);
  --_warning: var(--mps-task-status-warning, #f2b65a);
  --_danger: var(--mps-task-status-danger, #ff8a80);
  --_text: var(--mps-task-status-text, #e8eaed);
  --_muted: var(--mps-task-status-muted, #a9b0bb);
  --_surface: var(--mps-task-status-surface, #1c1f24);
  --_subtle: var(--mps-task-status-subtle, #262a31);
  --_border: var(--mps-task-status-border, #3a3f47);
  --_tint: 20%;
`;

/**
 * Public tokens (`--mps-task-status-*`) are read once on `:host` into private `--_*` variables,
 * so every rule below uses one name and the defaults (light, dark) live in one place.
 */
export const styles = css`
  :host {
    --_accent: var(--mps-task-status-accent, #0052d9);
    --_success: var(--mps-task-status-success, #0b6b34);
    --_warning: var(--mps-task-status-warning, #8a5300);
    --_danger: var(--mps-task-status-danger, #b42318);
    --_text: var(--mps-task-status-text, #1f2329);
    --_muted: var(--mps-task-status-muted, #545b66);
    --_surface: var(--mps-task-status-surface, #ffffff);
    --_subtle: var(--mps-task-status-subtle, #f3f5f8);
    --_border: var(--mps-task-status-border, #d9dde3);
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
    --_tint: 12%;
    display: block;
    color: var(--_text);
    font: 14px/1.45 var(--_font);
    contain: content;
    /* Off-screen widgets (rows 40–300 of a table) skip style, layout and paint until scrolled to. */
    content-visibility: auto;
    contain-intrinsic-size: auto 180px;
  }
  :host([variant='compact']) {
    contain-intrinsic-size: auto 44px;
  }
  :host([theme='dark']) {
    ${darkTokens}
  }
  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light']):not([theme='dark'])) {
      ${darkTokens}
    }
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
    font:
      12px/1.4 ui-monospace,
      SFMono-Regular,
      Menlo,
      Consolas,
      monospace;
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
  /* A table of spinning rows is noise, and each spinner is a layer to composite on every frame:
     rows show activity through their bar. */
  .compact .spin {
    animation: none;
  }
  @keyframes spin {
    to {
      transform: rotate(360deg);
    }
  }

  .source {
    color: var(--_muted);
    font-size: 13px;
    display: flex;
    gap: 6px;
    min-width: 0;
  }
  .source .path {
    flex: 0 1 auto;
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

  section {
    display: grid;
    gap: 6px;
  }
  .section-title {
    margin: 0;
    font-size: 12px;
    text-transform: uppercase;
    letter-spacing: 0.04em;
    color: var(--_muted);
    font-weight: 600;
  }
  ol,
  ul {
    margin: 0;
    padding: 0;
    list-style: none;
  }

  .times {
    display: flex;
    flex-wrap: wrap;
    gap: 4px 16px;
    margin: 0;
    font-size: 13px;
  }
  .times div {
    display: flex;
    gap: 4px;
  }
  .times dt {
    color: var(--_muted);
  }
  .times dd {
    margin: 0;
  }
  .timeline {
    display: grid;
    gap: 3px;
    font-size: 13px;
  }
  .timeline li {
    display: grid;
    grid-template-columns: minmax(7em, 11em) 1fr minmax(4.5em, auto);
    gap: 8px;
    align-items: center;
  }
  .timeline .lane {
    position: relative;
    height: 10px;
    background: var(--_subtle);
    border-radius: 3px;
  }
  .timeline .seg {
    left: var(--_from);
    width: calc(var(--_to) - var(--_from));
    position: absolute;
    top: 0;
    bottom: 0;
    border-radius: 3px;
    background: var(--_accent);
    min-width: 2px;
  }
  .timeline .seg.queue {
    background: var(--_muted);
    opacity: 0.55;
  }
  .timeline .seg.running {
    background: repeating-linear-gradient(
      45deg,
      var(--_accent) 0 6px,
      color-mix(in srgb, var(--_accent) 60%, var(--_surface)) 6px 12px
    );
  }
  .timeline .seg.fail {
    background: var(--_danger);
  }
  .timeline .dur {
    text-align: end;
    font-variant-numeric: tabular-nums;
    color: var(--_muted);
  }
  .timeline .total {
    font-weight: 600;
    color: var(--_text);
  }

  .group {
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) - 4px);
    overflow: hidden;
  }
  .group-head {
    display: flex;
    align-items: center;
    gap: 8px;
    padding: 6px 10px;
    background: var(--_subtle);
    font-weight: 600;
    font-size: 13px;
    flex-wrap: wrap;
  }
  .group-head .label {
    flex: 1 1 auto;
    min-width: 0;
  }
  .group-head .sub-state {
    font-weight: 400;
    color: var(--_muted);
    font-variant-numeric: tabular-nums;
  }
  .group-head .sub-state.fail {
    color: var(--_danger);
    font-weight: 600;
  }
  .output {
    padding: 8px 10px;
    display: grid;
    gap: 4px;
    border-top: 1px solid var(--_border);
  }
  .output:first-child {
    border-top: 0;
  }
  .path-row {
    display: flex;
    gap: 6px;
    align-items: center;
    min-width: 0;
  }
  .path {
    display: flex;
    min-width: 0;
    font:
      12.5px/1.4 ui-monospace,
      SFMono-Regular,
      Menlo,
      Consolas,
      monospace;
  }
  .path .head {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .path .tail {
    white-space: nowrap;
    flex: none;
  }
  a {
    color: var(--_accent);
  }
  a.path {
    text-decoration: underline;
  }
  .facts {
    display: flex;
    flex-wrap: wrap;
    gap: 4px 12px;
    color: var(--_muted);
    font-size: 12.5px;
  }
  .thumbs {
    display: flex;
    gap: 6px;
    flex-wrap: wrap;
  }
  .thumbs img {
    width: 96px;
    height: 54px;
    object-fit: cover;
    border-radius: 4px;
    background: var(--_subtle);
    border: 1px solid var(--_border);
  }
  details.paths summary {
    cursor: pointer;
    color: var(--_muted);
    font-size: 12.5px;
  }
  details.paths li {
    padding-left: 1em;
  }
  .sub-error {
    color: var(--_danger);
    font-size: 13px;
    padding: 6px 10px;
  }
  .findings {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: 2px 12px;
    margin: 0;
    padding: 6px 10px;
    font-size: 13px;
  }
  .findings div {
    display: contents;
  }
  .findings dt {
    color: var(--_muted);
  }
  .findings dd {
    margin: 0;
    overflow-wrap: anywhere;
  }
  details.long summary {
    cursor: pointer;
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
    font:
      12px ui-monospace,
      SFMono-Regular,
      Menlo,
      Consolas,
      monospace;
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
  button.more {
    margin-top: 6px;
  }
  button:focus-visible,
  a:focus-visible,
  summary:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }

  .compact {
    display: flex;
    align-items: center;
    gap: 10px;
    padding: 6px 10px;
  }
  .compact .track,
  .compact .track-space {
    flex: 1 1 4em;
    min-width: 3em;
    height: 6px;
  }
  .compact .summary {
    color: var(--_muted);
    font-size: 13px;
    white-space: nowrap;
    font-variant-numeric: tabular-nums;
  }
  .compact-details {
    margin-top: 6px;
  }
  .stale {
    opacity: 0.75;
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
