// End-to-end: the console installable and working offline (README,
// "Offline and installing"), on the release build in Chromium.
//
//   trunk build --release && cargo build -p einvoicing-receiver
//   node --test tests/e2e/offline.test.mjs
//
// - Installable: once the service worker controls the page, Chromium lists
//   no installability error, and the manifest and every icon it names load
//   at their stated sizes.
// - Offline: the site loaded once, the static server stopped and the
//   browser offline, a reload opens the console from the worker's cache;
//   validation works, a good value saves, Publish says the browser is
//   offline and changes no status; back online the edit is still there and
//   Publish goes through to the receiver.
// - Update: a changed build served on the same origin is picked up on the
//   next load, whole: the "updated" note, the new stylesheet in effect,
//   every file the page loaded from the new build, the old build's cache
//   gone, the work kept; offline after that, the new build opens.
// - Blocked: where service workers are refused, the console works as
//   before and nothing is reported.
//
// Each test serves the build itself (on a port it can stop and take again:
// a service worker belongs to its origin), with a fresh browser context.

import { describe, test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { cp, mkdtemp, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

import {
  distDir,
  repoRoot,
  openSession,
  gotoApp,
  navigate,
  label,
  typeLikeAPerson,
  assertInvalidWith,
  addUser,
  listedUsers,
  openEnvironment,
  openWithUat,
  useEndpoint,
  waitForStatus,
  publishButton,
  publishHistory,
  waitForPublished,
  waitForPublishFailure,
  storedText,
  saveScreenshot,
  eventually,
} from './console.mjs';
import { startStaticServer } from './static-server.mjs';
import { launchBrowser, CHROMIUM_ARGS, CHROMIUM_PATH } from './browser.mjs';
import { useReceiver, assertOnlyExpectedProblems } from './receiver.mjs';
import { stampBuild } from '../../scripts/stamp-build.mjs';

const service = useReceiver();

const KEPT = 'Nothing changed here: the status and every edit are kept.';
const CACHE_PREFIX = 'einvoicing-shell-';

let cleanup = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step().catch(() => {});
  cleanup = [];
});

/** The build's version, from its index.html's einvoicing-build meta. */
async function buildOf(dir) {
  const html = await readFile(path.join(dir, 'index.html'), 'utf8');
  const m = html.match(/<meta name="einvoicing-build" content="([0-9a-f]{12})"/);
  assert.ok(m, `${dir}/index.html carries a stamped einvoicing-build meta`);
  return m[1];
}

/**
 * A static server for `root` that can be stopped and started again on the
 * same port (so on the same origin, which the service worker belongs to).
 * `shared` is what openSession takes.
 */
async function servedSite(root, browser) {
  const shared = { browser, server: await startStaticServer({ root }) };
  const { port } = shared.server;
  const site = {
    shared,
    async stop() {
      await shared.server?.close();
      shared.server = undefined;
      // openSession's url() keeps working: same origin.
      shared.server = { url: `http://127.0.0.1:${port}`, port, close: async () => {} };
    },
    async start() {
      await shared.server?.close();
      shared.server = await startStaticServer({ root, port });
    },
  };
  cleanup.push(() => shared.server.close());
  return site;
}

/** Waits until a service worker is active and controls the page; returns the shell caches. */
async function waitForWorker(page) {
  await page.evaluate(() => navigator.serviceWorker.ready);
  await eventually(() => page.evaluate(() => navigator.serviceWorker.controller !== null), {
    timeoutMs: 20_000,
    what: 'the service worker to control the page',
  });
  return shellCaches(page);
}

function shellCaches(page) {
  return page.evaluate(async (prefix) => (await caches.keys()).filter((k) => k.startsWith(prefix)), CACHE_PREFIX);
}

/** The files the given cache holds, as paths ("/" for index.html). */
function cachedPaths(page, name) {
  return page.evaluate(async (cacheName) => {
    const cache = await caches.open(cacheName);
    return (await cache.keys()).map((r) => new URL(r.url).pathname).sort();
  }, name);
}

/** What the build in `dir` should cache: every file but sw.js, index.html as "/". */
async function expectedShell(dir) {
  return (await readdir(dir))
    .filter((f) => f !== 'sw.js')
    .map((f) => (f === 'index.html' ? '/' : `/${f}`))
    .sort();
}

