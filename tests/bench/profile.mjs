// Where the console's time goes: a CPU profile (CDP Profiler, sampling every
// 100 µs) of one operation of the benchmark, on the release build with its
// wasm function names kept, summed by function (self time) and printed as a
// Markdown table. A tool for the optimisation work beside the benchmark
// (docs/benchmarks.md, "Finding out why"); CI does not run it.
//
//   node tests/bench/profile.mjs [--phase startup|open|reopen|filter|add] [--runs N] [--top N]
//                                [--inclusive [--match TEXT]] [--returning [--reload]] [--dist DIR]
//
// By default each function's self time; --inclusive gives its total time
// (with everything it calls: how much building one component costs), and
// --match keeps only the names containing TEXT (e.g. einvoicing_console).
//
// Start-ups are cold (no cache, no service worker: session.mjs), unless
// --returning: then the start-up profiled is the returning visit
// (returning.mjs): each run's context is visited once to install the
// console's service worker, once more (thrown away), then profiled in a new
// tab; with --reload, a reload of that tab (its compiled wasm still in
// memory). --returning profiles the start-up only.
//
// It needs `trunk build --release` first (dist/ and the wasm cargo built in
// target/): it runs wasm-bindgen --keep-debug and wasm-opt -Oz --debuginfo on
// that wasm, the same code as dist/'s with its names, into
// target/profile-dist/ (--dist DIR profiles DIR as it is instead, without
// building anything: the wasm functions then have names only if that build
// kept them). The workspace is the benchmark's
// (tests/bench/workspace.mjs, 10,000 users). The profiler slows the page
// down: read the shares, not the milliseconds.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { launchBrowser } from '../e2e/browser.mjs';
import { startStaticServer } from '../e2e/static-server.mjs';
import { option } from './options.mjs';
import { APP } from './pages.mjs';
import { openReturning } from './returning.mjs';
import { openContext } from './session.mjs';
import { storedWorkspace, userId } from './workspace.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const args = process.argv.slice(2);
const opt = (name, fallback) => option(args, name, fallback);
const phase = opt('phase', 'startup');
const top = Number(opt('top', 40));
const runs = Number(opt('runs', 3));
// --inclusive: time with callees (which part of the console costs what), optionally only names containing --match TEXT.
const inclusive = args.includes('--inclusive');
const match = opt('match', null);
const returning = args.includes('--returning');
const kind = args.includes('--reload') ? 'reload' : 'tab';
const PHASES = ['startup', 'open', 'reopen', 'filter', 'add'];
if (!PHASES.includes(phase)) {
  console.error(`profile: --phase must be one of ${PHASES.join(', ')}`);
  process.exit(2);
}
if (returning && phase !== 'startup') {
  console.error('profile: --returning profiles the start-up only (--phase startup)');
  process.exit(2);
}

/** dist/ with its wasm replaced by the same module keeping its function names. */
function profileDist() {
  const dist = path.join(root, 'dist');
  const built = path.join(root, 'target/wasm32-unknown-unknown/release/einvoicing-console.wasm');
  const wasmName = fs.readdirSync(dist).find((f) => f.endsWith('_bg.wasm'));
  if (!wasmName || !fs.existsSync(built)) throw new Error('profile: run `trunk build --release` first');
  const out = path.join(root, 'target/profile-dist');
  const work = path.join(root, 'target/profile-wasm');
  fs.rmSync(out, { recursive: true, force: true });
  fs.rmSync(work, { recursive: true, force: true });
  const bin = (tool) => {
    const local = path.join(root, 'node_modules/.bin', tool);
    return fs.existsSync(local) ? local : tool;
  };
  execFileSync('wasm-bindgen', ['--target', 'web', '--no-typescript', '--keep-debug', '--out-dir', work, built], { stdio: 'inherit' });
  execFileSync(bin('wasm-opt'), ['-Oz', '--debuginfo', '--enable-reference-types', '--enable-bulk-memory',
    '--enable-nontrapping-float-to-int', '--enable-sign-ext', '--enable-mutable-globals',
    path.join(work, 'einvoicing-console_bg.wasm'), '-o', path.join(work, 'named.wasm')], { stdio: 'inherit' });
  fs.cpSync(dist, out, { recursive: true });
  fs.copyFileSync(path.join(work, 'named.wasm'), path.join(out, wasmName));
  // The integrity hashes name dist/'s wasm. The service worker stays: it
  // lists the files by name, which are the same, and caches what this
  // server sends (--returning needs it; cold start-ups block it).
  const index = path.join(out, 'index.html');
  fs.writeFileSync(index, fs.readFileSync(index, 'utf8').replace(/ integrity="[^"]*"/g, ''));
  return out;
}
const given = opt('dist', null);
const dist = given ? path.resolve(given) : profileDist();

const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));

const frameName = (f) => f.functionName || `(anonymous ${f.url.split('/').pop()}:${f.lineNumber})`;

let profiled = 0;
/** Self time by function or, with --inclusive, total time (the function and all it calls, counted once per sample). */
function times(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const out = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    profiled += dt;
    if (!inclusive) {
      const name = frameName(byId.get(profile.samples[i]).callFrame);
      out.set(name, (out.get(name) ?? 0) + dt);
      continue;
    }
    const seen = new Set();
    for (let id = profile.samples[i]; id !== undefined; id = parent.get(id)) seen.add(frameName(byId.get(id).callFrame));
    for (const name of seen) if (!match || name.includes(match)) out.set(name, (out.get(name) ?? 0) + dt);
  }
  return out;
}

