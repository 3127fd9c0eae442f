// End-to-end: every list stays readable on a narrow screen (issue 18). At
// 360 × 740, each list of the sample workspace, reached the way a person
// reaches it, is checked three ways:
//
// (a) no word is broken across lines: for each visible text node in the
//     list, each whitespace-separated word's Range.getClientRects() is
//     exactly one box. The one exception is a word wider than the list
//     itself can hold (a Key Vault URI, an address: nothing to break it at
//     but letters): it may wrap, but each of its pieces must stay inside its
//     cell. Its width is measured, not guessed: the word alone, unwrapped,
//     in its own element's font, against the list's width less the padding
//     and borders around the word (card, cell, button), so a squeezed
//     column is no excuse;
// (b) within each row, no two visible boxes overlap (each line of text, each
//     button, field, link and status badge), and each stays inside its row
//     (its card) and inside the 360 px;
// (c) the page does not scroll sideways: document.documentElement.scrollWidth
//     is at most 360.
//
// The same on the Service column (what the service holds, read from the
// development receiver: UAT newer there, with "Take the service's version"
// on a line of its own), the list of what only the service holds (each row
// with "Add to this workspace") and the environment's Publish history.
//
// Then: the lists keep their table semantics for screen readers at 360 px
// (Chromium's own accessibility tree, through the DevTools protocol, still
// has the table with its name, its rows, column headers and cells); a Delete
// question opened in a card is checked the same way; and at 1280 px the
// lists are still tables. (New lists follow style/main.css "Lists on a
// narrow screen": a <td data-label="Column"> per cell, actions without.)
//
//   trunk build --release && node --test tests/e2e/narrow-lists.test.mjs
//
// What this relies on in the app beyond console.mjs's list: Settings'
// "Sample data" region with "Try it with sample data" (sample.test.mjs); the
// sample's ContosoKV, UAT and "Contoso Finance UAT"; each list a <table
// class="grid"> named by aria-label.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import {
  useConsole,
  openSession,
  gotoApp,
  navigate,
  openEnvironment,
  environmentRow,
  publishButton,
  waitForPublished,
  assertNoHorizontalScroll,
  saveScreenshot,
  eventually,
} from './console.mjs';
import { useReceiver, openUatSession } from './receiver.mjs';

const shared = useConsole();

const NARROW = { width: 360, height: 740 };
const WIDE = { width: 1280, height: 900 };

/** Settings → "Try it with sample data"; waits for the banner. */
async function openSample(page) {
  await navigate(page, 'Settings');
  await page.getByRole('region', { name: 'Sample data' }).getByRole('button', { name: 'Try it with sample data' }).click();
  await page.getByRole('region', { name: 'Sample workspace' }).waitFor({ state: 'visible' });
}

function list(page, name) {
  return page.getByRole('table', { name, exact: true });
}

/**
 * What is wrong with the layout of `table` as shown (run in the page):
 * `broken` words, `overlaps` within a row, boxes `outside` their row or the
 * viewport; and what was looked at (`counts`), so that a check that saw
 * nothing cannot pass.
 */
