// The benchmark of issue 5 (docs/benchmarks.md): size, start-up and
// 10,000-user work of the release build, against a vanilla-JS reference page
// (tests/bench/vanilla.html), in headless Chromium, and a table of medians.
//
//   node tests/bench/bench.mjs [--runs N] [--warmup N] [--short] [--users N]
//                              [--json FILE] [--dist DIR] [--align frame|idle]
//
// Each run: cold start-ups (empty workspace, then N users and every list
// operation), then returning visits (returning.mjs), the console and the
// vanilla page one after the other. The parts: pages.mjs (the names both
// pages record), session.mjs (a page in its own context), in-page.mjs (what
// runs in the page), returning.mjs, sink.mjs (the publish sink), sizes.mjs,
// table.mjs (medians and the report).
//
// Run it through scripts/bench, which builds dist/ first (trunk build
// --release). The table goes to stdout (Markdown), progress to stderr.
// Exit status: 0 when every run loaded both pages and every measure was
// taken (whatever the numbers); 1 when a page failed to load, showed an
// error, or a measure is missing; 2 for wrong arguments. The budget is
// printed next to each number, never enforced.

import { readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { launchBrowser } from '../e2e/browser.mjs';
import { startStaticServer } from '../e2e/static-server.mjs';
import { installHelpers } from './in-page.mjs';
import { APP, VANILLA } from './pages.mjs';
import { returningStartUps, SETTLE_MS } from './returning.mjs';
import { check, firstMeasure, memory, openContext, startUp, waitInPage } from './session.mjs';
import { startSink } from './sink.mjs';
import { transferSizes, vanillaSize } from './sizes.mjs';
import { machine, mb, ms, table } from './table.mjs';
import { vanillaRoot } from './vanilla-root.mjs';
import { storedWorkspace, userId } from './workspace.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '../..');

// ---- arguments -----------------------------------------------------------------

const USAGE = `usage: node tests/bench/bench.mjs [options]
  --runs N        measured runs (default 7; --short: 1)
  --warmup N      runs done first and thrown away (default 1; --short: 0)
  --short         one run, no warm-up (and no returning visit thrown away): CI's
                  check that the benchmark still runs
  --users N       users in the generated environment (default 10000, at least 1000)
  --json FILE     also write every sample, the machine and the options as JSON
  --dist DIR      the release build to serve (default dist/)
  --align MODE    frame (default): each timed operation is dispatched at the start of
                  a frame; idle: dispatched whenever the page is idle (adds the wait
                  for the next frame, 0-16.7 ms, to every number)`;

function parseArgs(argv) {
  const o = { runs: null, warmup: null, short: false, users: 10_000, json: null, dist: path.join(REPO, 'dist'), align: 'frame' };
  const value = (i, name) => {
    if (i + 1 >= argv.length) throw new Error(`${name} needs a value`);
    return argv[i + 1];
  };
  const count = (s, name, min) => {
    const n = Number(s);
    if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be an integer >= ${min}, not ${s}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    switch (a) {
      case '--runs': o.runs = count(value(i, a), a, 1); i++; break;
      case '--warmup': o.warmup = count(value(i, a), a, 0); i++; break;
      case '--users': o.users = count(value(i, a), a, 1000); i++; break;
      case '--json': o.json = path.resolve(value(i, a)); i++; break;
      case '--dist': o.dist = path.resolve(value(i, a)); i++; break;
      case '--align': o.align = value(i, a); i++;
        if (!['frame', 'idle'].includes(o.align)) throw new Error(`--align is frame or idle, not ${o.align}`);
        break;
      case '--short': o.short = true; break;
      case '-h': case '--help': console.log(USAGE); process.exit(0); break;
      default: throw new Error(`unknown argument: ${a}`);
    }
  }
  o.runs ??= o.short ? 1 : 7;
  o.warmup ??= o.short ? 0 : 1;
  return o;
}

let opts;
try {
  opts = parseArgs(process.argv.slice(2));
} catch (err) {
  console.error(`bench: ${err.message}\n${USAGE}`);
  process.exit(2);
}

const log = (...a) => console.error('[bench]', ...a);

// ---- one page: cold -----------------------------------------------------------

/** Start-up with an empty workspace, cold. */
async function runEmptyStartUp(browser, target, { base }) {
  const { context, page, problems, requested } = await openContext(browser, { origin: base });
  try {
    const startup = await startUp(page, target, target.url(base));
    await page.getByText('No service environments yet').waitFor();
    check(problems.length === 0, `${target.name} (empty workspace) reported problems:\n  ${problems.join('\n  ')}`);
    return { startup, requested: requested.slice() };
  } finally {
    await context.close();
  }
}

/** Start-up with the N-user workspace, then the list operations, the publish payload and memory. */
async function runUsers(browser, target, { base, stored, users, sink }) {
  const { context, page, cdp, problems } = await openContext(browser, { origin: base, stored, sinkUrl: sink?.url });
  const r = {};
  const m = target.marks;
  try {
    r.startup = await startUp(page, target, target.url(base));
    await page.getByRole('button', { name: 'UAT', exact: true }).waitFor();
    // Reading the stored workspace, inside start-up; the vanilla page also
    // times its check of every user alone.
    r.read = await firstMeasure(page, target, m.read);
    if (m.check) r.check = await firstMeasure(page, target, m.check);
    await page.evaluate(installHelpers, opts.align);
    r.memoryLoaded = await memory(page, cdp);

    // Open UAT: validation (User Timing), then the users list painted.
    await page.evaluate((name) => performance.clearMeasures(name), m.validate);
    r.open = await page.evaluate(([first, n]) => window.bench.open('UAT', first, n), [userId(1), 100]);
    r.validateAll = await page.evaluate((name) => window.bench.measures(name), m.validate);
    check(r.validateAll.length > 0, `${target.name}: no "${m.validate}" measure when opening UAT`);
    r.validate = r.validateAll[0];
    await page.evaluate(() => window.bench.settle());
    r.memoryOpen = await memory(page, cdp);

    // One filter character: "7" (3,439 of the 10,000 generated users match).
    r.filter = await page.evaluate(([first]) => window.bench.filter('7', first, 100), [userId(7)]);
    await page.evaluate(() => window.bench.settle());
    await page.evaluate(([first]) => window.bench.filter('', first, 100), [userId(1)]);
    await page.evaluate(() => window.bench.settle());

    // The add form: one keystroke in User ID, then Add.
    await page.evaluate(() => window.bench.setValue('#user-id', 'newuse'));
    await page.evaluate(() => window.bench.settle());
    r.keystroke = await page.evaluate(() => window.bench.type('#user-id', 'newuser'));
    await page.evaluate(() => window.bench.setValue('#user-email', 'newuser@contoso.com'));
    await page.evaluate(() => window.bench.settle());
    await page.evaluate((name) => performance.clearMeasures(name), m.validate);
    r.add = await page.evaluate((title) => window.bench.add(title), `Users (${users + 1})`);
    await page.evaluate(() => window.bench.settle());
    r.validateOnAdd = await page.evaluate((name) => window.bench.measures(name), m.validate);

    // Publish: the payload built and serialised (User Timing), and its size.
    await page.evaluate((name) => performance.clearMeasures(name), m.payload);
    const sent = sink ? sink.received.length : 0;
    await page.locator('button[aria-label="Publish"]').click();
    await waitInPage(page, (name) => performance.getEntriesByName(name, 'measure').length > 0, m.payload,
      `${target.name}: no "${m.payload}" measure after Publish`);
    r.payload = (await page.evaluate((name) => window.bench.measures(name), m.payload))[0];
    if (sink) {
      const deadline = Date.now() + 15_000;
      while (!sink.received.slice(sent).some((x) => x.method === 'PUT') && Date.now() < deadline) {
        await new Promise((res) => setTimeout(res, 20));
      }
      const put = sink.received.slice(sent).find((x) => x.method === 'PUT');
      check(put, `${target.name}: Publish sent no PUT to ${sink.url}`);
      r.payloadBytes = put.bytes;
      // The failed publish is told in the page (the sink answers 500).
      await page.locator('button[aria-label="Publish"]:not([aria-busy="true"])').waitFor();
    } else {
      r.payloadBytes = await page.evaluate(() => window.benchPayloadBytes);
    }
    check(r.payloadBytes > 0, `${target.name}: no payload size`);
    r.memoryAfter = await memory(page, cdp);

    // Open UAT again, now that the code that builds it has run once: back to
    // the list (the app: Back; the vanilla page: its list again), then the
    // same click. The first opening also pays for running that code the
    // first time (V8 compiles each wasm function when it is first called);
    // this one does not.
    await page.evaluate(() => (typeof window.renderList === 'function' ? window.renderList() : history.back()));
    await waitInPage(page, () => !document.querySelector('table[aria-label="Users"]')
      && document.querySelector('table[aria-label="Service environments"] button'), null,
    `${target.name}: the Service environments list did not come back`);
    await page.evaluate(() => window.bench.settle());
    r.reopen = await page.evaluate(([first, n]) => window.bench.open('UAT', first, n), [userId(1), 100]);

    check(problems.length === 0, `${target.name} reported problems:\n  ${problems.join('\n  ')}`);
    return r;
  } catch (err) {
    if (problems.length) err.message += `\n  problems on the page:\n  ${problems.join('\n  ')}`;
    throw err;
  } finally {
    await context.close();
  }
}

// ---- one page: returning visits ------------------------------------------------

/**
 * The returning visits of one page (returning.mjs), with an empty workspace
 * and with the N users, each in a context of its own: its first visit
 * installs the page's service worker, `warm` returning visits are thrown
 * away, then one returning visit (a new tab) and one reload are measured.
 */
async function runReturning(browser, target, { base, stored }) {
  // The short run (CI) checks that it all still runs: no visit thrown away,
  // a shorter pause between visits.
  const how = opts.short ? { warm: 0, settle: 100 } : { warm: 1, settle: SETTLE_MS };
  const empty = await returningStartUps(browser, target, { base, ...how });
  const users = await returningStartUps(browser, target, { base, stored, ...how });
  return { empty, users };
}

// ---- main ------------------------------------------------------------------------

async function main() {
  const started = Date.now();
  try {
    await stat(path.join(opts.dist, 'index.html'));
  } catch {
    throw new Error(`${path.join(opts.dist, 'index.html')} not found: build the release site first (scripts/bench builds it; trunk build --release)`);
  }
  const html = await readFile(path.join(opts.dist, 'index.html'), 'utf8');
  if (html.includes('.well-known/trunk/ws') || html.includes('__trunk_address__')) {
    throw new Error(`${opts.dist} was written by trunk serve (it holds the live-reload script): build the release site (trunk build --release), or stop trunk serve first`);
  }
  const loadStart = os.loadavg();
  const vroot = await vanillaRoot(opts.dist);
  const app = await startStaticServer({ root: opts.dist });
  const vanilla = await startStaticServer({ root: vroot });
  const sink = await startSink();
  const browser = await launchBrowser();
  const cleanup = async () => {
    await browser.close().catch(() => {});
    await Promise.all([app.close(), vanilla.close(), sink.close()]);
    await rm(vroot, { recursive: true, force: true });
  };
  try {
    const appStored = JSON.stringify(storedWorkspace({ users: opts.users, endpoint: sink.url }));
    const vanillaStored = JSON.stringify(storedWorkspace({ users: opts.users }));
    log(`Chromium ${browser.version()}; app ${app.url}/, vanilla ${vanilla.url}/, publish sink ${sink.url}`);
    log(`stored workspace: ${opts.users} users, ${appStored.length.toLocaleString('en-US')} characters`);
    const samples = { app: [], vanilla: [] };
    let requested = null;
    const total = opts.warmup + opts.runs;
    for (let i = 0; i < total; i++) {
      const warm = i < opts.warmup;
      const label = warm ? `warm-up ${i + 1}/${opts.warmup}` : `run ${i - opts.warmup + 1}/${opts.runs}`;
      // App and vanilla one after the other in each run, so a change in the
      // machine's load touches both.
      const appEmpty = await runEmptyStartUp(browser, APP, { base: app.url });
      const vanillaEmpty = await runEmptyStartUp(browser, VANILLA, { base: vanilla.url });
      const a = await runUsers(browser, APP, { base: app.url, stored: appStored, users: opts.users, sink });
      const v = await runUsers(browser, VANILLA, { base: vanilla.url, stored: vanillaStored, users: opts.users, sink: null });
      a.emptyStartup = appEmpty.startup;
      v.emptyStartup = vanillaEmpty.startup;
      a.returning = await runReturning(browser, APP, { base: app.url, stored: appStored });
      v.returning = await runReturning(browser, VANILLA, { base: vanilla.url, stored: vanillaStored });
      const back = (r) => `${ms(r.returning.empty.tab.startup)} / ${ms(r.returning.users.tab.startup)}`;
      log(`${label}: start-up ${ms(a.emptyStartup)} / ${ms(a.startup)} ms (empty / ${opts.users}; vanilla ${ms(v.emptyStartup)} / ${ms(v.startup)}), returning ${back(a)} ms (vanilla ${back(v)}), read ${ms(a.read)} (${ms(v.read)}), open ${ms(a.open)} (${ms(v.open)}), filter ${ms(a.filter)} (${ms(v.filter)}), add ${ms(a.add)} (${ms(v.add)}), payload ${ms(a.payload)} ms ${a.payloadBytes} B, memory ${mb(a.memoryAfter.total)} MB`);
      if (warm) continue;
      samples.app.push(a);
      samples.vanilla.push(v);
      requested ??= appEmpty.requested;
    }
    const sizes = await transferSizes(opts.dist, requested);
    check(sizes.files.some((f) => f.file.endsWith('.wasm')) && sizes.files.some((f) => f.file.endsWith('.js')),
      `the page loaded no wasm or no js: ${requested.map((r) => r.url).join(', ')}`);
    const vsize = await vanillaSize([path.join(HERE, 'vanilla.html'), path.join(vroot, 'app.css')]);
    const mach = machine(browser.version(), loadStart, os.loadavg());
    const text = table({ sizes, vanillaSize: vsize, samples, mach, opts });
    console.log(text);
    log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    if (opts.json) {
      await writeFile(opts.json, `${JSON.stringify({ options: opts, machine: mach, sizes, requested, vanillaSize: vsize, samples }, null, 2)}\n`);
      log(`raw results: ${opts.json}`);
    }
  } finally {
    await cleanup();
  }
}

main().catch((err) => {
  console.error(`bench: FAILED: ${err.stack || err.message || err}`);
  process.exit(1);
});