function updateNote(page) {
  return page.getByRole('status').filter({ hasText: 'The console was updated' });
}

describe('installing', () => {
  test('installable: no installability error once the worker controls the page; the manifest and its icons load', async () => {
    const site = await servedSite(distDir, undefined);
    // A profile of its own: Chromium never offers to install from an
    // incognito-like context (Playwright's newContext), and says so.
    const profile = await mkdtemp(path.join(os.tmpdir(), 'einvoicing-e2e-profile-'));
    cleanup.push(() => rm(profile, { recursive: true, force: true }));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
      headless: process.env.HEADED !== '1',
    });
    cleanup.push(() => context.close());
    const problems = [];
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (m) => m.type() === 'error' && problems.push(`console error: ${m.text()}`));
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('response', (r) => r.status() >= 400 && problems.push(`HTTP ${r.status()}: ${r.url()}`));

    await page.goto(`${site.shared.server.url}/`, { waitUntil: 'load' });
    await page.getByRole('navigation').getByRole('link', { name: 'Service environments' }).waitFor({ state: 'visible' });
    const caches = await waitForWorker(page);
    assert.deepEqual(caches, [`${CACHE_PREFIX}${await buildOf(distDir)}`], 'one cache, of this build');
    assert.deepEqual(await cachedPaths(page, caches[0]), await expectedShell(distDir), 'it holds every shell file of the build');

    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    assert.deepEqual(installabilityErrors, [], 'Chromium would install the console');
    const manifest = await cdp.send('Page.getAppManifest');
    assert.equal(new URL(manifest.url).pathname, '/manifest.webmanifest');
    assert.deepEqual(manifest.errors, [], 'the manifest parses without error');

    // What the manifest says, and every icon it names, as the page fetches them.
    const seen = await page.evaluate(async () => {
      const href = document.querySelector('link[rel="manifest"]').href;
      const res = await fetch(href);
      const json = await res.json();
      const icons = [];
      for (const icon of json.icons) {
        const r = await fetch(new URL(icon.src, href));
        const blob = await r.blob();
        // createImageBitmap decodes raster images only; the SVG is "any" size.
        const bitmap = blob.type === 'image/svg+xml' ? null : await createImageBitmap(blob);
        icons.push({ ...icon, status: r.status, contentType: blob.type, width: bitmap?.width, height: bitmap?.height });
      }
      const appleTouch = document.querySelector('link[rel="apple-touch-icon"]');
      const apple = appleTouch ? await createImageBitmap(await (await fetch(appleTouch.href)).blob()) : null;
      return {
        contentType: res.headers.get('content-type'),
        manifest: json,
        icons,
        theme: document.querySelector('meta[name="theme-color"]')?.content,
        apple: apple && [apple.width, apple.height],
      };
    });
    assert.match(seen.contentType, /^application\/manifest\+json/);
    const m = seen.manifest;
    assert.equal(m.name, 'Electronic invoicing — service environments');
    assert.ok(m.short_name && m.short_name.length <= 12, `a short name for the home screen: ${m.short_name}`);
    assert.deepEqual([m.start_url, m.scope, m.display], ['./', './', 'standalone']);
    assert.equal(m.theme_color, seen.theme, 'the manifest and the page agree on the theme colour');
    for (const icon of seen.icons) {
      assert.equal(icon.status, 200, `${icon.src} loads`);
      assert.equal(icon.contentType, icon.type, `${icon.src} is served as ${icon.type}`);
      if (icon.sizes !== 'any') assert.equal(`${icon.width}x${icon.height}`, icon.sizes, `${icon.src} is ${icon.sizes}`);
    }
    const sizes = (purpose) => seen.icons.filter((i) => i.purpose === purpose && i.type === 'image/png').map((i) => i.sizes);
    assert.deepEqual(sizes('any'), ['192x192', '512x512']);
    assert.deepEqual(sizes('maskable'), ['512x512']);
    assert.ok(seen.icons.some((i) => i.type === 'image/svg+xml' && i.sizes === 'any'), 'and the scalable icon.svg');
    assert.deepEqual(seen.apple, [180, 180], 'the apple-touch-icon loads');
    assert.deepEqual(problems, []);
  });
});