function measureList(table) {
  const viewportWidth = document.documentElement.clientWidth;
  const EPS = 1;
  const short = (s) => (s || '').trim().replace(/\s+/g, ' ').slice(0, 60);
  const isHidden = (el) => {
    for (let e = el; e && e !== document.body; e = e.parentElement) {
      const cs = getComputedStyle(e);
      if (cs.display === 'none' || cs.visibility === 'hidden') return true;
      if (cs.position === 'absolute' && cs.clip !== 'auto') return true; // .visually-hidden
      const r = e.getBoundingClientRect();
      if ((r.width <= 1 || r.height <= 1) && cs.overflow !== 'visible') return true;
      if (e === table) break;
    }
    return false;
  };
  const cellOf = (node) => (node.nodeType === 1 ? node : node.parentElement).closest('td, th, caption');
  const rows = [...table.rows];
  const columnOf = (cell) => {
    if (!cell || cell.tagName === 'CAPTION') return 'caption';
    const label = cell.getAttribute('data-label');
    if (label) return label;
    const header = table.tHead?.rows[0]?.cells[cell.cellIndex];
    return (header?.textContent || `column ${cell.cellIndex + 1}`).trim();
  };
  const where = (node) => {
    const cell = cellOf(node);
    const row = cell?.closest('tr');
    return `${columnOf(cell)} of row ${row ? rows.indexOf(row) : '-'}`;
  };
  const inside = (r, box) =>
    r.left >= box.left - EPS && r.right <= box.right + EPS && r.top >= box.top - EPS && r.bottom <= box.bottom + EPS;
  const round = (r) => `[${Math.round(r.left)}, ${Math.round(r.top)}, ${Math.round(r.right)}, ${Math.round(r.bottom)}]`;

  const broken = [];
  const outside = [];
  const overlaps = [];
  const counts = { words: 0, longWords: 0, rows: 0, boxes: 0 };

  // (a) Words.
  const walker = document.createTreeWalker(table, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.data.trim() || isHidden(node.parentElement)) continue;
    for (const match of node.data.matchAll(/\S+/g)) {
      const range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const rects = [...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0);
      counts.words += 1;
      if (rects.length === 1) continue;
      // The word alone, unwrapped, in its element's font.
      const probe = document.createElement('span');
      probe.textContent = match[0];
      probe.style.cssText = 'position:absolute;visibility:hidden;white-space:pre;left:0;top:0';
      node.parentElement.appendChild(probe);
      const natural = probe.getBoundingClientRect().width;
      probe.remove();
      // The most room the word could have: the list's whole width, less
      // the padding and borders of every box around it (its card, its cell,
      // its button). A squeezed column does not count: a word wider than
      // its column but not than that is one the layout should not break.
      let room = table.clientWidth;
      for (let e = node.parentElement; e && e !== table; e = e.parentElement) {
        const cs = getComputedStyle(e);
        if (cs.display === 'inline') continue;
        room -= ['paddingLeft', 'paddingRight', 'borderLeftWidth', 'borderRightWidth'].reduce((sum, p) => sum + parseFloat(cs[p]), 0);
      }
      const cell = cellOf(node);
      if (natural > room + EPS) {
        counts.longWords += 1;
        const box = cell.getBoundingClientRect();
        for (const r of rects) {
          if (!inside(r, box)) outside.push(`a piece of the long word "${short(match[0])}" ${round(r)} sticks out of its cell ${round(box)} (${where(node)})`);
        }
      } else {
        broken.push(
          `"${match[0]}" (${where(node)}) is broken over ${rects.length} lines, though it is ${Math.round(natural)} px wide and the list has room for ${Math.round(room)} px`,
        );
      }
    }
  }

  // (b) Boxes in each row.
  const ATOMIC = 'button, input, select, textarea, a, img, svg, .status, .badge';
  for (const row of rows) {
    if (isHidden(row)) continue;
    counts.rows += 1;
    const rowBox = row.getBoundingClientRect();
    const boxes = [];
    for (const cell of row.cells) {
      if (isHidden(cell)) continue;
      for (const el of cell.querySelectorAll(ATOMIC)) {
        if (isHidden(el) || el.parentElement.closest(ATOMIC)) continue;
        const r = el.getBoundingClientRect();
        if (r.width > 0 && r.height > 0) boxes.push({ r, what: `${el.tagName.toLowerCase()} "${short(el.textContent || el.value)}" (${where(el)})` });
      }
      const texts = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
      for (let node = texts.nextNode(); node; node = texts.nextNode()) {
        if (!node.data.trim() || isHidden(node.parentElement) || node.parentElement.closest(ATOMIC)) continue;
        const range = document.createRange();
        range.selectNodeContents(node);
        for (const r of range.getClientRects()) {
          if (r.width > 0 && r.height > 0) boxes.push({ r, what: `text "${short(node.data)}" (${where(node)})` });
        }
      }
    }
    counts.boxes += boxes.length;
    for (const { r, what } of boxes) {
      if (!inside(r, rowBox)) outside.push(`${what} ${round(r)} sticks out of its row ${round(rowBox)}`);
      if (r.left < -EPS || r.right > viewportWidth + EPS) outside.push(`${what} ${round(r)} is beyond the ${viewportWidth} px of the screen`);
    }
    for (let i = 0; i < boxes.length; i += 1) {
      for (let j = i + 1; j < boxes.length; j += 1) {
        const a = boxes[i].r;
        const b = boxes[j].r;
        const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (w > EPS && h > EPS) overlaps.push(`${boxes[i].what} ${round(a)} and ${boxes[j].what} ${round(b)} overlap by ${Math.round(w)} × ${Math.round(h)} px`);
      }
    }
  }
  return { broken, overlaps, outside, counts, scrollWidth: document.documentElement.scrollWidth };
}

