import assert from 'node:assert/strict';
import { test } from 'node:test';
import { minifyLiterals } from '../../scripts/minify-literals.js';

test('html and svg templates lose their indentation, nested ones included', () => {
  const code = [
    'const row = html`<div class="row">',
    '    ${items.map((item) => html`',
    '      <span>${item}</span>',
    '    `)}',
    '    <svg>${svg`<path',
    '      d="M0 0"/>`}</svg>',
    '  </div>`;',
  ].join('\n');
  assert.equal(
    minifyLiterals(code),
    'const row = html`<div class="row"> ${items.map((item) => html` <span>${item}</span> `)} ' +
      '<svg>${svg`<path d="M0 0"/>`}</svg> </div>`;',
  );
});

test('spaces on one line, other templates and strings are left as they are', () => {
  const code = [
    'const a = html`<b>x</b> <i>y</i>  ${z}`;',
    'const b = `line one',
    '  line two`;',
    "const c = parts.join('\\n');",
    'const d = html`${note(`keep',
    '  this`)}`;',
  ].join('\n');
  assert.equal(minifyLiterals(code), code);
});

test('css templates are minified between interpolations', () => {
  const code =
    'const s = css`\n  :host {\n    color: red;\n  }\n  ${other}\n  a > b { margin: 0 }\n`;';
  assert.equal(minifyLiterals(code), 'const s = css`:host{color:red}${other}a>b{margin:0}`;');
});

test('css: no space inside parentheses or before !important, no leading zero', () => {
  const code =
    'const s = css`a { font: var( --f, serif ); opacity: 0.4; width: calc(var(--r) - 0.5px) }\n[hidden] { display: none !important }`;';
  assert.equal(
    minifyLiterals(code),
    'const s = css`a{font:var(--f,serif);opacity:.4;width:calc(var(--r) - .5px)}[hidden]{display:none!important}`;',
  );
});

test('css: attribute selector values that are names lose their quotes', () => {
  const code = 'const s = css`:host([variant=\'compact\']) .x, [data-state="a b"] { color: red }`;';
  assert.equal(
    minifyLiterals(code),
    'const s = css`:host([variant=compact]) .x,[data-state="a b"]{color:red}`;',
  );
});
