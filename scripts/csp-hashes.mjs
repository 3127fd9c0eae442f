#!/usr/bin/env node
// Trunk post_build hook (Trunk.toml): puts the SHA-256 of every inline
// <script> of the built index.html into its Content-Security-Policy, in place
// of TRUNK-INLINE-SCRIPT-HASHES. Trunk writes one inline module script (the
// loader that imports the wasm-bindgen JS and starts the wasm) whose text
// names the hashed file names, so its hash changes with every build and
// cannot be written by hand. Without this, the policy would need
// 'unsafe-inline'.
//
// Fails the build when the placeholder or the policy is missing, so a page
// that would not start under its own policy is never produced.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const PLACEHOLDER = 'TRUNK-INLINE-SCRIPT-HASHES';
const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error('csp-hashes: TRUNK_STAGING_DIR is not set (run me as a Trunk post_build hook)');
  process.exit(1);
}
const file = path.join(dir, 'index.html');
const html = readFileSync(file, 'utf8');

if (!/<meta http-equiv="Content-Security-Policy"/.test(html)) {
  console.error(`csp-hashes: ${file} has no Content-Security-Policy meta tag`);
  process.exit(1);
}
if (!html.match(/<meta http-equiv="Content-Security-Policy" content="[^"]*"/)[0].includes(PLACEHOLDER)) {
  console.error(`csp-hashes: ${file} has no ${PLACEHOLDER} to replace`);
  process.exit(1);
}

// `trunk serve` (scripts/serve) adds its live-reload script and fills in its
// address when it serves the page, after this hook: hash the text as served.
// The address is Trunk.toml's [serve] one unless TRUNK_SERVE_ADDRESS says
// otherwise (`trunk serve --address/--port`); the release build has no such
// script.
const SERVE_ADDRESS = process.env.TRUNK_SERVE_ADDRESS || '127.0.0.1:8080';
const servedText = (text) =>
  text.replaceAll('{{__TRUNK_ADDRESS__}}', SERVE_ADDRESS).replaceAll('{{__TRUNK_WS_BASE__}}', process.env.TRUNK_PUBLIC_URL || '/');

// Inline scripts: <script ...> without a src attribute. The hash is over the
// exact text between the tags, as the browser computes it.
const hashes = [];
for (const m of html.matchAll(/<script(\s[^>]*)?>([\s\S]*?)<\/script>/g)) {
  if (/\ssrc\s*=/.test(m[1] ?? '')) continue;
  hashes.push(`'sha256-${createHash('sha256').update(servedText(m[2]), 'utf8').digest('base64')}'`);
}
if (hashes.length === 0) {
  console.error(`csp-hashes: ${file} has no inline script; remove ${PLACEHOLDER} from index.html`);
  process.exit(1);
}
// Only inside the policy's content (a comment may name the placeholder), and
// with a function so nothing in the replacement is read as a `$` pattern.
const withHashes = html.replace(
  /(<meta http-equiv="Content-Security-Policy" content=")([^"]*)(")/,
  (_, open, policy, close) => open + policy.replaceAll(PLACEHOLDER, () => hashes.join(' ')) + close,
);
if (withHashes.match(/<meta http-equiv="Content-Security-Policy" content="[^"]*"/)[0].includes(PLACEHOLDER)) {
  console.error(`csp-hashes: could not replace ${PLACEHOLDER} in ${file}`);
  process.exit(1);
}
writeFileSync(file, withHashes);
console.log(`csp-hashes: ${hashes.length} inline script hash(es) written into the Content-Security-Policy`);
