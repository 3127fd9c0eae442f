// End-to-end: the shipped (release) build in a real Chromium, used the way a
// person uses it. Run by scripts/test after `trunk build --release`; by hand:
//
//   trunk build --release && node --test tests/e2e/
//
// E2E_DIST overrides the directory that is served (default: dist/).
//
// What this test relies on in the app (keep these names in sync with src/):
// - a <nav> (role "navigation") with links "Key Vault parameters",
//   "Service environments", "Connected applications", "Settings";
// - on the Key Vault parameters page, a button "New" that opens a form with
//   labelled fields "Name" and "Key Vault URI" and a button "Save";
// - an invalid URI gets aria-invalid="true" and aria-describedby naming the
//   element that shows the message;
// - saved references are listed in a table or list (table/ul/ol, or role
//   list/table/grid) that shows the name.
// Labels may end with a required-field marker ("Name *").

import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { startStaticServer } from './static-server.mjs';
import { launchBrowser, openPage, saveScreenshot, eventually } from './browser.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const distDir = path.resolve(repoRoot, process.env.E2E_DIST || 'dist');

const NAV_LINKS = ['Set-up', 'Key Vault parameters', 'Service environments', 'Connected applications', 'Settings'];

let server;
let browser;
let current; // { page, allProblems, context } of the running test

before(async () => {
  server = await startStaticServer({ root: distDir });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

afterEach(async (t) => {
  if (current) {
    // node:test has no per-test status here before Node 22; a screenshot of
    // every test's final state is cheap and helps when one failed.
    await saveScreenshot(current.page, t.name);
    await current.context.close();
    current = undefined;
  }
});

async function openApp(route = '/') {
  current = await openPage(browser);
  const { page } = current;
  await page.goto(new URL(route, server.url).href, { waitUntil: 'load' });
  return current;
}

/** The element(s) named by the input's aria-describedby, with their text and visibility. */
async function describedBy(input) {
  return input.evaluate((el) => {
    const ids = (el.getAttribute('aria-describedby') || '').split(/\s+/).filter(Boolean);
    return ids.map((id) => {
      const target = document.getElementById(id);
      if (!target) return { id, exists: false, text: '', visible: false };
      const style = getComputedStyle(target);
      const rect = target.getBoundingClientRect();
      const visible =
        style.visibility !== 'hidden' && style.display !== 'none' && rect.width > 0 && rect.height > 0;
      return { id, exists: true, text: target.textContent || '', visible };
    });
  });
}

/** Assert the input is marked invalid and its aria-describedby points at a visible element saying `message`. */
async function assertInvalidWith(page, input, message) {
  const shown = page.getByText(message).first();
  await shown.waitFor({ state: 'visible' });
  await eventually(async () => (await input.getAttribute('aria-invalid')) === 'true', {
    what: `aria-invalid="true" on the field while "${message}" is shown`,
  });
  const described = await describedBy(input);
  assert.ok(
    described.some((d) => d.exists && d.visible && d.text.includes(message)),
    `aria-describedby must name a visible element containing "${message}"; it names: ${JSON.stringify(described)}`,
  );
}

async function assertValid(page, input, goneMessage) {
  await eventually(
    async () => {
      const invalid = await input.getAttribute('aria-invalid');
      return invalid === null || invalid === 'false';
    },
    { what: 'aria-invalid to be "false" or absent' },
  );
  await page.getByText(goneMessage).first().waitFor({ state: 'hidden' });
}

async function typeLikeAPerson(input, text) {
  await input.click();
  await input.clear();
  await input.pressSequentially(text, { delay: 5 });
}

test('the release build renders the app shell with its navigation', async () => {
  const { page, allProblems } = await openApp('/');
  const nav = page.getByRole('navigation');
  for (const name of NAV_LINKS) {
    // A blank page (the app failed to start) fails here.
    await nav.getByRole('link', { name }).first().waitFor({ state: 'visible' });
  }
  assert.match(await page.title(), /Electronic invoicing/);
  assert.deepEqual(allProblems(), [], 'no page errors, console errors or failed requests');
});

test('Key Vault parameters: the URI is validated as the user types, and a valid reference is saved', async () => {
  const { page, allProblems } = await openApp('/');

  await page.getByRole('navigation').getByRole('link', { name: 'Key Vault parameters' }).first().click();
  await page.getByRole('button', { name: 'New', exact: true }).click();

  const uri = page.getByLabel('Key Vault URI');
  await uri.waitFor({ state: 'visible' });

  // Wrong scheme.
  const httpsMessage = 'must start with https://';
  await typeLikeAPerson(uri, 'http://contoso.vault.azure.net/');
  await uri.press('Tab');
  await assertInvalidWith(page, uri, httpsMessage);

  // Fixed: the message goes away.
  await typeLikeAPerson(uri, 'https://contoso-einvoicing.vault.azure.net/');
  await uri.press('Tab');
  await assertValid(page, uri, httpsMessage);

  // Vault name too short.
  const shortMessage = "The vault name must be 3 to 24 characters; 'ab' has 2.";
  await typeLikeAPerson(uri, 'https://ab.vault.azure.net/');
  await uri.press('Tab');
  await assertInvalidWith(page, uri, shortMessage);

  // Fill in a valid reference and save it.
  // "Name", or "Name *" when the label marks the field as required.
  await typeLikeAPerson(page.getByLabel(/^Name(\s*\*)?$/), 'ContosoKV');
  await typeLikeAPerson(uri, 'https://contoso-einvoicing.vault.azure.net/');
  await uri.press('Tab');
  await assertValid(page, uri, shortMessage);
  await page.getByRole('button', { name: 'Save', exact: true }).click();

  const listed = page
    .locator('table, ul, ol, [role="list"], [role="table"], [role="grid"]')
    .filter({ hasText: 'ContosoKV' })
    .first();
  await listed.waitFor({ state: 'visible' });

  assert.deepEqual(allProblems(), [], 'no page errors, console errors or failed requests');
});
