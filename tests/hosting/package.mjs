// The package the hosting tests check, as an administrator gets it: the
// archive scripts/package wrote (target/package/einvoicing-console-<version>.tar.gz,
// or HOSTING_PACKAGE), unpacked with tar into a folder of the test's own; and
// a second package, made by running scripts/package again with a setting.
//
//   ./scripts/package --no-build && node --test tests/hosting/
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const version = readFileSync(path.join(repoRoot, 'Cargo.toml'), 'utf8').match(/^\[package\][^[]*?^version = "([^"]+)"/m)[1];
export const NAME = `einvoicing-console-${version}`;
export const ARCHIVE = path.resolve(repoRoot, process.env.HOSTING_PACKAGE || `target/package/${NAME}.tar.gz`);

/** The parts of an unpacked package. */
function parts(tree) {
  return { tree, site: path.join(tree, 'site'), hosting: path.join(tree, 'hosting'), nginxConf: path.join(tree, 'hosting', 'nginx.conf') };
}

/** The archive unpacked into a new temporary folder: `{ dir, tree, site, hosting, nginxConf, remove }`. */
export async function unpack(archive = ARCHIVE) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'einvoicing-package-'));
  try {
    await run('tar', ['-xzf', archive, '-C', dir]);
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw new Error(`could not unpack ${archive} (run ./scripts/package --no-build first): ${err.message}`);
  }
  return { dir, ...parts(path.join(dir, NAME)), remove: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * `scripts/package --no-build --out <new folder>` with `env` added (such as
 * EINVOICING_CONNECT_SRC), from the dist/ already built: `{ dir, tree, site,
 * hosting, nginxConf, output, remove }`. Rejects with the script's output
 * when it fails.
 */
export async function packageAgain(env = {}) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'einvoicing-package-'));
  try {
    const { stdout } = await run(path.join(repoRoot, 'scripts', 'package'), ['--no-build', '--out', dir], {
      cwd: repoRoot,
      env: { ...process.env, ...env },
    });
    return { dir, ...parts(path.join(dir, NAME)), output: stdout, remove: () => rm(dir, { recursive: true, force: true }) };
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}

/** The <meta> policy and build version of a packaged site's index.html. */
export async function pageOf(site) {
  const html = await readFile(path.join(site, 'index.html'), 'utf8');
  return {
    html,
    policy: html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]*)"/)?.[1],
    build: html.match(/<meta name="einvoicing-build" content="([0-9a-f]{12})"/)?.[1],
  };
}
