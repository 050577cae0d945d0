/**
 * Framework and editor data for `<mps-task-status>`, generated from `custom-elements.json` (which
 * comes from the element's JSDoc) at the end of the build, as Shoelace/Web Awesome and Mux do:
 *
 * - `dist/frameworks.d.ts`: the tag in React's `JSX.IntrinsicElements`, Vue's `GlobalComponents`
 *   and Svelte's `SvelteHTMLElements`, attributes typed from the element's own properties and
 *   events with their detail types. `dist/index.d.ts` and `dist/element/index.d.ts` reference it,
 *   so `import 'mps-task-status'` is all it takes. An augmentation of a framework a project does
 *   not have is ignored by TypeScript (a declaration file's `declare module` for a module that
 *   does not resolve is no error).
 * - `dist/vscode.html-custom-data.json` (VS Code's `html.customData`) and `dist/web-types.json`
 *   (JetBrains IDEs, found through `web-types` in package.json).
 */
import { readFileSync, writeFileSync } from 'node:fs';

interface Described {
  name: string;
  description?: string;
  type?: { text: string };
}
interface Attribute extends Described {
  fieldName?: string;
}
interface Declaration extends Described {
  tagName?: string;
  customElement?: boolean;
  attributes?: Attribute[];
  events?: Described[];
  members?: (Described & {
    kind: string;
    privacy?: string;
    static?: boolean;
    readonly?: boolean;
  })[];
  slots?: Described[];
  cssParts?: Described[];
  cssProperties?: Described[];
}
interface Manifest {
  modules: { declarations?: Declaration[] }[];
}

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { name: string; version: string };
const manifest = JSON.parse(readFileSync('custom-elements.json', 'utf8')) as Manifest;
const element = manifest.modules
  .flatMap((m) => m.declarations ?? [])
  .find((d) => d.customElement && d.tagName);
if (!element?.tagName) throw new Error('framework-types: no custom element in the manifest');
const tag = element.tagName;
const cls = element.name;

const doc = (text: string | undefined, indent: string) =>
  text ? `${indent}/** ${text.replace(/\*\//g, '*\\/').replace(/\n/g, ' ')} */\n` : '';

// Attributes with a property are typed by it; those the element only sets on itself (`state`,
// `stale`) are read-only for pages and left out of what a template may write.
const attributes = (element.attributes ?? []).filter((a) => a.fieldName);
const attributeFields = new Set(attributes.map((a) => a.fieldName));
// Properties without an attribute (objects and functions) that frameworks set as properties.
const properties = (element.members ?? []).filter(
  (m) =>
    m.kind === 'field' &&
    !m.static &&
    !m.readonly &&
    m.privacy !== 'private' &&
    m.privacy !== 'protected' &&
    !attributeFields.has(m.name),
);
const events = element.events ?? [];
const eventType = (e: Described) => e.type?.text ?? 'Event';

const attributeLines = attributes
  .map(
    (a) => `${doc(a.description, '  ')}  '${a.name}'?: AttributeValue<${cls}['${a.fieldName}']>;`,
  )
  .join('\n');
const propertyLines = [...attributes.map((a) => ({ ...a, name: a.fieldName! })), ...properties]
  .map((p) => `${doc(p.description, '  ')}  ${p.name}?: ${cls}['${p.name}'];`)
  .join('\n');
const eventNames = events.map((e) => e.name);
const eventTypes = [...new Set(events.map(eventType))];
const eventProp = (prefix: string, name: (event: string) => string) =>
  events
    .map(
      (e) =>
        `${doc(e.description, '  ')}  '${prefix}${name(e.name)}'?: (event: ${eventType(e)}) => void;`,
    )
    .join('\n');