/** Checks (a), (b) and (c) on the named list, as shown now. */
async function assertReadable(page, name) {
  const table = list(page, name);
  await table.waitFor({ state: 'visible' });
  const found = await table.evaluate(measureList);
  const what = `${name} at ${page.viewportSize().width} px`;
  assert.ok(found.counts.rows > 0 && found.counts.words > 0 && found.counts.boxes > 0, `${what}: the check saw rows, words and boxes (${JSON.stringify(found.counts)})`);
  // One assertion, so that a failure lists all three kinds of problem.
  assert.deepEqual(
    { broken: found.broken, overlaps: found.overlaps, outside: found.outside },
    { broken: [], overlaps: [], outside: [] },
    `${what}: no word broken across lines (broken), nothing in a row covering anything else (overlaps), everything inside its row, its cell and the screen (outside)`,
  );
  assert.ok(found.scrollWidth <= NARROW.width, `${what}: document.documentElement.scrollWidth is ${found.scrollWidth}, more than ${NARROW.width}`);
  await assertNoHorizontalScroll(page, what);
  return found.counts;
}

/**
 * The named table as Chromium's accessibility tree has it (what a screen
 * reader is given): the table's role and name, and how many rows, column
 * headers and cells it has.
 */
async function accessibleTable(page, name) {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('Accessibility.enable');
    const { result } = await cdp.send('Runtime.evaluate', {
      expression: `document.querySelector('table[aria-label=${JSON.stringify(name)}]')`,
    });
    assert.ok(result.objectId, `the table "${name}" is in the page`);
    const query = async (role) => (await cdp.send('Accessibility.queryAXTree', { objectId: result.objectId, role })).nodes.filter((n) => !n.ignored);
    const tables = await query('table');
    return {
      table: tables.map((t) => t.name?.value),
      rows: (await query('row')).length,
      columnheaders: (await query('columnheader')).length,
      cells: (await query('cell')).length,
    };
  } finally {
    await cdp.detach();
  }
}

// The lists, by page: [page to reach them, the lists' names].
const LISTS = {
  'Key Vault references': ['Key Vault references'],
  'ContosoKV open': ['Certificates', 'Chains of certificates'],
  'Service environments': ['Service environments'],
  'UAT open': ['Service environments', 'Users', 'Applications', 'Number sequences'],
  'Connected applications': ['Connected applications'],
};

/** Goes to the page that shows `where`'s lists, as a person would. */
async function reach(page, where) {
  switch (where) {
    case 'Key Vault references':
    case 'Service environments':
    case 'Connected applications':
      await navigate(page, where === 'Key Vault references' ? 'Key Vault parameters' : where);
      break;
    case 'ContosoKV open':
      await navigate(page, 'Key Vault parameters');
      await list(page, 'Key Vault references').getByRole('button', { name: 'ContosoKV', exact: true }).click();
      await list(page, 'Chains of certificates').waitFor({ state: 'visible' });
      break;
    case 'UAT open':
      await openEnvironment(page, 'UAT');
      await list(page, 'Number sequences').waitFor({ state: 'visible' });
      break;
    default:
      throw new Error(`unknown page ${where}`);
  }
}