describe('offline', () => {
  test('server stopped and browser offline: a reload opens the console, validation works, Publish says offline and keeps the edit; back online it publishes', async () => {
    const browser = await launchBrowser();
    cleanup.push(() => browser.close());
    const site = await servedSite(distDir, browser);
    const receiver = service.receiver;
    await receiver.reset();
    const session = await openSession(site.shared);
    const { page, context } = session;
    cleanup.push(() => saveScreenshot(page, 'offline-publish'));

    // Online: the workspace, the endpoint, UAT published once.
    await openWithUat(session);
    await useEndpoint(page, receiver.url);
    await openEnvironment(page, 'UAT');
    await publishButton(page).click();
    await waitForPublished(page, 'UAT', 1);
    await waitForStatus(page, 'UAT', 'Published');
    assert.equal((await waitForWorker(page)).length, 1);

    // The network goes: the site's server stops and the browser is offline.
    await site.stop();
    await context.setOffline(true);
    await page.reload({ waitUntil: 'load' });
    await page.getByRole('navigation').getByRole('link', { name: 'Service environments' }).waitFor({ state: 'visible' });
    assert.equal(await page.evaluate(() => navigator.onLine), false);
    assert.ok(await page.evaluate(() => navigator.serviceWorker.controller !== null), 'the worker answered the reload');
    assert.equal(await updateNote(page).count(), 0, 'the same build: no "updated" note');

    // Validation, offline: a bad email is refused at the field, a good user is added.
    await openEnvironment(page, 'UAT');
    const form = page.getByRole('form', { name: 'Add a user' });
    await addUser(page, 'cy', 'cy@');
    await assertInvalidWith(form.getByLabel(label('Email'), { exact: true }), 'is not a valid email address');
    await typeLikeAPerson(form.getByLabel(label('Email'), { exact: true }), 'cy@contoso.com');
    await form.getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByText("User 'cy' added.").waitFor({ state: 'visible' });
    await waitForStatus(page, 'UAT', 'Changed');
    assert.ok((await storedText(page)).includes('cy@contoso.com'), 'the edit is saved in this browser');

    // Publish, offline: said plainly, nothing sent, nothing changed.
    const before = await receiver.stats();
    await publishButton(page).click();
    const shown = await waitForPublishFailure(page);
    assert.ok(shown.includes('This browser is offline, so nothing was sent.'), shown);
    assert.ok(shown.includes(KEPT), shown);
    assert.ok(shown.includes('Publish again once the network is back.'), shown);
    assert.ok(!shown.includes('could not be reached'), 'not the generic "unreachable" message');
    await waitForStatus(page, 'UAT', 'Changed');
    assert.deepEqual((await publishHistory(page)).map((h) => [h.revision, h.result]).slice(0, 2), [
      ['–', 'Offline'],
      ['1', 'Published'],
    ]);
    assert.deepEqual(await listedUsers(page), ['ana', 'bo', 'cy'], 'the edit is kept');
    assert.equal((await receiver.stats()).requests, before.requests, 'nothing reached the receiver');

    // Back online: the server again, a reload, the edit still there, Publish goes through.
    await context.setOffline(false);
    await site.start();
    await page.reload({ waitUntil: 'load' });
    await openEnvironment(page, 'UAT');
    assert.deepEqual(await listedUsers(page), ['ana', 'bo', 'cy']);
    await waitForStatus(page, 'UAT', 'Changed');
    await publishButton(page).click();
    await waitForPublished(page, 'UAT', 2);
    await waitForStatus(page, 'UAT', 'Published');
    const held = await receiver.held('UAT');
    assert.deepEqual(held.environment.users.map((u) => u.userId), ['ana', 'bo', 'cy']);
    assertOnlyExpectedProblems(session, receiver.url);
  });
});

