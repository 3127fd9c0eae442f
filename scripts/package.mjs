#!/usr/bin/env node
// Packages a release build (dist/, from `trunk build --release`) as one
// archive any static host can serve (README, "Deploy"); scripts/package runs
// it after the build.
//
//   node scripts/package.mjs [--dist DIR] [--out DIR]
//   EINVOICING_CONNECT_SRC="https://gw.contoso.example" node scripts/package.mjs
//
// Writes OUT/einvoicing-console-<version>/ (default OUT: target/package) and
// OUT/einvoicing-console-<version>.tar.gz of it:
//   site/     the web root: the build, its policy made for production
//             (hosting/policy.mjs), stamped again, and a .br and .gz beside
//             every html, js, css, wasm, json, webmanifest and svg file;
//   hosting/  nginx.conf, Caddyfile and staticwebapp.config.json, all from
//             the one list in hosting/rules.mjs, and README.md.
// Then prints the brotli total of what the page loads to start, against
// docs/size-record.txt (tests/hosting/size.test.mjs holds it to the record).
//
// The page's policy changes, so index.html does: stamp-build.mjs stamps the
// copy again (a new build version, the service worker's list of files), and
// only then are the files compressed, so the worker never lists a .br or .gz.
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { stampBuild } from './stamp-build.mjs';
import { precompress, gzip } from './hosting/compress.mjs';
import { pagePolicy, parseConnectSrc, productionPolicy, withPolicy, DEV_ONLY_CONNECT_SOURCES } from './hosting/policy.mjs';
import { nginxConf } from './hosting/nginx.mjs';
import { caddyfile } from './hosting/caddy.mjs';
import { staticWebAppConfig } from './hosting/azure.mjs';
import { startSizes, recordedSize, ALLOWANCE } from './hosting/size.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BUILD_META = /<meta name="einvoicing-build" content="([^"]*)"/;

/** The console's version: Cargo.toml's [package] version. */
function consoleVersion() {
  const toml = readFileSync(path.join(repoRoot, 'Cargo.toml'), 'utf8');
  const version = toml.match(/^\[package\][^[]*?^version = "([^"]+)"/m)?.[1];
  if (!version) throw new Error('Cargo.toml has no [package] version');
  return version;
}

function buildOf(siteDir) {
  return readFileSync(path.join(siteDir, 'index.html'), 'utf8').match(BUILD_META)?.[1];
}

/** The site: dist/ copied, its policy for production, stamped again; returns the new build version. */
function makeSite(dist, site, extra) {
  if (!existsSync(path.join(dist, 'index.html'))) {
    throw new Error(`${dist}/index.html not found: build first (./scripts/package without --no-build, or trunk build --release)`);
  }
  if (readdirSync(dist).some((f) => /\.(br|gz)$/.test(f))) throw new Error(`${dist} holds .br or .gz files: it is not a trunk build`);
  cpSync(dist, site, { recursive: true });
  const template = path.join(repoRoot, 'assets', 'sw.js');
  // The copy stamped as it is must be dist's own build: then dist/ was built
  // from this checkout's service worker, and stamping it again is right.
  const built = buildOf(dist);
  const { version: again } = stampBuild(site, { template });
  if (again !== built) {
    throw new Error(`${dist} (build ${built}) was not built from this checkout's assets/sw.js (stamped again: ${again}); build it again`);
  }
  const indexFile = path.join(site, 'index.html');
  const html = readFileSync(indexFile, 'utf8');
  writeFileSync(indexFile, withPolicy(html, productionPolicy(pagePolicy(html), extra)));
  return stampBuild(site, { template }).version;
}

/** OUT/NAME.tar.gz of OUT/NAME (names sorted, owner root), gzip -9. */
function archive(out, name) {
  const tar = spawnSync('tar', ['--sort=name', '--owner=0', '--group=0', '--numeric-owner', '-cf', '-', '-C', out, name], {
    maxBuffer: 1 << 30,
  });
  if (tar.status !== 0) throw new Error(`tar failed: ${tar.stderr}`);
  const file = path.join(out, `${name}.tar.gz`);
  writeFileSync(file, gzip(tar.stdout));
  return file;
}

