/**
 * Writes `dist/cdn/modulepreload.html`: the `<link rel="modulepreload">` lines a page (a CMS
 * template) can paste beside the script tag, for this build's chunk names: an admin table's or a
 * full card's view, and the Chinese strings (a Chinese page's first status is drawn with them),
 * downloading with the first module instead of after it. Not the element's chunk, the response
 * reader or the minimal view: the first module starts them beside the first status requests, and
 * started with the HTML they would share a phone's link with the first module itself. `{base}`
 * is where the page loads the CDN folder from.
 */
import { readdirSync, writeFileSync } from 'node:fs';

const DIR = 'dist/cdn';
const version = (await import('../package.json', { with: { type: 'json' } })).default.version;
const files = readdirSync(DIR);
const chunk = (name: string) => {
  const file = files.find((f) => f.startsWith(`${name}-`) && f.endsWith('.js'));
  if (!file) throw new Error(`preload-snippet: no ${name} chunk in ${DIR}`);
  return `<link rel="modulepreload" href="{base}/${file}" />`;
};
const lines = [
  `<!-- mps-task-status ${version}: paste into <head> beside the script tag; {base} is the folder`,
  `     the page loads mps-task-status.js from. The names change with each version. -->`,
  `<!-- Pages with variant="compact" (admin tables): -->`,
  chunk('compact'),
  `<!-- Pages with full cards: -->`,
  chunk('details'),
  `<!-- Chinese pages (lang="zh…"), end users' too: -->`,
  chunk('zh-CN'),
  `<!-- And the status request, with the HTML, as the widget will ask it (GET, no headers):`,
  `     <link rel="preload" as="fetch" crossorigin href="{endpoint}?TaskId={taskId}" /> -->`,
];
writeFileSync(`${DIR}/modulepreload.html`, `${lines.join('\n')}\n`);
console.log(`preload-snippet: ${DIR}/modulepreload.html`);
