// The returning visit (issue 20): a page opened again in the browser context
// that opened it before, its service worker in control, so that its files
// come from the worker's Cache Storage (the static server answers no-store:
// there is no other cache). Shared by bench.mjs (its "returning visit"
// lines), ab.mjs, trace.mjs and profile.mjs (--returning), so that all of
// them measure the same navigation.
//
// Two kinds of later navigation, both measured from navigation start to the
// page's list-rendered mark:
//
// - `tab`, the returning visit: the open page is closed and the URL opened
//   in a new one, as a person opens the console again from a bookmark. A new
//   page is a new renderer process: the wasm is compiled again (lazily, in
//   its first tier; Chromium's wasm code cache was not seen to be used for a
//   module from Cache Storage), the JS glue comes with the code cache that
//   Chromium keeps beside Cache Storage's copy.
// - `reload`: page.reload() of the open page, the same renderer process:
//   V8 finds the module it compiled for the page before still in memory and
//   compiles nothing. The best case, not the returning visit.
//
// (Opening the same `#/environments` URL again in the open page would be a
// fragment navigation, which loads nothing: it is never used.)

import { check, listRendered, openContext, startUp, waitInPage } from './session.mjs';

/** The pause after each visit, before the next navigation: the page's idle work (registering its worker again) is done. */
export const SETTLE_MS = 300;

/**
 * A browser context for returning visits of `target` served at `base` (the
 * server's URL, no trailing slash), with `stored` in its localStorage:
 *
 * - `install()`: the first visit; waits until the page's service worker is
 *   installed (its cache filled) and in control (clients.claim), and fails
 *   when none takes control: the page no longer registers it.
 * - `visit(kind, { before, after })`: a later navigation, `tab` or `reload`
 *   (above); `before(page)` runs just before it (a new page for `tab`),
 *   `after(page)` once the mark is there. Fails when the page is not
 *   controlled by its worker, or reported a problem. Returns
 *   `{ startup, read, check }`: the mark's time, and the durations of the
 *   target's `read` and `check` measures (pages.mjs; null when absent).
 * - `close()`.
 *
 * `settle`: the pause after each visit (SETTLE_MS; the short run takes less).
 */
export async function openReturning(browser, target, { base, stored = null, settle = SETTLE_MS }) {
  const url = target.url(base);
  const session = await openContext(browser, { origin: base, stored, cold: false });
  let { page } = session;
  const noProblems = (when) =>
    check(session.problems.length === 0, `${target.name} (${when}) reported problems:\n  ${session.problems.join('\n  ')}`);
  return {
    async install() {
      await startUp(page, target, url);
      await waitInPage(
        page,
        () => navigator.serviceWorker?.controller?.state === 'activated',
        null,
        `${target.name}: no service worker took control after the first visit (the page registers its sw.js once started: the console when idle, src/offline.rs; the vanilla page after its list, tests/bench/vanilla.html)`,
      );
      await page.waitForTimeout(settle);
      noProblems('first visit, installing its service worker');
    },
    async visit(kind, { before, after } = {}) {
      check(kind === 'tab' || kind === 'reload', `returning visit: tab or reload, not ${kind}`);
      if (kind === 'tab') {
        await page.close();
        ({ page } = await session.newPage());
      }
      await before?.(page);
      if (kind === 'tab') await page.goto(url, { waitUntil: 'commit' });
      else await page.reload({ waitUntil: 'commit' });
      const startup = await listRendered(page, target);
      await after?.(page);
      const [controlled, read, checked] = await page.evaluate((names) => [
        navigator.serviceWorker?.controller != null,
        ...names.map((name) => (name ? performance.getEntriesByName(name, 'measure')[0]?.duration ?? null : null)),
      ], [target.marks.read, target.marks.check ?? null]);
      check(controlled, `${target.name}: the ${kind === 'tab' ? 'returning visit' : 'reload'} was not controlled by the page's service worker`);
      await page.waitForTimeout(settle);
      noProblems(kind === 'tab' ? 'returning visit' : 'reload');
      return { startup, read, check: checked };
    },
    close: () => session.context.close(),
  };
}

/**
 * One context's returning start-ups of `target`: the first visit (installs,
 * thrown away), `warm` returning visits thrown away, then one returning
 * visit (`tab`) and one reload of it (`reload`), each `{ startup, read, check }`.
 */
export async function returningStartUps(browser, target, { base, stored = null, warm = 1, settle = SETTLE_MS }) {
  const r = await openReturning(browser, target, { base, stored, settle });
  try {
    await r.install();
    for (let i = 0; i < warm; i++) await r.visit('tab');
    const tab = await r.visit('tab');
    const reload = await r.visit('reload');
    return { tab, reload };
  } finally {
    await r.close();
  }
}
