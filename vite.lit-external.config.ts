import { mergeConfig } from 'vite';
import base, { stylesFromCssTag } from './vite.config.js';

/**
 * The CDN file for pages that already load Lit (`dist/cdn/lit-external/mps-task-status.js`): the
 * same bundle with `lit` and `@lit/*` left as bare imports, which the page's import map resolves
 * to its own copy of Lit — one Lit on the page instead of two.
 */
export default mergeConfig(
  { ...base, plugins: base.plugins!.filter((p) => p !== stylesFromCssTag) },
  {
    build: {
      outDir: 'dist/cdn/lit-external',
      rolldownOptions: {
        external: [/^lit(\/.*)?$/, /^lit-html(\/.*)?$/, /^lit-element(\/.*)?$/, /^@lit\//],
      },
    },
  },
);
