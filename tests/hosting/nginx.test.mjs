// End to end on the packaged console served the way a host serves it:
// Debian's nginx with its brotli_static module, on 127.0.0.1, root the
// package's site/, including the package's hosting/nginx.conf unchanged
// (tests/hosting/nginx.mjs), and Chromium through playwright-core.
//
//   ./scripts/package --no-build && node --test tests/hosting/nginx.test.mjs
//
// - Every header on the page, the wasm, the hashed JS and CSS, the service
//   worker, the manifest and an icon; a 404 still carries the security
//   headers and is not kept.
// - The precompressed files: brotli when the browser accepts it, gzip when
//   it accepts only gzip, the plain file otherwise; the bytes are the files.
// - The console renders and is used under the headers with no CSP violation,
//   console error or failed request, and its service worker takes the build;
//   another page may not frame it.
// - A deep link reloads.
// - An update: the package made again with the organisation's gateway
//   (EINVOICING_CONNECT_SRC) deployed in place of the first; the next load
//   says "updated", keeps the work, and Settings now accepts the gateway it
//   refused before.
import { describe, test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir, mkdtemp, rm, symlink, rename } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';

import { unpack, packageAgain, pageOf } from './package.mjs';
import { startNginx } from './nginx.mjs';
import { rawGet } from './http.mjs';
import { launchBrowser } from '../e2e/browser.mjs';
import {
  openSession,
  gotoApp,
  navigate,
  label,
  typeLikeAPerson,
  useEndpoint,
  openWithUat,
  openEnvironment,
  environmentForm,
  environmentsTable,
  reloadWhenSettled,
  saveScreenshot,
  eventually,
  NAV_LINKS,
} from '../e2e/console.mjs';
import { startFiles } from '../../scripts/hosting/size.mjs';
import { PERMISSIONS_OFF } from '../../scripts/hosting/rules.mjs';

const YEAR = 'public, max-age=31536000, immutable';
const GATEWAY = 'https://gw.contoso.example';
const TYPES = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  wasm: 'application/wasm',
  webmanifest: 'application/manifest+json; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
};

const shared = { server: undefined, browser: undefined };
let shipped;
let files; // the site's file names, by kind
before(async () => {
  shipped = await unpack();
  shared.server = await startNginx({ root: shipped.site, include: shipped.nginxConf });
  shared.browser = await launchBrowser();
  const names = await readdir(shipped.site);
  const one = (re) => names.find((f) => re.test(f));
  files = { wasm: one(/_bg\.wasm$/), js: one(/^einvoicing-console-[0-9a-f]{1,16}\.js$/), css: one(/^main-[0-9a-f]{1,16}\.css$/) };
});
after(async () => {
  await shared.browser?.close();
  await shared.server?.stop();
  await shipped?.remove();
});

let cleanup = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step().catch(() => {});
  cleanup = [];
});

/** The headers every answer carries, for a page whose <meta> policy is `policy`. */
function securityHeaders(policy) {
  return {
    'content-security-policy': `${policy}; frame-ancestors 'none'`,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'permissions-policy': PERMISSIONS_OFF.map((f) => `${f}=()`).join(', '),
    'strict-transport-security': 'max-age=31536000',
  };
}

function pick(headers, names) {
  return Object.fromEntries(names.map((n) => [n, headers[n]]));
}

describe('the headers', () => {
  test('the page, the wasm, the hashed JS and CSS, the service worker, the manifest and an icon each carry every header', async () => {
    const { policy } = await pageOf(shipped.site);
    const security = securityHeaders(policy);
    const cases = [
      ['/', 'no-cache', 'html'],
      ['/index.html', 'no-cache', 'html'],
      [`/${files.wasm}`, YEAR, 'wasm'],
      [`/${files.js}`, YEAR, 'js'],
      [`/${files.css}`, YEAR, 'css'],
      ['/sw.js', 'no-cache', 'js'],
      ['/manifest.webmanifest', 'no-cache', 'webmanifest'],
      ['/icon.svg', 'no-cache', 'svg'],
      ['/icon-192.png', 'no-cache', 'png'],
    ];
    for (const [urlPath, cacheControl, kind] of cases) {
      const res = await rawGet(`${shared.server.url}${urlPath}`, { 'accept-encoding': 'br, gzip' });
      assert.equal(res.status, 200, urlPath);
      const want = { ...security, 'cache-control': cacheControl, 'content-type': TYPES[kind] };
      assert.deepEqual(pick(res.headers, Object.keys(want)), want, urlPath);
    }
  });

  test('a missing file, a hashed name too, is a 404 with the security headers that no browser keeps', async () => {
    const { policy } = await pageOf(shipped.site);
    const security = securityHeaders(policy);
    for (const urlPath of ['/missing.js', '/einvoicing-console-0123456789abcdef_bg.wasm', '/environments/UAT']) {
      const res = await rawGet(`${shared.server.url}${urlPath}`);
      assert.equal(res.status, 404, urlPath);
      assert.deepEqual(pick(res.headers, Object.keys(security)), security, urlPath);
      assert.notEqual(res.headers['cache-control'], YEAR, urlPath);
    }
  });
});

