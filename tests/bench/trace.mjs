// Where start-up goes, thread by thread: a Chromium trace (Playwright's
// tracing: devtools.timeline, v8, v8.wasm) of start-ups of a build, from
// navigation start to the console's list-rendered mark, with the duration of
// each kind of event summed per thread (the page's main thread, and the
// worker threads where V8 compiles the wasm), averaged over the runs.
//
//   node tests/bench/trace.mjs [--dist dist] [--users 10000] [--runs 3] [--top 25]
//                              [--returning [--reload]]
//
// Cold start-ups by default (no cache, no service worker: session.mjs).
// --returning traces the returning visit instead (returning.mjs): each run's
// context is visited once to install the console's service worker, once more
// (thrown away), then the traced visit in a new tab; with --reload, the
// traced visit is a reload of that tab (its compiled wasm still in memory).
//
// Nested events are counted in each of their parents too (a RunTask holds
// everything below it): read it as "how much of each", not as a sum.

import { launchBrowser } from '../e2e/browser.mjs';
import { startStaticServer } from '../e2e/static-server.mjs';
import { option } from './options.mjs';
import { APP } from './pages.mjs';
import { openReturning } from './returning.mjs';
import { openContext, startUp } from './session.mjs';
import { storedWorkspace } from './workspace.mjs';

const args = process.argv.slice(2);
const opt = (name, fallback) => option(args, name, fallback);
const dist = opt('dist', 'dist');
const users = Number(opt('users', 10_000));
const runs = Number(opt('runs', 3));
const top = Number(opt('top', 25));
const returning = args.includes('--returning');
const kind = args.includes('--reload') ? 'reload' : 'tab';
const MARK = APP.marks.list;
const CATEGORIES = ['devtools.timeline', 'v8', 'v8.wasm', 'blink.user_timing', 'loading'];

const server = await startStaticServer({ root: dist });
const browser = await launchBrowser();
const stored = users ? JSON.stringify(storedWorkspace({ users })) : null;
const totals = new Map();
let marks = 0;

/** Adds the trace's events between navigation start and the mark (the page's threads) to `totals`. */
function add(traceEvents, markTime) {
  const threads = new Map();
  for (const e of traceEvents) if (e.ph === 'M' && e.name === 'thread_name') threads.set(`${e.pid}:${e.tid}`, e.args.name);
  const mark = traceEvents.find((e) => e.name === MARK);
  if (!mark) throw new Error(`trace: no ${MARK} in the trace`);
  // Navigation start, from the mark's own time (a new tab's trace also holds
  // the navigationStart of its about:blank).
  const start = mark.ts - markTime * 1000;
  for (const e of traceEvents) {
    if (e.ph !== 'X' || !e.dur || e.pid !== mark.pid || e.ts < start || e.ts > mark.ts) continue;
    const thread = threads.get(`${e.pid}:${e.tid}`) ?? 'other';
    const who = thread === 'CrRendererMain' ? 'main' : thread.startsWith('ThreadPool') ? 'workers' : null;
    if (!who) continue;
    const key = `${who}\t${e.name}`;
    totals.set(key, (totals.get(key) ?? 0) + e.dur / 1000);
  }
}

const trace = async () => JSON.parse((await browser.stopTracing()).toString()).traceEvents;

try {
  for (let run = 0; run < runs; run++) {
    let events;
    let t;
    if (returning) {
      const r = await openReturning(browser, APP, { base: server.url, stored });
      try {
        await r.install();
        await r.visit('tab');
        ({ startup: t } = await r.visit(kind, {
          before: (page) => browser.startTracing(page, { categories: CATEGORIES }),
          after: async () => { events = await trace(); },
        }));
      } finally {
        await r.close();
      }
    } else {
      const { context, page } = await openContext(browser, { origin: server.url, stored });
      try {
        await browser.startTracing(page, { categories: CATEGORIES });
        t = await startUp(page, APP, APP.url(server.url));
        events = await trace();
      } finally {
        await context.close();
      }
    }
    marks += t;
    add(events, t);
  }
} finally {
  await browser.close();
  await server.close();
}
const what = returning ? (kind === 'reload' ? 'Reload (service worker in control)' : 'Returning visit (new tab, service worker in control)') : 'Cold start-up';
console.log(`${what} of ${dist} with ${users} users: list rendered at ${(marks / runs).toFixed(0)} ms (mean of ${runs}, traced)\n`);
console.log('| Thread | Event | ms per start-up |\n| --- | --- | ---: |');
for (const [key, ms] of [...totals].sort((a, b) => b[1] - a[1]).slice(0, top)) {
  const [who, name] = key.split('\t');
  console.log(`| ${who} | ${name} | ${(ms / runs).toFixed(1)} |`);
}
