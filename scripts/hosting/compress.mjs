// Precompression for the packaged site: a .br (brotli, quality 11, window
// 24: what tests/bench measures) and a .gz (gzip -9) beside every file whose
// extension rules.mjs lists, so a host sends them as they are instead of
// compressing on every request (or not at all).
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

import { PRECOMPRESSED } from './rules.mjs';

export function brotli(data) {
  return zlib.brotliCompressSync(data, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
      [zlib.constants.BROTLI_PARAM_LGWIN]: 24,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length,
    },
  });
}

export function gzip(data) {
  return zlib.gzipSync(data, { level: 9 });
}

/** Every file of `dir` (no subfolders in a Trunk build) that gets precompressed. */
export function compressible(dir) {
  return readdirSync(dir)
    .filter((f) => PRECOMPRESSED.includes(path.extname(f).slice(1)))
    .sort();
}

/** Writes `<file>.br` and `<file>.gz` beside each compressible file of `dir`; returns the files. */
export function precompress(dir) {
  const files = compressible(dir);
  for (const file of files) {
    const data = readFileSync(path.join(dir, file));
    writeFileSync(path.join(dir, `${file}.br`), brotli(data));
    writeFileSync(path.join(dir, `${file}.gz`), gzip(data));
  }
  return files;
}