describe('compression', () => {
  test('brotli when accepted, gzip when only gzip is, the plain file otherwise; the bytes are the files', async () => {
    const kinds = [files.wasm, files.js, files.css, 'index.html', 'sw.js', 'manifest.webmanifest', 'icon.svg'];
    for (const file of kinds) {
      const plain = await readFile(path.join(shipped.site, file));
      const url = `${shared.server.url}/${file}`;

      const br = await rawGet(url, { 'accept-encoding': 'gzip, deflate, br' });
      assert.equal(br.headers['content-encoding'], 'br', `${file} as brotli`);
      assert.ok(br.body.equals(await readFile(path.join(shipped.site, `${file}.br`))), `${file}: the packaged .br is sent`);
      assert.ok(zlib.brotliDecompressSync(br.body).equals(plain), `${file}: it decompresses to the file`);
      assert.equal(Number(br.headers['content-length']), br.body.length);
      assert.match(br.headers.vary ?? '', /Accept-Encoding/);

      const gz = await rawGet(url, { 'accept-encoding': 'gzip' });
      assert.equal(gz.headers['content-encoding'], 'gzip', `${file} as gzip`);
      assert.ok(zlib.gunzipSync(gz.body).equals(plain), `${file}: the gzip decompresses to the file`);

      const none = await rawGet(url);
      assert.equal(none.headers['content-encoding'], undefined, `${file} plain`);
      assert.ok(none.body.equals(plain), `${file}: the plain file`);
    }
    const png = await rawGet(`${shared.server.url}/icon-192.png`, { 'accept-encoding': 'br, gzip' });
    assert.equal(png.headers['content-encoding'], undefined, 'a PNG is sent as it is');
  });
});

describe('the console', () => {
  test('renders and is used under the headers with no CSP violation or console error; its worker takes the build', async () => {
    const session = await openSession(shared);
    cleanup.push(() => session.context.close());
    const { page } = session;
    cleanup.push(() => saveScreenshot(page, 'hosting-nginx-console'));
    const loaded = new Map();
    page.on('response', (res) => loaded.set(new URL(res.url()).pathname, res));
    const policyWarnings = [];
    page.on('console', (m) => /Permissions-Policy|Content.Security.Policy/i.test(m.text()) && policyWarnings.push(m.text()));

    await gotoApp(session, '/');
    await page.waitForLoadState('networkidle');
    const document = loaded.get('/');
    assert.equal(document.headers()['content-security-policy'], securityHeaders((await pageOf(shipped.site)).policy)['content-security-policy']);
    const encoding = loaded.get(`/${files.wasm}`)?.headers()['content-encoding'];
    assert.ok(['br', 'gzip'].includes(encoding), `the browser got the wasm compressed (${encoding})`);
    for (const file of startFiles(shipped.site)) {
      assert.ok(loaded.has(file === 'index.html' ? '/' : `/${file}`), `the page loaded ${file} to start (it loaded ${[...loaded.keys()]})`);
    }
    // Chromium knows every feature the header turns off, and keeps each off.
    const features = await page.evaluate((off) => {
      const known = document.featurePolicy.features();
      return off.map((f) => ({ f, known: known.includes(f), allowed: document.featurePolicy.allowsFeature(f) }));
    }, PERMISSIONS_OFF);
    assert.deepEqual(features.filter((x) => !x.known || x.allowed), [], 'every feature turned off is known and off');

    await openWithUat(session);
    for (const name of NAV_LINKS) {
      await navigate(page, name);
      await page.getByRole('heading', { level: 2 }).first().waitFor({ state: 'visible' });
    }
    await openEnvironment(page, 'UAT');
    assert.equal(await environmentForm(page).getByLabel(label('Name')).inputValue(), 'UAT');

    // The worker installs this build from nginx, every file of it.
    await eventually(() => page.evaluate(() => navigator.serviceWorker.controller !== null), {
      timeoutMs: 20_000,
      what: 'the service worker to control the page',
    });
    const { build } = await pageOf(shipped.site);
    const cached = await page.evaluate(async (name) => (await (await caches.open(name)).keys()).length, `einvoicing-shell-${build}`);
    const shell = (await readdir(shipped.site)).filter((f) => !/\.(br|gz)$/.test(f) && f !== 'sw.js');
    assert.equal(cached, shell.length, 'the cache holds every shell file');
    session.assertNoProblems('no CSP violation, console error, page error or failed request');
    assert.deepEqual(policyWarnings, [], 'not even a warning about the policies');
  });

  test('another page may not frame it: frame-ancestors, which only the header can carry', async () => {
    const context = await shared.browser.newContext();
    cleanup.push(() => context.close());
    const page = await context.newPage();
    const refused = [];
    page.on('console', (m) => /frame-ancestors/.test(m.text()) && refused.push(m.text()));
    await page.goto(`${shared.server.url}/`, { waitUntil: 'load' });
    await page.evaluate((src) => {
      const frame = document.createElement('iframe');
      frame.src = src;
      document.body.append(frame);
    }, `${shared.server.url}/#/settings`);
    await eventually(() => refused.length > 0, { what: 'Chromium to refuse the frame' });
    assert.match(refused[0], /frame-ancestors 'none'/);
    const child = page.frames().find((f) => f !== page.mainFrame());
    assert.ok(child, 'the frame is there');
    assert.equal(await child.locator('nav').count().catch(() => 0), 0, 'the console did not open in it');
  });

  test('a deep link opens in a new tab and reloads where it points', async () => {
    const session = await openSession(shared);
    cleanup.push(() => session.context.close());
    await openWithUat(session);

    // A new tab opened at the link: a load of its own, not a change of fragment.
    const page = await session.context.newPage();
    cleanup.push(() => saveScreenshot(page, 'hosting-nginx-deep-link'));
    const uatIsOpen = () =>
      eventually(async () => (await environmentForm(page).getByLabel(label('Name')).inputValue()) === 'UAT', {
        what: 'the link to open UAT',
      });
    await gotoApp(session, '/#/environments/UAT', page);
    await uatIsOpen();
    await reloadWhenSettled(page);
    assert.equal(new URL(page.url()).hash, '#/environments/UAT');
    await uatIsOpen();

    await page.goto(session.url('/#/settings'), { waitUntil: 'load' });
    await reloadWhenSettled(page);
    await page.getByRole('heading', { name: 'Settings', level: 2 }).waitFor({ state: 'visible' });
    session.assertNoProblems();
  });
});

