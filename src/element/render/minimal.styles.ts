import { css } from 'lit';

/**
 * The minimal view's own styles, adopted into a widget's shadow root with its chunk, and by the
 * provisional first status the CDN file draws before the element is defined
 * (`first-status-view.ts`): the same rules, so nothing moves when the element takes over.
 */
export const minimalStyles = css`
  .minimal {
    display: grid;
    gap: 8px;
    max-width: 36em;
  }
  .minimal .headline {
    display: flex;
    align-items: center;
    gap: 8px;
    font-size: 16px;
    font-weight: 600;
  }
  .minimal .detail,
  .minimal .technical {
    color: var(--_muted);
  }
  .minimal .technical {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 8px;
  }
  .minimal > button {
    justify-self: start;
  }
  .cta {
    justify-self: start;
    padding: 8px 18px;
    border-radius: 8px;
    background: var(--_accent);
    color: var(--_surface);
    font-weight: 600;
    text-decoration: none;
  }
  .cta:hover {
    text-decoration: underline;
  }
  .preview {
    max-width: 100%;
    border-radius: 8px;
  }
`;
