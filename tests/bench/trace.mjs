// Where start-up goes, thread by thread: a Chromium trace (Playwright's
// tracing: devtools.timeline, v8, v8.wasm) of cold start-ups of a build, from
// navigation start to the console's list-rendered mark, with the duration of
// each kind of event summed per thread (the page's main thread, and the
// worker threads where V8 compiles the wasm), averaged over the runs.
//
//   node tests/bench/trace.mjs [--dist dist] [--users 10000] [--runs 3] [--top 25]
//
// Nested events are counted in each of their parents too (a RunTask holds
// everything below it): read it as "how much of each", not as a sum.

import { launchBrowser } from '../e2e/browser.mjs';
import { startStaticServer } from '../e2e/static-server.mjs';
import { option } from './options.mjs';
import { storedWorkspace, STORAGE_KEY } from './workspace.mjs';

const args = process.argv.slice(2);
const opt = (name, fallback) => option(args, name, fallback);
const dist = opt('dist', 'dist');
const users = Number(opt('users', 10_000));
const runs = Number(opt('runs', 3));
const top = Number(opt('top', 25));
const MARK = 'einvoicing:environments-list-rendered';

const server = await startStaticServer({ root: dist });
const browser = await launchBrowser();
const totals = new Map();
let marks = 0;
try {
  for (let run = 0; run < runs; run++) {
    const storageState = users
      ? { cookies: [], origins: [{ origin: server.url, localStorage: [{ name: STORAGE_KEY, value: JSON.stringify(storedWorkspace({ users })) }] }] }
      : undefined;
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, storageState });
    await context.route('**/sw.js', (route) => route.abort());
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await browser.startTracing(page, { categories: ['devtools.timeline', 'v8', 'v8.wasm', 'blink.user_timing', 'loading'] });
    await page.goto(`${server.url}/#/environments`, { waitUntil: 'commit' });
    await page.waitForFunction((mark) => performance.getEntriesByName(mark, 'mark').length > 0, MARK);
    marks += await page.evaluate((mark) => performance.getEntriesByName(mark, 'mark')[0].startTime, MARK);
    const { traceEvents } = JSON.parse((await browser.stopTracing()).toString());
    const threads = new Map();
    for (const e of traceEvents) if (e.ph === 'M' && e.name === 'thread_name') threads.set(`${e.pid}:${e.tid}`, e.args.name);
    const mark = traceEvents.find((e) => e.name === MARK);
    const start = traceEvents.find((e) => e.name === 'navigationStart' && e.pid === mark?.pid)?.ts
      ?? Math.min(...traceEvents.filter((e) => e.pid === mark?.pid && e.ts).map((e) => e.ts));
    for (const e of traceEvents) {
      if (e.ph !== 'X' || !e.dur || e.pid !== mark?.pid || e.ts < start || e.ts > mark.ts) continue;
      const thread = threads.get(`${e.pid}:${e.tid}`) ?? 'other';
      const who = thread === 'CrRendererMain' ? 'main' : thread.startsWith('ThreadPool') ? 'workers' : null;
      if (!who) continue;
      const key = `${who}\t${e.name}`;
      totals.set(key, (totals.get(key) ?? 0) + e.dur / 1000);
    }
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}
console.log(`Start-up of ${dist} with ${users} users: list rendered at ${(marks / runs).toFixed(0)} ms (mean of ${runs}, traced)\n`);
console.log('| Thread | Event | ms per start-up |\n| --- | --- | ---: |');
for (const [key, ms] of [...totals].sort((a, b) => b[1] - a[1]).slice(0, top)) {
  const [who, name] = key.split('\t');
  console.log(`| ${who} | ${name} | ${(ms / runs).toFixed(1)} |`);
}