describe('an update', () => {
  test('the package made again with a gateway, deployed in place: "updated", the work kept, the gateway accepted', async () => {
    // The host's layout: `current` points at the deployed package; nginx
    // serves current/site with current/hosting/nginx.conf.
    const deployed = await mkdtemp(path.join(os.tmpdir(), 'einvoicing-deploy-'));
    cleanup.push(() => rm(deployed, { recursive: true, force: true }));
    const current = path.join(deployed, 'current');
    await symlink(shipped.tree, current);
    const server = await startNginx({ root: path.join(current, 'site'), include: path.join(current, 'hosting', 'nginx.conf') });
    cleanup.push(() => server.stop());
    const site = { browser: shared.browser, server };
    const session = await openSession(site);
    cleanup.push(() => session.context.close());
    const { page } = session;
    cleanup.push(() => saveScreenshot(page, 'hosting-nginx-update'));

    // The first package: some work, the gateway refused, the worker in place.
    const before = (await pageOf(shipped.site)).build;
    await openWithUat(session);
    await navigate(page, 'Settings');
    await page.getByLabel(label('Service endpoint')).selectOption({ label: 'Custom URL' });
    await typeLikeAPerson(page.getByLabel(label('Custom endpoint URL')), `${GATEWAY}/einvoicing/`);
    await page.getByRole('button', { name: 'Save', exact: true }).first().click();
    await page.getByText(`This page's Content Security Policy does not allow it to connect to ${GATEWAY}`).waitFor({ state: 'visible' });
    await eventually(() => page.evaluate(() => navigator.serviceWorker.controller !== null), {
      timeoutMs: 20_000,
      what: 'the service worker to control the page',
    });
    assert.equal(await updateNote(page).count(), 0);

    // The administrator packages again with the gateway and deploys it in place.
    const second = await packageAgain({ EINVOICING_CONNECT_SRC: GATEWAY });
    cleanup.push(() => second.remove());
    const after = (await pageOf(second.site)).build;
    assert.notEqual(after, before);
    await symlink(second.tree, `${current}.new`);
    await rename(`${current}.new`, current);
    server.reload();
    await eventually(async () => (await rawGet(`${server.url}/`)).headers['content-security-policy']?.includes(GATEWAY), {
      what: 'nginx to send the new package\'s policy',
    });

    // One reload: the new build, the note, the work kept.
    await page.reload({ waitUntil: 'load' });
    const note = updateNote(page);
    await note.waitFor({ state: 'visible' });
    assert.equal(
      (await note.innerText()).replace(/\s*Dismiss\s*$/, '').trim(),
      `The console was updated (build ${before} → ${after}). Your work is kept.`,
    );
    assert.equal(await page.evaluate(() => document.querySelector('meta[name="einvoicing-build"]').content), after);
    await navigate(page, 'Service environments');
    await environmentsTable(page).getByRole('button', { name: 'UAT', exact: true }).waitFor();

    // The page's own check of its policy now accepts the gateway.
    await useEndpoint(page, `${GATEWAY}/einvoicing/`);
    session.assertNoProblems();
  });
});

function updateNote(page) {
  return page.getByRole('status').filter({ hasText: 'The console was updated' });
}
