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
  it('points at screenshots that exist', () => {
    for (const [, path] of readme.matchAll(/!\[[^\]]*\]\(([^)]+\.png)\)/g))
      assert.doesNotThrow(() => readFileSync(path), path);
  });
});
