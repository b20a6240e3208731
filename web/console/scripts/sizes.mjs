// Prints every file in dist/ with its raw and gzip size, the gzip size of
// the JavaScript the first page loads (what index.html names: its script
// and the chunks it preloads) and of all of it (pages loaded later
// included), and fails when the first page's is over the budget: the
// console's first page must load under 200 KB gzip of JavaScript.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const BUDGET_BYTES = 200 * 1024;
const dist = fileURLToPath(new URL('../dist', import.meta.url));

function walk(dir) {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? walk(path) : [path];
    });
}

const kb = (n) => `${(n / 1024).toFixed(2)} KB`;
const index = readFileSync(join(dist, 'index.html'), 'utf8');
const firstPage = new Set([...index.matchAll(/"\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]));
let totalJsGzip = 0;
let firstPageGzip = 0;
const rows = walk(dist).map((path) => {
  const bytes = readFileSync(path);
  const gzip = gzipSync(bytes, { level: 9 }).length;
  const name = relative(dist, path);
  if (path.endsWith('.js')) totalJsGzip += gzip;
  if (firstPage.has(name)) firstPageGzip += gzip;
  return [name, kb(bytes.length), kb(gzip)];
});

const width = Math.max(4, ...rows.map((r) => r[0].length));
console.log(`${'file'.padEnd(width)}  ${'raw'.padStart(11)}  ${'gzip'.padStart(11)}`);
for (const [name, raw, gzip] of rows) {
  console.log(`${name.padEnd(width)}  ${raw.padStart(11)}  ${gzip.padStart(11)}`);
}
console.log(`first page, gzip JavaScript: ${kb(firstPageGzip)} (budget ${kb(BUDGET_BYTES)})`);
console.log(`every page, gzip JavaScript: ${kb(totalJsGzip)}`);
if (firstPage.size === 0 || firstPageGzip > BUDGET_BYTES) {
  console.error('over budget: the console loads more than 200 KB gzip of JavaScript');
  process.exit(1);
}
