// One page of the benchmark in a browser context of its own: opening the
// context (cold, or with the page's service worker allowed, for a returning
// visit), watching every page in it for problems, waiting for a start-up to
// finish, and reading a page's memory. Shared by bench.mjs and returning.mjs,
// so that the cold lines and the returning-visit lines check a page the same
// way.

import { domCounts } from './in-page.mjs';
import { STORAGE_KEY } from './workspace.mjs';

export const VIEWPORT = { width: 1280, height: 900 };

export function check(condition, what) {
  if (!condition) throw new Error(what);
}

/** page.waitForFunction, failing with `what` in words. */
export async function waitInPage(page, fn, arg, what, timeout = 20_000) {
  try {
    await page.waitForFunction(fn, arg, { polling: 50, timeout });
  } catch (err) {
    throw new Error(`${what} (waited ${timeout / 1000} s: ${err.message.split('\n')[0]})`);
  }
}

/**
 * A fresh browser context (its own HTTP cache, Cache Storage and storage)
 * with `stored` in localStorage under the console's key for `origin`.
 *
 * Cold (the default): service workers blocked (Playwright's `serviceWorkers:
 * 'block'`: the page's register() does nothing, so no worker installs beside
 * the measured work and none ever answers a request) and CDP
 * `Network.setCacheDisabled` on each page: every start-up fetches and
 * compiles everything. `cold: false` (returning visits): service workers
 * allowed, the cache left alone (the static server answers no-store, so the
 * worker's Cache Storage is the only cache).
 *
 * Every page opened through `newPage()` is watched: page errors, console
 * errors, failed requests and HTTP errors go to `problems` (the publish
 * sink's, expected, are left out), and each response from `origin` to
 * `requested`.
 */
export async function openContext(browser, { origin, stored = null, sinkUrl = null, cold = true }) {
  const storageState = stored
    ? { cookies: [], origins: [{ origin, localStorage: [{ name: STORAGE_KEY, value: stored }] }] }
    : undefined;
  const context = await browser.newContext({ viewport: VIEWPORT, storageState, serviceWorkers: cold ? 'block' : 'allow' });
  // The wasm module's exports (its linear memory among them): trunk's loader
  // dispatches them with TrunkApplicationStarted. One listener, no work.
  await context.addInitScript(() => {
    addEventListener('TrunkApplicationStarted', (e) => { window.benchWasm = e.detail?.wasm; });
  });
  const problems = [];
  const requested = [];
  const fromSink = (url) => sinkUrl && url?.startsWith(sinkUrl);
  const newPage = async () => {
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    page.on('pageerror', (err) => problems.push(`page error: ${err.stack || err}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error' && !fromSink(msg.location()?.url) && !(sinkUrl && msg.text().includes(sinkUrl))) {
        problems.push(`console error: ${msg.text()}`);
      }
    });
    page.on('requestfailed', (req) => {
      if (!fromSink(req.url())) problems.push(`failed request: ${req.method()} ${req.url()}: ${req.failure()?.errorText}`);
    });
    page.on('response', (res) => {
      if (res.status() >= 400 && !fromSink(res.url())) problems.push(`failed request: ${res.url()}: HTTP ${res.status()}`);
      if (res.url().startsWith(origin)) requested.push({ url: res.url(), status: res.status(), type: res.request().resourceType() });
    });
    const cdp = await context.newCDPSession(page);
    if (cold) {
      await cdp.send('Network.enable');
      await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    }
    return { page, cdp };
  };
  const { page, cdp } = await newPage();
  return { context, page, cdp, problems, requested, newPage };
}

/**
 * Once a navigation has started: waits for the page's list-rendered mark (or
 * the recovery screen of a stored workspace the page refused, which fails)
 * and returns the mark's time, from navigation start.
 */
export async function listRendered(page, target) {
  await waitInPage(
    page,
    (mark) => performance.getEntriesByName(mark, 'mark').length > 0 || document.querySelector('section.recovery'),
    target.marks.list,
    `${target.name}: no "${target.marks.list}" mark: the page did not start, or no longer records the mark`,
  );
  const recovery = await page.locator('section.recovery').count();
  check(recovery === 0, `${target.name}: the page shows its recovery screen: it refused the stored workspace (tests/bench/workspace.mjs)`);
  return page.evaluate((mark) => performance.getEntriesByName(mark, 'mark')[0].startTime, target.marks.list);
}

/** Opens `url` and waits for the list: the start-up's milliseconds. */
export async function startUp(page, target, url) {
  await page.goto(url, { waitUntil: 'commit' });
  return listRendered(page, target);
}

/** The duration of the page's first `name` measure; fails when there is none. */
export async function firstMeasure(page, target, name) {
  const d = await page.evaluate((n) => performance.getEntriesByName(n, 'measure')[0]?.duration ?? null, name);
  check(d != null, `${target.name}: no "${name}" measure`);
  return d;
}

/**
 * JS heap after a full GC (CDP Runtime.getHeapUsage), wasm linear memory,
 * DOM nodes (CDP's Nodes, and the document's by kind). Needs the page's
 * helpers (in-page.mjs, installHelpers).
 */
export async function memory(page, cdp) {
  await page.evaluate(() => window.bench.settle());
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = await cdp.send('Runtime.getHeapUsage');
  await cdp.send('Performance.enable');
  const { metrics } = await cdp.send('Performance.getMetrics');
  await cdp.send('Performance.disable');
  const wasm = await page.evaluate(() => window.benchWasm?.memory?.buffer?.byteLength ?? 0);
  const metric = (n) => metrics.find((m) => m.name === n)?.value ?? null;
  return {
    jsHeapUsed: heap.usedSize,
    jsHeapTotal: heap.totalSize,
    backingStorage: heap.backingStorageSize ?? null,
    wasmMemory: wasm,
    total: heap.usedSize + wasm,
    domNodes: metric('Nodes'),
    dom: await page.evaluate(domCounts),
  };
}