describe('updates', () => {
  test('a changed build on the same origin is picked up whole on the next load, with an "updated" note', async () => {
    const browser = await launchBrowser();
    cleanup.push(() => browser.close());
    const root = await mkdtemp(path.join(os.tmpdir(), 'einvoicing-e2e-site-'));
    cleanup.push(() => rm(root, { recursive: true, force: true }));
    await cp(distDir, root, { recursive: true });
    const oldBuild = await buildOf(root);
    const site = await servedSite(root, browser);
    const session = await openSession(site.shared);
    const { page, context } = session;
    cleanup.push(() => saveScreenshot(page, 'offline-update'));

    // The first visit: no note; some work; the worker installs this build.
    await gotoApp(session, '/');
    await navigate(page, 'Key Vault parameters');
    await page.getByRole('button', { name: 'New', exact: true }).click();
    const form = page.getByRole('form', { name: 'New Key Vault reference' });
    await typeLikeAPerson(form.getByLabel(label('Name')), 'ContosoKV');
    await typeLikeAPerson(form.getByLabel(label('Key Vault URI')), 'https://contoso-einvoicing.vault.azure.net/');
    await form.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText("Key Vault reference 'ContosoKV' saved.").waitFor({ state: 'visible' });
    assert.equal(await updateNote(page).count(), 0, 'the first visit says nothing about updates');
    assert.deepEqual(await waitForWorker(page), [`${CACHE_PREFIX}${oldBuild}`]);
    const headerBorder = () => page.evaluate(() => getComputedStyle(document.querySelector('.app-header')).borderBottomWidth);
    assert.equal(await headerBorder(), '0px');

    // A new build, served on the same port: its stylesheet gains a rule (a new
    // content hash, so a new name, and a new integrity in index.html), and
    // the build is stamped again (version, the worker's list of files).
    await site.stop();
    const cssName = (await readdir(root)).find((f) => /^main-[0-9a-f]+\.css$/.test(f));
    const css = `${await readFile(path.join(root, cssName), 'utf8')}\n.app-header { border-bottom: 5px solid rgb(255, 140, 0); }\n`;
    const newCss = `main-${createHash('sha256').update(css).digest('hex').slice(0, 16)}.css`;
    await writeFile(path.join(root, newCss), css);
    await rm(path.join(root, cssName));
    const integrity = `sha384-${createHash('sha384').update(css).digest('base64')}`;
    let html = await readFile(path.join(root, 'index.html'), 'utf8');
    const link = new RegExp(`href="/${cssName.replace(/\./g, '\\.')}" integrity="sha384-[^"]+"`);
    assert.match(html, link, 'the built page links its stylesheet with an integrity');
    html = html.replace(link, `href="/${newCss}" integrity="${integrity}"`);
    await writeFile(path.join(root, 'index.html'), html);
    const { version: newBuild, files } = stampBuild(root, { template: path.join(repoRoot, 'assets', 'sw.js') });
    assert.notEqual(newBuild, oldBuild);
    assert.ok(files.includes(newCss) && !files.includes(cssName));
    await site.start();

    // One reload: the new build, whole.
    const loaded = [];
    const record = (res) => {
      if (res.url().startsWith(site.shared.server.url)) loaded.push(res);
    };
    page.on('response', record);
    await page.reload({ waitUntil: 'load' });
    await page.getByRole('navigation').getByRole('link', { name: 'Service environments' }).waitFor({ state: 'visible' });
    page.off('response', record);

    const note = updateNote(page);
    await note.waitFor({ state: 'visible' });
    assert.equal(
      (await note.innerText()).replace(/\s*Dismiss\s*$/, '').trim(),
      `The console was updated (build ${oldBuild} → ${newBuild}). Your work is kept.`,
    );
    assert.equal(await headerBorder(), '5px', 'the new stylesheet is in effect');
    assert.equal(await page.evaluate(() => document.querySelector('meta[name="einvoicing-build"]').content), newBuild);

    // Every shell file the page loaded is the new build's, byte for byte.
    const paths = [];
    for (const res of loaded) {
      let p = new URL(res.url()).pathname;
      if (p === '/' || p.endsWith('/')) p = '/index.html';
      if (p === '/sw.js') continue;
      paths.push(p);
      let body;
      try {
        body = await res.body();
      } catch (err) {
        assert.fail(`could not read ${p} as the page loaded it: ${err.message}`);
      }
      const onDisk = await readFile(path.join(root, p)).catch(() => null);
      assert.ok(onDisk, `${p} is a file of the new build`);
      assert.ok(body.equals(onDisk), `${p} as loaded is the new build's`);
    }
    for (const kind of ['/index.html', `/${newCss}`, '.js', '_bg.wasm']) {
      assert.ok(paths.some((p) => p.endsWith(kind)), `the page loaded ${kind} (it loaded ${paths.join(', ')})`);
    }
    assert.ok(!paths.includes(`/${cssName}`), 'nothing of the old build');

    // The new worker takes over and the old build's cache goes.
    await eventually(async () => JSON.stringify(await shellCaches(page)) === JSON.stringify([`${CACHE_PREFIX}${newBuild}`]), {
      timeoutMs: 20_000,
      what: `only the new build's cache (there are ${JSON.stringify(await shellCaches(page))})`,
    });
    assert.deepEqual(await cachedPaths(page, `${CACHE_PREFIX}${newBuild}`), await expectedShell(root));

    // The work is kept; the note goes when dismissed, and a later load says nothing.
    await navigate(page, 'Key Vault parameters');
    await page.getByRole('table', { name: 'Key Vault references' }).getByRole('button', { name: 'ContosoKV', exact: true }).waitFor();
    await note.getByRole('button', { name: 'Dismiss' }).click();
    await note.waitFor({ state: 'hidden' });
    await page.reload({ waitUntil: 'load' });
    await page.getByRole('navigation').getByRole('link', { name: 'Service environments' }).waitFor({ state: 'visible' });
    assert.equal(await updateNote(page).count(), 0, 'the update is told once');

    // Offline now, the new build opens from its cache.
    await eventually(() => page.evaluate(() => navigator.serviceWorker.controller !== null), { what: 'a controlling worker' });
    await site.stop();
    await context.setOffline(true);
    await page.reload({ waitUntil: 'load' });
    await page.getByRole('navigation').getByRole('link', { name: 'Service environments' }).waitFor({ state: 'visible' });
    assert.equal(await headerBorder(), '5px', 'offline, the new build opens');
    assert.equal(await page.evaluate(() => document.querySelector('meta[name="einvoicing-build"]').content), newBuild);
    session.assertNoProblems();
    await context.setOffline(false);
  });
});

