// Two (or more) builds of the console, measured in turns in one browser:
// start-up, reading the stored draft, opening UAT and one filter keystroke
// with the benchmark's 10,000 users, each build in a fresh context per
// round, the builds alternating so that a change of the machine's speed
// touches all of them. What "What each change bought" in docs/benchmarks.md
// is measured with: on this shared 2-core machine one run of the full
// benchmark moves by ±20 %, and a change is only seen side by side.
//
//   node tests/bench/ab.mjs DIST_A DIST_B [...] [--rounds N]
//
// Each DIST is a release build (a copy of dist/; keep one before a change).
// Its index.html may keep its integrity hashes. The word `vanilla` in place
// of a DIST measures the benchmark's vanilla-JS page (tests/bench/vanilla.html
// with the first DIST's stylesheet) in the same turns: the ratio of a build
// to it, side by side. Prints the median of each measure per build, then
// every sample of the list operations.

import { launchBrowser } from '../e2e/browser.mjs';
import { startStaticServer } from '../e2e/static-server.mjs';
import { vanillaRoot } from './vanilla-root.mjs';
import { storedWorkspace, STORAGE_KEY, userId } from './workspace.mjs';

const args = process.argv.slice(2);
const roundsAt = args.indexOf('--rounds');
const rounds = roundsAt >= 0 ? Number(args[roundsAt + 1]) : 8;
const dists = args.filter((a, i) => !a.startsWith('--') && i !== roundsAt + 1);
if (dists.length < 1 || !(rounds > 0)) {
  console.error('usage: node tests/bench/ab.mjs DIST_A DIST_B [...] [--rounds N]');
  process.exit(2);
}

const VANILLA = 'vanilla';
const marks = (dist) => (dist === VANILLA
  ? ['vanilla:environments-list-rendered', 'vanilla:validate-workspace']
  : ['einvoicing:environments-list-rendered', 'einvoicing:load-workspace']);
const stored = JSON.stringify(storedWorkspace({ users: 10_000 }));

const styled = dists.find((d) => d !== VANILLA);
if (!styled) {
  console.error('ab: name at least one build beside `vanilla`');
  process.exit(2);
}
const roots = await Promise.all(dists.map((d) => (d === VANILLA ? vanillaRoot(styled) : d)));
const servers = await Promise.all(roots.map((root) => startStaticServer({ root })));
const browser = await launchBrowser();
const results = dists.map(() => ({ startup: [], load: [], open: [], filter: [] }));

/** Like the benchmark: dispatched at the start of a frame, timed until the rows are painted. */
const timed = (page, kind, first) =>
  page.evaluate(([kind, first]) => new Promise((resolve, reject) => requestAnimationFrame(() => {
    const t0 = performance.now();
    if (kind === 'open') {
      [...document.querySelectorAll('table[aria-label="Service environments"] button')]
        .find((b) => b.textContent.trim() === 'UAT').click();
    } else {
      const input = document.querySelector('#users-filter');
      input.value = '7';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    }
    const rows = () => document.querySelectorAll('table[aria-label="Users"] tbody tr');
    const check = () => {
      if (rows().length === 100 && rows()[0].querySelector('td').textContent.trim() === first) resolve(performance.now() - t0);
      else if (performance.now() - t0 > 20_000) reject(new Error(`${kind}: not painted`));
      else requestAnimationFrame(() => setTimeout(check, 0));
    };
    setTimeout(check, 0);
  })), [kind, first]);

try {
  for (let round = 0; round < rounds; round++) {
    for (const [i, server] of servers.entries()) {
      const context = await browser.newContext({
        viewport: { width: 1280, height: 900 },
        storageState: { cookies: [], origins: [{ origin: server.url, localStorage: [{ name: STORAGE_KEY, value: stored }] }] },
      });
      await context.route('**/sw.js', (route) => route.abort());
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
      await page.goto(`${server.url}/#/environments`, { waitUntil: 'commit' });
      const [MARK, LOAD] = marks(dists[i]);
      await page.waitForFunction((mark) => performance.getEntriesByName(mark, 'mark').length > 0, MARK);
      const [startup, load] = await page.evaluate(([mark, load]) => [
        performance.getEntriesByName(mark, 'mark')[0].startTime,
        performance.getEntriesByName(load, 'measure')[0]?.duration ?? NaN,
      ], [MARK, LOAD]);
      results[i].startup.push(startup);
      results[i].load.push(load);
      await page.waitForTimeout(500);
      results[i].open.push(await timed(page, 'open', userId(1)));
      await page.waitForTimeout(400);
      results[i].filter.push(await timed(page, 'filter', userId(7)));
      await context.close();
    }
    process.stderr.write(`[ab] round ${round + 1}/${rounds}\n`);
  }
} finally {
  await browser.close();
  for (const server of servers) await server.close();
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`| Build | Start-up, 10,000 users | Reading the draft | Open UAT | Filter "7" |\n| --- | ---: | ---: | ---: | ---: |`);
for (const [i, r] of results.entries()) {
  console.log(`| ${dists[i]} | ${median(r.startup).toFixed(0)} ms | ${median(r.load).toFixed(1)} ms | ${median(r.open).toFixed(1)} ms | ${median(r.filter).toFixed(1)} ms |`);
}
const v = dists.indexOf(VANILLA);
if (v >= 0) {
  const ratio = (i, key) => (median(results[i][key]) / median(results[v][key])).toFixed(2);
  console.log(`\n| Build / vanilla | Start-up | Open UAT | Filter "7" |\n| --- | ---: | ---: | ---: |`);
  for (const i of dists.keys()) if (i !== v) console.log(`| ${dists[i]} | ${ratio(i, 'startup')} | ${ratio(i, 'open')} | ${ratio(i, 'filter')} |`);
}
for (const [i, r] of results.entries()) {
  console.log(`\n${dists[i]}: open ${r.open.map((x) => x.toFixed(1)).join(' ')}; filter ${r.filter.map((x) => x.toFixed(1)).join(' ')}`);
}
