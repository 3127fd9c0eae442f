#!/usr/bin/env node
// Trunk post_build hook (Trunk.toml, after csp-hashes.mjs): stamps the build
// into the service worker and the page, so an installed console knows which
// build it holds (assets/sw.js, src/offline.rs).
//
// - The build's version: the first 12 hex digits of a SHA-256 over the names
//   and contents of every shell file (everything the build wrote but sw.js,
//   with index.html's own version left out) and over the service worker's
//   template, so a change to any of them is a new version.
// - sw.js: the version and the list of shell files ("./" for index.html) in
//   place of __EINVOICING_BUILD_VERSION__ and __EINVOICING_SHELL_FILES__.
// - index.html: <meta name="einvoicing-build" content="..."> gets the version;
//   the page compares it with the one it remembers and says it was updated.
//
// Fails the build when a placeholder or the meta tag is missing, so a build
// whose worker would cache the wrong files is never produced. Nothing here
// touches a <script>, so the Content Security Policy's hashes (written just
// before by csp-hashes.mjs) stay right.
//
// Also a module: `stampBuild(dir, { template })` stamps a built directory
// again (the offline end-to-end test makes "a changed build" this way); with
// `template` (the path of assets/sw.js) it starts from the unstamped worker.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const VERSION_PLACEHOLDER = '__EINVOICING_BUILD_VERSION__';
const FILES_PLACEHOLDER = '__EINVOICING_SHELL_FILES__';
const META = /(<meta name="einvoicing-build" content=")([^"]*)(")/;
const WORKER = 'sw.js';

/** Every file under `dir`, as forward-slash paths relative to it, sorted. */
function filesUnder(dir, prefix = '') {
  const out = [];
  for (const entry of readdirSync(path.join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...filesUnder(dir, rel));
    else if (entry.isFile()) out.push(rel);
  }
  return out.sort();
}

/**
 * Stamps the build in `dir`: returns `{ version, files }` (the precache list).
 * Throws when the page's meta tag or the worker's placeholders are missing.
 */
export function stampBuild(dir, { template } = {}) {
  const indexFile = path.join(dir, 'index.html');
  const html = readFileSync(indexFile, 'utf8');
  if (!META.test(html)) throw new Error(`${indexFile} has no <meta name="einvoicing-build" content="...">`);
  const worker = readFileSync(template ?? path.join(dir, WORKER), 'utf8');
  for (const placeholder of [VERSION_PLACEHOLDER, FILES_PLACEHOLDER]) {
    if (!worker.includes(placeholder)) {
      throw new Error(`${template ?? path.join(dir, WORKER)} has no ${placeholder} to replace`);
    }
  }

  const shell = filesUnder(dir).filter((f) => f !== WORKER);
  const hash = createHash('sha256');
  for (const file of shell) {
    // index.html as it is before any stamp, so stamping twice gives one version.
    const data = file === 'index.html' ? html.replace(META, `$1${VERSION_PLACEHOLDER}$3`) : readFileSync(path.join(dir, file));
    hash.update(`${file}\0`).update(data).update('\0');
  }
  hash.update(`${WORKER}\0`).update(worker);
  const version = hash.digest('hex').slice(0, 12);
  const files = shell.map((f) => (f === 'index.html' ? './' : f));

  // Functions as replacements: nothing in a file name is read as a `$` pattern.
  const stampedWorker = worker
    .replaceAll(`'${VERSION_PLACEHOLDER}'`, () => JSON.stringify(version))
    .replaceAll(VERSION_PLACEHOLDER, () => version)
    .replaceAll(FILES_PLACEHOLDER, () => JSON.stringify(files));
  writeFileSync(path.join(dir, WORKER), stampedWorker);
  writeFileSync(indexFile, html.replace(META, (_, open, _old, close) => open + version + close));
  return { version, files };
}

// As a Trunk hook: the directory Trunk is about to publish.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = process.env.TRUNK_STAGING_DIR;
  if (!dir) {
    console.error('stamp-build: TRUNK_STAGING_DIR is not set (run me as a Trunk post_build hook)');
    process.exit(1);
  }
  try {
    const { version, files } = stampBuild(dir);
    console.log(`stamp-build: build ${version}, ${files.length} shell files in sw.js`);
  } catch (err) {
    console.error(`stamp-build: ${err.message}`);
    process.exit(1);
  }
}