describe('at 360 × 740, in the sample workspace', () => {
  let session;
  before(async () => {
    session = await openSession(shared, { viewport: NARROW });
    await gotoApp(session, '/#/settings');
    await openSample(session.page);
  });
  after(async () => {
    await session?.context.close();
  });

  for (const [where, names] of Object.entries(LISTS)) {
    test(`${where}: ${names.join(', ')} — no word broken, nothing overlapping, no sideways scroll`, async () => {
      const { page } = session;
      try {
        await reach(page, where);
        for (const name of names) await assertReadable(page, name);
        session.assertNoProblems();
      } finally {
        await saveScreenshot(page, `narrow-lists-${where.replace(/\W+/g, '-').toLowerCase()}`);
      }
    });
  }

  test('the Key Vault URI and the GUIDs, longer than a card is wide, wrap inside their cells', async () => {
    const { page } = session;
    await reach(page, 'Key Vault references');
    const refs = await list(page, 'Key Vault references').evaluate(measureList);
    assert.ok(refs.counts.longWords >= 1, `the URI is measured as a long word (${JSON.stringify(refs.counts)})`);
    await reach(page, 'UAT open');
    const apps = await list(page, 'Applications').evaluate(measureList);
    assert.deepEqual([apps.broken, apps.outside], [[], []]);
    session.assertNoProblems();
  });

  test("a Delete question opened in a card: its words and buttons are readable too", async () => {
    const { page } = session;
    try {
      await reach(page, 'ContosoKV open');
      const row = list(page, 'Certificates').getByRole('row').filter({ hasText: 'contoso-root-ca' });
      await row.getByRole('button', { name: 'Delete', exact: true }).click();
      await row.getByRole('button', { name: 'Cancel' }).waitFor({ state: 'visible' });
      await assertReadable(page, 'Certificates');
      await row.getByRole('button', { name: 'Cancel' }).click();
      session.assertNoProblems();
    } finally {
      await saveScreenshot(page, 'narrow-lists-delete-question');
    }
  });

  test('screen readers still get tables: the name, rows, column headers and cells', async () => {
    const { page } = session;
    await reach(page, 'UAT open');
    for (const name of ['Service environments', 'Users', 'Applications', 'Number sequences']) {
      const expected = await list(page, name).evaluate((t) => ({
        rows: t.rows.length,
        columnheaders: t.querySelectorAll('th').length,
        cells: t.querySelectorAll('td').length,
      }));
      const got = await accessibleTable(page, name);
      assert.deepEqual(got, { table: [name], ...expected }, `${name}: Chromium's accessibility tree at 360 px`);
    }
    session.assertNoProblems();
  });
});

describe('at 360 × 740, with what the service holds (the receiver)', () => {
  const service = useReceiver();

  test('the Service column ("Newer on the service …" with its button), the list of what only the service holds, and the Publish history', async () => {
    const receiver = service.receiver;
    const { session, page } = await openUatSession(shared, receiver);
    try {
      await publishButton(page).click();
      await waitForPublished(page, 'UAT', 1);
      const held = await receiver.held('UAT');
      await receiver.publishAsSomeoneElse({ ...held.environment, description: 'Published by Bea' }, '1');
      await receiver.publishAsSomeoneElse({ ...held.environment, name: 'SANDBOX-WESTEUROPE-02', description: 'Kept for the partners' });
      await page.getByRole('button', { name: 'Check what the service holds', exact: true }).click();
      const serviceCell = environmentRow(page, 'UAT').getByRole('cell').nth(3);
      await eventually(async () => (await serviceCell.innerText()).trim().startsWith('Newer on the service: revision 2, published '), {
        what: 'the Service column to mark UAT newer',
      });
      const take = page.getByRole('button', { name: "Take the service's version of UAT" });
      await take.waitFor({ state: 'visible' });
      await page.setViewportSize(NARROW);
      await assertReadable(page, 'Service environments');
      await assertReadable(page, 'Held by the service but not in this workspace');
      await assertReadable(page, 'Publish history');
      // The row's button is on a line of its own, below the mark.
      const [mark, top] = await serviceCell.evaluate((cell) => {
        const rects = [...cell.querySelector('span').getClientRects()];
        return [rects.at(-1).bottom, cell.querySelector('button').getBoundingClientRect().top];
      });
      assert.ok(top >= mark - 1, `"Take the service's version" (top ${top}) is below the mark (bottom ${mark})`);
      session.assertNoProblems();
    } finally {
      await saveScreenshot(page, 'narrow-lists-service-column');
      await session.context.close();
    }
  });
});

test('at 1280 px the lists are still tables (one row a line, the column headers shown)', async () => {
  const session = await openSession(shared, { viewport: WIDE });
  const { page } = session;
  try {
    await gotoApp(session, '/#/settings');
    await openSample(page);
    await reach(page, 'UAT open');
    for (const name of ['Service environments', 'Users', 'Applications', 'Number sequences']) {
      const shown = await list(page, name).evaluate((t) => ({
        table: getComputedStyle(t).display,
        row: getComputedStyle(t.tBodies[0].rows[0]).display,
        cell: getComputedStyle(t.tBodies[0].rows[0].cells[0]).display,
        headerHeight: t.tHead.getBoundingClientRect().height > 10,
      }));
      assert.deepEqual(shown, { table: 'table', row: 'table-row', cell: 'table-cell', headerHeight: true }, name);
    }
    session.assertNoProblems();
  } finally {
    await saveScreenshot(page, 'narrow-lists-wide');
    await session.context.close();
  }
});
