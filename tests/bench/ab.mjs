// Two (or more) builds of the console, measured in turns in one browser:
// start-up, reading the stored draft, opening UAT and one filter keystroke
// with the benchmark's 10,000 users, each build in a fresh context per
// round, the builds alternating so that a change of the machine's speed
// touches all of them. What "What each change bought" in docs/benchmarks.md
// is measured with: on this shared 2-core machine one run of the full
// benchmark moves by ±20 %, and a change is only seen side by side.
//
//   node tests/bench/ab.mjs DIST_A DIST_B [...] [--rounds N] [--returning]
//
// Each DIST is a release build (a copy of dist/; keep one before a change).
// Its index.html may keep its integrity hashes. The word `vanilla` in place
// of a DIST measures the benchmark's vanilla-JS page (tests/bench/vanilla.html
// with the first DIST's stylesheet) in the same turns: the ratio of a build
// to it, side by side. Prints the median of each measure per build, then
// every sample.
//
// Cold (the default): every start-up without a cache or a service worker
// (session.mjs), as the benchmark's. --returning measures the returning visit
// instead (returning.mjs): in each round and for each build, a context with
// an empty workspace and one with the 10,000 users, each visited once to
// install its service worker, once more (thrown away), then in a new tab
// (the returning visit) and by reloading that tab.

import { launchBrowser } from '../e2e/browser.mjs';
import { startStaticServer } from '../e2e/static-server.mjs';
import { APP, VANILLA } from './pages.mjs';
import { returningStartUps } from './returning.mjs';
import { check, firstMeasure, openContext, startUp } from './session.mjs';
import { vanillaRoot } from './vanilla-root.mjs';
import { storedWorkspace, userId } from './workspace.mjs';

const USAGE = 'usage: node tests/bench/ab.mjs DIST_A DIST_B [...] [--rounds N] [--returning]';
const args = process.argv.slice(2);
const roundsAt = args.indexOf('--rounds');
const rounds = roundsAt >= 0 ? Number(args[roundsAt + 1]) : 8;
const returning = args.includes('--returning');
const unknown = args.filter((a, i) => a.startsWith('--') && !['--rounds', '--returning'].includes(a) && i !== roundsAt + 1);
const dists = args.filter((a, i) => !a.startsWith('--') && i !== roundsAt + 1);
if (dists.length < 1 || !(Number.isInteger(rounds) && rounds > 0) || unknown.length) {
  console.error(unknown.length ? `ab: unknown option ${unknown.join(' ')}\n${USAGE}` : USAGE);
  process.exit(2);
}

const VANILLA_NAME = 'vanilla';
const targetOf = (dist) => (dist === VANILLA_NAME ? VANILLA : APP);
const stored = JSON.stringify(storedWorkspace({ users: 10_000 }));

const styled = dists.find((d) => d !== VANILLA_NAME);
if (!styled) {
  console.error('ab: name at least one build beside `vanilla`');
  process.exit(2);
}
const roots = await Promise.all(dists.map((d) => (d === VANILLA_NAME ? vanillaRoot(styled) : d)));
const servers = await Promise.all(roots.map((root) => startStaticServer({ root })));
const browser = await launchBrowser();
// One list of samples per measure and build.
const results = dists.map(() => ({}));
const push = (i, key, x) => (results[i][key] ??= []).push(x);

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

/** One cold round of build `i`: start-up with the 10,000 users, the draft's reading, open, filter. */
async function cold(i, target, base) {
  const { context, page, problems } = await openContext(browser, { origin: base, stored });
  try {
    push(i, 'startup', await startUp(page, target, target.url(base)));
    push(i, 'read', await firstMeasure(page, target, target.marks.read));
    if (target.marks.check) push(i, 'check', await firstMeasure(page, target, target.marks.check));
    await page.waitForTimeout(500);
    push(i, 'open', await timed(page, 'open', userId(1)));
    await page.waitForTimeout(400);
    push(i, 'filter', await timed(page, 'filter', userId(7)));
    check(problems.length === 0, `${dists[i]} reported problems:\n  ${problems.join('\n  ')}`);
  } finally {
    await context.close();
  }
}

/** One returning round of build `i`: returning visit and reload, empty and with the 10,000 users. */
async function again(i, target, base) {
  for (const [workspace, value] of [['empty', null], ['users', stored]]) {
    const { tab, reload } = await returningStartUps(browser, target, { base, stored: value });
    push(i, `${workspace}Tab`, tab.startup);
    push(i, `${workspace}Reload`, reload.startup);
    if (workspace === 'users') {
      check(tab.read != null, `${dists[i]}: no "${target.marks.read}" measure on the returning visit`);
      push(i, 'read', tab.read);
      if (target.marks.check) {
        check(tab.check != null, `${dists[i]}: no "${target.marks.check}" measure on the returning visit`);
        push(i, 'check', tab.check);
      }
    }
  }
}

try {
  for (let round = 0; round < rounds; round++) {
    for (const [i, server] of servers.entries()) {
      await (returning ? again : cold)(i, targetOf(dists[i]), server.url);
    }
    process.stderr.write(`[ab] round ${round + 1}/${rounds}\n`);
  }
} finally {
  await browser.close();
  for (const server of servers) await server.close();
}

const median = (xs) => {
  const v = [...xs].sort((a, b) => a - b);
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
};
const fmt = (x) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
const COLUMNS = returning
  ? [['emptyTab', 'Returning visit, empty'], ['usersTab', 'Returning visit, 10,000 users'], ['read', 'Reading the draft (returning visit)'],
    ['emptyReload', 'Reload, empty'], ['usersReload', 'Reload, 10,000 users']]
  : [['startup', 'Start-up, 10,000 users'], ['read', 'Reading the draft'], ['open', 'Open UAT'], ['filter', 'Filter "7"']];
console.log(returning
  ? `Returning start-ups (service worker in control), ${rounds} rounds, medians:\n`
  : `Cold start-ups, ${rounds} rounds, medians:\n`);
console.log(`| Build | ${COLUMNS.map(([, title]) => title).join(' | ')} |\n| --- |${COLUMNS.map(() => ' ---: |').join('')}`);
for (const [i, r] of results.entries()) {
  console.log(`| ${dists[i]} | ${COLUMNS.map(([key]) => `${fmt(median(r[key]))} ms`).join(' | ')} |`);
}
const v = dists.indexOf(VANILLA_NAME);
if (v >= 0) {
  // The draft's reading: the console's einvoicing:load-workspace against the
  // vanilla page's vanilla:read-workspace (the same steps); its check of
  // every user alone is printed below.
  const ratio = (i, key) => (median(results[i][key]) / median(results[v][key])).toFixed(2);
  console.log(`\n| Build / vanilla | ${COLUMNS.map(([, title]) => title).join(' | ')} |\n| --- |${COLUMNS.map(() => ' ---: |').join('')}`);
  for (const i of dists.keys()) if (i !== v) console.log(`| ${dists[i]} | ${COLUMNS.map(([key]) => ratio(i, key)).join(' | ')} |`);
  console.log(`\nvanilla: its check of every User ID and email alone (${VANILLA.marks.check}, inside the reading above): ${fmt(median(results[v].check))} ms`);
}
const samples = returning ? ['emptyTab', 'usersTab'] : ['open', 'filter'];
for (const [i, r] of results.entries()) {
  console.log(`\n${dists[i]}: ${samples.map((key) => `${key} ${r[key].map((x) => x.toFixed(1)).join(' ')}`).join('; ')}`);
}
