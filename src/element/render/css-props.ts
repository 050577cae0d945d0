import { noChange, nothing } from 'lit';
import { Directive, directive, type ElementPart } from 'lit/directive.js';

/**
 * Sets custom properties (`--_value`, `--_from`, ...) on an element through the CSSOM, as an
 * element binding: `<div ${cssProps({'--_value': '42%'})}>`. Lit's `styleMap` writes a `style`
 * attribute on first render, which a strict Content-Security-Policy (`style-src 'self'`) blocks;
 * `style.setProperty` is never blocked.
 */
class CssProps extends Directive {
  private previous: string[] = [];

  render(_props: Record<string, string>) {
    return nothing;
  }

  override update(part: ElementPart, [props]: [Record<string, string>]) {
    const { style } = part.element as HTMLElement;
    for (const name of this.previous) if (!(name in props)) style.removeProperty(name);
    for (const [name, value] of Object.entries(props)) style.setProperty(name, value);
    this.previous = Object.keys(props);
    return noChange;
  }
}

export const cssProps = directive(CssProps);