const int = (n) => n.toLocaleString('en-US');
/** A path as printed: relative inside the checkout, absolute elsewhere. */
const shown = (p) => (p.startsWith(repoRoot + path.sep) ? path.relative(repoRoot, p) : p);

function main() {
  const { values } = parseArgs({ options: { dist: { type: 'string', default: 'dist' }, out: { type: 'string', default: 'target/package' } } });
  const dist = path.resolve(values.dist);
  const out = path.resolve(values.out);
  const extra = parseConnectSrc(process.env.EINVOICING_CONNECT_SRC);
  const version = consoleVersion();
  const name = `einvoicing-console-${version}`;
  const tree = path.join(out, name);
  const site = path.join(tree, 'site');
  const hosting = path.join(tree, 'hosting');

  rmSync(tree, { recursive: true, force: true });
  rmSync(`${tree}.tar.gz`, { force: true });
  mkdirSync(hosting, { recursive: true });
  const build = makeSite(dist, site, extra);
  const compressed = precompress(site);

  const policy = pagePolicy(readFileSync(path.join(site, 'index.html'), 'utf8'));
  const banner = [
    `einvoicing-console ${version}, build ${build}: written by scripts/package from scripts/hosting/rules.mjs.`,
    'Package again rather than edit it: the Content-Security-Policy holds this build\'s loader hash,',
    'and EINVOICING_CONNECT_SRC adds a gateway here and in the page alike (hosting/README.md).',
  ];
  writeFileSync(path.join(hosting, 'nginx.conf'), nginxConf({ policy, banner }));
  writeFileSync(path.join(hosting, 'Caddyfile'), caddyfile({ policy, banner }));
  writeFileSync(path.join(hosting, 'staticwebapp.config.json'), `${JSON.stringify(staticWebAppConfig({ policy }), null, 2)}\n`);
  copyFileSync(path.join(repoRoot, 'hosting', 'README.md'), path.join(hosting, 'README.md'));
  const file = archive(out, name);

  console.log(`package: einvoicing-console ${version}, build ${build} (from ${shown(dist)}/, build ${buildOf(dist)})`);
  console.log(`package: connect-src drops ${DEV_ONLY_CONNECT_SOURCES.join(' ')} (the local development receiver); adds ${extra.length ? extra.join(' ') : 'nothing (EINVOICING_CONNECT_SRC is empty)'}`);
  console.log(`package: ${compressed.length} files precompressed (.br and .gz beside each): ${compressed.join(', ')}`);
  const { files, total } = startSizes(site);
  console.log('package: what the page loads to start, as sent (brotli 11):');
  for (const f of files) console.log(`  ${f.file.padEnd(48)} ${int(f.raw).padStart(10)} B raw ${int(f.brotli).padStart(10)} B brotli`);
  const record = recordedSize(path.join(repoRoot, 'docs', 'size-record.txt'));
  const diff = total - record;
  console.log(`  ${'total'.padEnd(48)} ${''.padStart(16)} ${int(total).padStart(10)} B brotli (${(total / 1024).toFixed(1)} KiB)`);
  console.log(
    `package: docs/size-record.txt records ${int(record)} B: ${diff >= 0 ? '+' : ''}${int(diff)} B` +
      (diff > ALLOWANCE ? ` — OVER the record by more than ${int(ALLOWANCE)} B: the tests fail until the record is raised, in a commit that says what the bytes bought` : ''),
  );
  console.log(`package: wrote ${shown(tree)}/ and ${shown(file)} (${int(statSync(file).size)} B)`);
}

try {
  main();
} catch (err) {
  console.error(`package: ${err.message}`);
  process.exit(1);
}
