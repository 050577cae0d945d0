import { css } from 'lit';

/**
 * Styles of the detail sections (findings, timing, outputs), shipped with them in their lazy
 * chunk and adopted by a widget's shadow root when it first shows them (`LazyPartController`):
 * a compact row or a minimal card never pays for them.
 */
export const detailStyles = css`
  .source {
    color: var(--_muted);
    font-size: 13px;
    display: flex;
    flex-wrap: wrap;
    gap: 6px;
    min-width: 0;
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
    white-space: nowrap;
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
  .note {
    margin: 6px 0 0;
    font-size: 12px;
    color: var(--_muted);
  }
  .failure {
    margin: 0;
    color: var(--_muted);
  }
  .failure strong {
    color: var(--_danger);
    font-weight: 600;
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
  button.more {
    margin-top: 6px;
  }
  /* The absolute time of a relative one, for keyboard users (mouse users get the tooltip). */
  time:focus-visible::after {
    content: ' · ' attr(title);
  }
`;