const dts = `// Generated from custom-elements.json by scripts/framework-types.ts: do not edit.
import type { ${[cls, ...eventTypes].join(', ')} } from './element/index.js';

/** What markup may write for a property's attribute: its value, or a number as text. */
type AttributeValue<T> = T extends number ? T | \`\${number}\` : T;

/** \`<${tag}>\`'s attributes as markup writes them, typed by the properties they set. */
export interface ${cls}Attributes {
${attributeLines}
}

/** \`<${tag}>\`'s properties, as frameworks that bind properties (Vue, React 19) set them. */
export interface ${cls}Properties {
${propertyLines}
}

/** \`<${tag}>\`'s events by name. */
export interface ${cls}Events {
${events.map((e) => `  '${e.name}': ${eventType(e)};`).join('\n')}
}

/** React 19: \`on\` + the event's own name (React listens to it as written). */
export interface ${cls}ReactEvents {
${eventProp('on', (n) => n)}
}

/** Svelte 5 (\`on${eventNames[0]}\`) and Svelte 4 (\`on:${eventNames[0]}\`). */
export interface ${cls}SvelteEvents {
${eventProp('on', (n) => n)}
${eventProp('on:', (n) => n)}
}

/** Vue's \`$emit\` shape: \`@${eventNames[0]}\` handlers get the event with its detail. */
export interface ${cls}Emit {
${events.map((e) => `  (name: '${e.name}', event: ${eventType(e)}): void;`).join('\n')}
}

/**
 * Whatever else markup carries (class, style, id, ref, key, slot, data-*, aria-*): accepted, not
 * typed here. Nothing below names a framework's own types, so a project without that framework
 * type-checks even with \`skipLibCheck: false\`.
 */
interface OtherAttributes {
  [attribute: string]: unknown;
}

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      '${tag}': ${cls}Attributes & ${cls}Properties & ${cls}ReactEvents & OtherAttributes;
    }
  }
}

declare module 'vue' {
  interface GlobalComponents {
    // As Vue's guide types custom elements ("Web Components and TypeScript"): props and emits.
    '${tag}': new () => ${cls} & {
      $props: ${cls}Properties & OtherAttributes;
      $emit: ${cls}Emit;
    };
  }
}

declare module 'svelte/elements' {
  interface SvelteHTMLElements {
    '${tag}': ${cls}Attributes & ${cls}Properties & ${cls}SvelteEvents & OtherAttributes;
  }
}
`;
writeFileSync('dist/frameworks.d.ts', dts);

// Every entry whose types are the element's: the augmentations come with the first import.
for (const [file, path] of [
  ['dist/index.d.ts', './frameworks.d.ts'],
  ['dist/element/index.d.ts', '../frameworks.d.ts'],
]) {
  const text = readFileSync(file, 'utf8');
  const reference = `/// <reference path="${path}" />\n`;
  if (!text.startsWith(reference)) writeFileSync(file, reference + text);
}

const valuesOf = (type: string | undefined) =>
  [...(type ?? '').matchAll(/'([^']*)'/g)].map((m) => ({ name: m[1] }));

writeFileSync(
  'dist/vscode.html-custom-data.json',
  JSON.stringify({
    version: 1.1,
    tags: [
      {
        name: tag,
        description: element.description,
        attributes: attributes.map((a) => ({
          name: a.name,
          description: a.description,
          ...(valuesOf(a.type?.text).length ? { values: valuesOf(a.type?.text) } : {}),
        })),
      },
    ],
  }),
);

writeFileSync(
  'dist/web-types.json',
  JSON.stringify({
    $schema: 'https://json.schemastore.org/web-types',
    name: pkg.name,
    version: pkg.version,
    'description-markup': 'markdown',
    contributions: {
      html: {
        elements: [
          {
            name: tag,
            description: element.description,
            attributes: attributes.map((a) => ({
              name: a.name,
              description: a.description,
              value: { type: a.type?.text ?? 'string' },
            })),
            js: {
              properties: [
                ...attributes.map((a) => ({ ...a, name: a.fieldName! })),
                ...properties,
              ].map((p) => ({ name: p.name, description: p.description, type: p.type?.text })),
              events: events.map((e) => ({ name: e.name, description: e.description })),
            },
            slots: (element.slots ?? []).map((s) => ({ name: s.name, description: s.description })),
          },
        ],
      },
      css: {
        properties: (element.cssProperties ?? []).map((p) => ({
          name: p.name,
          description: p.description,
        })),
        parts: (element.cssParts ?? []).map((p) => ({ name: p.name, description: p.description })),
      },
    },
  }),
);