/** One returning start-up (or reload, --reload), profiled from just before its navigation to the list's mark. */
async function profileReturning() {
  const r = await openReturning(browser, APP, { base: server.url, stored });
  try {
    await r.install();
    await r.visit('tab');
    let cdp;
    let profile;
    const { startup } = await r.visit(kind, {
      before: async (page) => {
        cdp = await page.context().newCDPSession(page);
        await cdp.send('Profiler.enable');
        await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
        await cdp.send('Profiler.start');
      },
      after: async () => { ({ profile } = await cdp.send('Profiler.stop')); },
    });
    return { t: startup, profile };
  } finally {
    await r.close();
  }
}

const server = await startStaticServer({ root: dist });
const stored = JSON.stringify(storedWorkspace({ users: 10_000 }));
const browser = await launchBrowser();
const total = new Map();
let wall = 0;
try {
  for (let run = 0; run < runs; run++) {
    if (returning) {
      const result = await profileReturning();
      wall += result.t;
      for (const [name, ms] of times(result.profile)) total.set(name, (total.get(name) ?? 0) + ms);
      process.stderr.write(`[profile] run ${run + 1}/${runs}: ${kind === 'tab' ? 'returning visit' : 'reload'} ${result.t.toFixed(1)} ms\n`);
      continue;
    }
    const { context, page, cdp } = await openContext(browser, { origin: server.url, stored });
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    if (phase === 'startup') await cdp.send('Profiler.start');
    await page.goto(APP.url(server.url), { waitUntil: 'commit' });
    await page.waitForFunction((mark) => performance.getEntriesByName(mark, 'mark').length > 0, APP.marks.list);
    const rows = () => document.querySelectorAll('table[aria-label="Users"] tbody tr').length;
    const act = async (fn, arg) => {
      await page.evaluate(frame);
      await cdp.send('Profiler.start');
      const t = await page.evaluate(fn, arg);
      const { profile } = await cdp.send('Profiler.stop');
      return { t, profile };
    };
    const open = () => new Promise((resolve) => requestAnimationFrame(() => {
      const t0 = performance.now();
      [...document.querySelectorAll('table[aria-label="Service environments"] button')].find((b) => b.textContent.trim() === 'UAT').click();
      const check = () => (document.querySelectorAll('table[aria-label="Users"] tbody tr').length === 100 ? resolve(performance.now() - t0) : requestAnimationFrame(() => setTimeout(check, 0)));
      setTimeout(check, 0);
    }));
    let result;
    if (phase === 'startup') {
      const { profile } = await cdp.send('Profiler.stop');
      result = { t: await page.evaluate((mark) => performance.getEntriesByName(mark, 'mark')[0].startTime, APP.marks.list), profile };
    } else if (phase === 'open') {
      result = await act(open);
    } else if (phase === 'reopen') {
      // The second opening in the page (the benchmark's "the same, a second
      // time"): the code that builds it has run once.
      await page.evaluate(open);
      await page.evaluate(() => new Promise((r) => setTimeout(r, 300)));
      await page.evaluate(() => history.back());
      await page.waitForFunction(() => !document.querySelector('table[aria-label="Users"]'));
      await page.evaluate(() => new Promise((r) => setTimeout(r, 300)));
      result = await act(open);
    } else {
      await page.evaluate(open);
      await page.waitForFunction(rows);
      await page.evaluate(() => new Promise((r) => setTimeout(r, 300)));
      if (phase === 'filter') {
        result = await act((first) => new Promise((resolve) => requestAnimationFrame(() => {
          const t0 = performance.now();
          const input = document.querySelector('#users-filter');
          input.value = '7';
          input.dispatchEvent(new Event('input', { bubbles: true }));
          const check = () => (document.querySelector('table[aria-label="Users"] tbody tr td')?.textContent.trim() === first ? resolve(performance.now() - t0) : requestAnimationFrame(() => setTimeout(check, 0)));
          setTimeout(check, 0);
        })), userId(7));
      } else {
        for (const [sel, v] of [['#user-id', 'newuser'], ['#user-email', 'newuser@contoso.com']]) {
          await page.evaluate(([s, value]) => {
            const input = document.querySelector(s);
            input.value = value;
            input.dispatchEvent(new Event('input', { bubbles: true }));
          }, [sel, v]);
        }
        await page.evaluate(() => new Promise((r) => setTimeout(r, 300)));
        result = await act(() => new Promise((resolve) => requestAnimationFrame(() => {
          const t0 = performance.now();
          document.querySelector('form[aria-label="Add a user"] button[type="submit"]').click();
          const check = () => (document.getElementById('users-title')?.textContent.trim() === 'Users (10001)' ? resolve(performance.now() - t0) : requestAnimationFrame(() => setTimeout(check, 0)));
          setTimeout(check, 0);
        })));
      }
    }
    wall += result.t;
    for (const [name, ms] of times(result.profile)) total.set(name, (total.get(name) ?? 0) + ms);
    process.stderr.write(`[profile] run ${run + 1}/${runs}: ${phase} ${result.t.toFixed(1)} ms\n`);
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}
const rowsOut = [...total].sort((a, b) => b[1] - a[1]);
const sum = profiled;
const what = returning ? `${kind === 'tab' ? 'returning visit' : 'reload'} (service worker in control)` : phase;
console.log(`${what}: ${(wall / runs).toFixed(1)} ms per run (mean of ${runs}); profiled time ${(sum / runs).toFixed(1)} ms per run`);
console.log(`| ${inclusive ? 'total' : 'self'} ms per run | % | function |\n| ---: | ---: | --- |`);
for (const [name, ms] of rowsOut.slice(0, top)) {
  console.log(`| ${(ms / runs).toFixed(2)} | ${((ms * 100) / sum).toFixed(1)} | ${name.replace(/\|/g, '\\|').slice(0, 140)} |`);
}
