// Where the vanilla reference page is served from: a directory of its own,
// with a build's stylesheet beside it as app.css, so both pages lay out the
// same table, and its service worker (tests/bench/vanilla-sw.js) as sw.js, so
// that on a returning visit its files come from Cache Storage as the
// console's do. Shared by the benchmark (bench.mjs) and the side-by-side
// comparison (ab.mjs).

import { copyFile, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));

/**
 * A fresh temporary directory holding tests/bench/vanilla.html as index.html,
 * `dist`'s stylesheet as app.css and tests/bench/vanilla-sw.js as sw.js.
 */
export async function vanillaRoot(dist) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'einvoicing-bench-'));
  await copyFile(path.join(HERE, 'vanilla.html'), path.join(dir, 'index.html'));
  await copyFile(path.join(HERE, 'vanilla-sw.js'), path.join(dir, 'sw.js'));
  const css = (await readdir(dist)).find((f) => f.endsWith('.css'));
  if (css) await copyFile(path.join(dist, css), path.join(dir, 'app.css'));
  else await writeFile(path.join(dir, 'app.css'), '');
  return dir;
}
