// What the first-status tests look at: a page's widgets before any script, and their markup.

/** Widgets in the HTML before the script has run (what a CMS page serves). */
export function page(...widgets: string[]): HTMLElement[] {
  document.body.innerHTML = widgets.join('');
  return [...document.querySelectorAll<HTMLElement>('mps-task-status')];
}

/** A node's markup as it renders: tags, attributes (class tokens as a set), text; no comments. */
export function structure(node: Node): unknown {
  if (node instanceof Text) return node.data.trim();
  if (!(node instanceof Element)) return '';
  const attributes = [...node.attributes]
    .map((a) => [
      a.name,
      a.name === 'class' ? a.value.split(/\s+/).filter(Boolean).sort() : a.value,
    ])
    .sort();
  const children = [...node.childNodes].map(structure).filter((c) => c !== '');
  return [node.localName, attributes, children];
}

export const base = (widget: HTMLElement) =>
  widget.shadowRoot?.querySelector('[part="base"]') ?? null;
