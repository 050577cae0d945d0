import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { renderApi, withApi } from '../../scripts/api-docs.js';

describe('README', () => {
  const readme = readFileSync('README.md', 'utf8');
  it('API tables match custom-elements.json (run `npm run build && npm run docs` after changing JSDoc)', async () => {
    const expected = await withApi(readme, renderApi(readFileSync('custom-elements.json', 'utf8')));
    assert.equal(readme, expected);
  });
  it('shows the two commands a newcomer needs', () => {
    assert.match(readme, /npm install && npm start/);
    assert.match(readme, /npm test/);
  });
  it('names only package paths the exports map serves (in imports and in the entry-point table)', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
      exports: Record<string, unknown>;
    };
    const specifiers = new Set(
      [
        ...readme.matchAll(/(?:from |import |import\()['"](mps-task-status[^'"]*)['"]/g),
        ...readme.matchAll(/^\| `(mps-task-status[^`]*)`/gm),
      ].map((m) => m[1]),
    );
    assert.ok(specifiers.size >= 8, [...specifiers].join(', '));
    for (const specifier of specifiers) {
      const subpath = `.${specifier.slice('mps-task-status'.length)}`;
      assert.ok(subpath in pkg.exports, `${specifier} is not in package.json exports`);
    }
  });

  it('points at screenshots in the repository docs/ folder by relative path (GitHub, npm and a clone resolve it)', () => {
    const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)]+\.png)\)/g)].map((m) => m[1]);
    assert.ok(images.length > 0);
    for (const path of images) {
      assert.match(path, /^docs\/[\w-]+\.png$/, `${path} is not a file in docs/`);
      assert.doesNotThrow(() => readFileSync(path), path);
    }
  });
});
