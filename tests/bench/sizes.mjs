// The transfer-size lines of the benchmark (bench.mjs): the files a page
// requested, read from the build and compressed the way a server with
// pre-compressed files would send them (gzip -9, brotli 11). Apart from the
// timings because it needs no browser, only the list of files.

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import zlib from 'node:zlib';

/** Raw, gzip -9 and brotli 11 (window 24) sizes of `data`. */
export function compressed(data) {
  return {
    raw: data.length,
    gzip: zlib.gzipSync(data, { level: 9 }).length,
    brotli: zlib.brotliCompressSync(data, {
      params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
        [zlib.constants.BROTLI_PARAM_LGWIN]: 24,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length,
      },
    }).length,
  };
}

export async function transferSizes(dist, requested) {
  const files = [];
  const seen = new Set();
  for (const { url } of requested) {
    let p = decodeURIComponent(new URL(url).pathname);
    if (p.endsWith('/')) p += 'index.html';
    if (seen.has(p)) continue;
    seen.add(p);
    const file = path.join(dist, p);
    const data = await readFile(file);
    files.push({ file: p.slice(1), ...compressed(data) });
  }
  const order = (f) => ['.html', '.js', '.wasm', '.css'].indexOf(path.extname(f.file));
  files.sort((a, b) => order(a) - order(b));
  const total = { file: 'total', raw: 0, gzip: 0, brotli: 0 };
  for (const f of files) { total.raw += f.raw; total.gzip += f.gzip; total.brotli += f.brotli; }
  return { files, total };
}

/** The vanilla page's size, for scale: its html and the stylesheet beside it. */
export async function vanillaSize(files) {
  const total = { raw: 0, gzip: 0, brotli: 0 };
  for (const file of files) {
    const c = compressed(await readFile(file));
    total.raw += c.raw;
    total.gzip += c.gzip;
    total.brotli += c.brotli;
  }
  return total;
}
