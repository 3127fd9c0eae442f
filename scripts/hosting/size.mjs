// The size of what ships, kept: the brotli total of what the page loads to
// start, against the figure recorded in docs/size-record.txt.
//
// "What the page loads to start" is index.html and every file it links for
// the first render: the stylesheet, the wasm-bindgen JS (modulepreload), the
// wasm (preload) and the favicon (icon). The service worker, the manifest and
// the install icons come after, when the browser is idle, and are not in it.
// Each file counts as the packaged .br a host sends (brotli 11).
//
// tests/hosting/size.test.mjs fails when the total exceeds the record by more
// than ALLOWANCE; raising the record is a commit of its own that says what
// the bytes bought.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export const ALLOWANCE = 1024;
export const START_RELS = ['stylesheet', 'modulepreload', 'preload', 'icon'];

/** index.html and the files it links with one of START_RELS, as names in the site. */
export function startFiles(siteDir) {
  const html = readFileSync(path.join(siteDir, 'index.html'), 'utf8');
  const files = ['index.html'];
  for (const [tag] of html.matchAll(/<link\b[^>]*>/g)) {
    const rel = tag.match(/\brel="([^"]*)"/)?.[1];
    const href = tag.match(/\bhref="\/?([^"]*)"/)?.[1];
    if (rel && href && START_RELS.includes(rel) && !files.includes(href)) files.push(href);
  }
  return files;
}

/** `[{ file, raw, brotli }]` and their total, from the packaged site's files and their .br. */
export function startSizes(siteDir) {
  const files = startFiles(siteDir).map((file) => ({
    file,
    raw: statSync(path.join(siteDir, file)).size,
    brotli: statSync(path.join(siteDir, `${file}.br`)).size,
  }));
  const total = files.reduce((sum, f) => sum + f.brotli, 0);
  return { files, total };
}

/** The recorded figure: the first line of the record that is not a comment. */
export function recordedSize(recordFile) {
  const line = readFileSync(recordFile, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l && !l.startsWith('#'));
  if (!line || !/^[0-9]+$/.test(line)) throw new Error(`${recordFile}: no figure (a line with the number of bytes)`);
  return Number(line);
}
