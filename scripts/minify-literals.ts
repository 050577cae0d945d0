/**
 * Minifies what JavaScript minifiers never look inside: the text of Lit's tagged templates.
 *
 * - css`…`: comments out, whitespace collapsed, no spaces around `{ } ; , >`, after `:` or `(`,
 *   before `)` or `!important`; `0.4` is `.4`; `[a='b']` is `[a=b]` when `b` is a name.
 *   Interpolations (`${…}`) are kept as they are. Spaces around `+`/`-` are kept (calc()).
 * - html`…` and svg`…`: every run of whitespace that contains a line break becomes one space.
 *   The browser renders such a run as one space anyway (no template here uses `white-space: pre`),
 *   so what users see is unchanged; the indentation of the source is what goes (-0.1 kB gzip on
 *   the main CDN file). Templates are found with the TypeScript parser, not a regular expression,
 *   because html templates nest inside each other's interpolations.
 *
 * Used by the Vite build (the CDN file) and after `tsc` (dist/ for bundler users).
 */
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import type { Plugin } from 'vite';

const CSS_LITERAL = /\bcss\s*`([^`]*)`/g;
const HAS_LITERAL = /\b(css|html|svg)\s*`/;
const MARKUP_TAGS = new Set(['html', 'svg']);

export function minifyCss(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/\s*([{};,>])\s*/g, '$1')
    .replace(/:\s+/g, ':')
    .replace(/;}/g, '}')
    .replace(/\(\s+/g, '(')
    .replace(/\s+\)/g, ')')
    .replace(/\s+!important/g, '!important')
    .replace(/([\s:(,])0\.(\d)/g, '$1.$2')
    .replace(/\[([\w-]+)=(['"])([a-zA-Z_][\w-]*)\2\]/g, '[$1=$3]')
    .trim();
}

export function minifyCssLiterals(code: string): string {
  return code.replace(CSS_LITERAL, (_, body: string) => {
    // Minify the text between interpolations only.
    const parts = body.split(/(\$\{[^}]*\})/);
    return 'css`' + parts.map((p) => (p.startsWith('${') ? p : minifyCss(p))).join('') + '`';
  });
}

/** One space for every whitespace run with a line break in it. */
export function collapseMarkupWhitespace(text: string): string {
  return text.replace(/[ \t]*(?:\r?\n[ \t]*)+/g, ' ');
}

/** The static text spans (source offsets, between the backticks and `${ }`) of html/svg templates. */
function markupSpans(code: string, fileName: string): Array<[start: number, end: number]> {
  const source = ts.createSourceFile(fileName, code, ts.ScriptTarget.Latest, false);
  const spans: Array<[number, number]> = [];
  const visit = (node: ts.Node): void => {
    if (
      ts.isTaggedTemplateExpression(node) &&
      ts.isIdentifier(node.tag) &&
      MARKUP_TAGS.has(node.tag.text)
    ) {
      const template = node.template;
      if (ts.isNoSubstitutionTemplateLiteral(template)) {
        spans.push([template.getStart(source) + 1, template.end - 1]);
      } else {
        spans.push([template.head.getStart(source) + 1, template.head.end - 2]);
        for (const part of template.templateSpans) {
          const literal = part.literal;
          const closesTemplate = ts.isTemplateTail(literal);
          spans.push([literal.getStart(source) + 1, literal.end - (closesTemplate ? 1 : 2)]);
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return spans;
}

export function minifyMarkupLiterals(code: string, fileName = 'module.ts'): string {
  let result = code;
  // From the last span to the first, so earlier offsets stay valid.
  for (const [start, end] of markupSpans(code, fileName).sort((a, b) => b[0] - a[0])) {
    result =
      result.slice(0, start) +
      collapseMarkupWhitespace(result.slice(start, end)) +
      result.slice(end);
  }
  return result;
}

export function minifyLiterals(code: string, fileName?: string): string {
  return minifyMarkupLiterals(minifyCssLiterals(code), fileName);
}

/** Vite/Rolldown plugin for the CDN build. */
export function minifyLiteralsPlugin(): Plugin {
  return {
    name: 'minify-template-literals',
    transform(code: string, id: string) {
      if (!/\.(ts|js)$/.test(id) || !HAS_LITERAL.test(code)) return null;
      return { code: minifyLiterals(code, id), map: null };
    },
  };
}

function* jsFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* jsFiles(path);
    else if (name.endsWith('.js')) yield path;
  }
}

// `tsx scripts/minify-literals.ts dist`: rewrites the tsc output in place.
if (import.meta.url === `file://${process.argv[1]}`) {
  for (const file of jsFiles(process.argv[2] ?? 'dist')) {
    const code = readFileSync(file, 'utf8');
    if (!HAS_LITERAL.test(code)) continue;
    writeFileSync(file, minifyLiterals(code, file));
  }
}
