// Where the vanilla reference page is served from: a directory of its own,
// with a build's stylesheet beside it as app.css, so both pages lay out the
// same table, and as sw.js the console's own service worker (assets/sw.js)
// made for the vanilla page's two files, so that on a returning visit both
// pages are cached the same way by the same code. Shared by the benchmark
// (bench.mjs), the side-by-side comparison (ab.mjs) and the trace and
// profile tools.

import { copyFile, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const WORKER = path.resolve(HERE, '../../assets/sw.js');

/** The vanilla page's build version: vanilla.html's einvoicing-build meta says the same. */
export const VANILLA_BUILD = 'vanilla-bench';

/**
 * The console's worker for the vanilla page: its version and its list of
 * files put in place of the two placeholders scripts/stamp-build.mjs fills
 * for the console (the page, "./", and app.css). Network first for the
 * page, the cache first for its files, the install refused unless the page
 * it got names this version: all as the console's.
 */
export async function vanillaWorker() {
  const template = await readFile(WORKER, 'utf8');
  const version = "'__EINVOICING_BUILD_VERSION__'";
  const files = '__EINVOICING_SHELL_FILES__';
  if (!template.includes(version) || !template.includes(files)) {
    throw new Error(`${WORKER} has no ${version} or ${files} to fill for the vanilla page`);
  }
  return template
    .replaceAll(version, () => JSON.stringify(VANILLA_BUILD))
    .replaceAll(files, () => JSON.stringify(['./', 'app.css']));
}

/**
 * A fresh temporary directory holding tests/bench/vanilla.html as index.html,
 * `dist`'s stylesheet as app.css and the console's worker, made for these
 * two, as sw.js.
 */
export async function vanillaRoot(dist) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'einvoicing-bench-'));
  await copyFile(path.join(HERE, 'vanilla.html'), path.join(dir, 'index.html'));
  await writeFile(path.join(dir, 'sw.js'), await vanillaWorker());
  const css = (await readdir(dist)).find((f) => f.endsWith('.css'));
  if (css) await copyFile(path.join(dist, css), path.join(dir, 'app.css'));
  else await writeFile(path.join(dir, 'app.css'), '');
  return dir;
}