describe('a network that hangs', () => {
  test('a navigation the network does not answer within 4 s opens this build from the cache', async () => {
    const browser = await launchBrowser();
    cleanup.push(() => browser.close());
    const site = await servedSite(distDir, browser);
    const session = await openSession(site.shared);
    const { page, context } = session;
    cleanup.push(() => saveScreenshot(page, 'offline-hanging-network'));
    await gotoApp(session, '/#/settings');
    assert.equal((await waitForWorker(page)).length, 1);

    // The site's answers to navigations (the worker's fetch of index.html)
    // now hang for 20 s.
    const origin = new URL(site.shared.server.url).origin;
    let held = 0;
    await context.route(`${origin}/**`, async (route) => {
      if (route.request().resourceType() === 'document' || new URL(route.request().url()).pathname === '/') {
        held += 1;
        await new Promise((resolve) => setTimeout(resolve, 20_000));
      }
      await route.continue().catch(() => {});
    });
    const started = Date.now();
    await page.reload({ waitUntil: 'commit', timeout: 15_000 });
    await page.getByRole('heading', { name: 'Settings', level: 2 }).waitFor({ state: 'visible', timeout: 15_000 });
    const waited = Date.now() - started;
    assert.ok(held >= 1, 'the navigation did reach the hanging network');
    assert.ok(waited >= 3_500 && waited < 12_000, `opened from the cache after the 4 s wait, not the 20 s hang (${waited} ms)`);
    assert.equal(new URL(page.url()).hash, '#/settings');
    await context.unrouteAll({ behavior: 'ignoreErrors' });
  });
});

describe('without a service worker', () => {
  test('where service workers are blocked, the console works online as before and reports nothing', async () => {
    const browser = await launchBrowser();
    cleanup.push(() => browser.close());
    const site = await servedSite(distDir, browser);
    const session = await openSession(site.shared, { contextOptions: { serviceWorkers: 'block' } });
    const { page } = session;
    cleanup.push(() => saveScreenshot(page, 'offline-blocked'));
    await gotoApp(session, '/');
    await navigate(page, 'Service environments');
    // Past load and idle, when the page would have registered its worker.
    await page.waitForTimeout(1_500);
    assert.equal(await page.evaluate(() => navigator.serviceWorker?.controller ?? null), null);
    assert.deepEqual(await shellCaches(page), []);
    session.assertNoProblems();
  });
});
