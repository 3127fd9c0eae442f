// Shared steps for the end-to-end tests that use the console the way an
// administrator does (administration.test.mjs, accessibility.test.mjs).
// Not a test file itself (node --test only runs *.test.mjs and the like).
//
// - `useConsole()` starts the static server on dist/ (or E2E_DIST) and
//   Chromium once per file, and closes them after;
// - `openSession()` opens a fresh browser context (clean storage) and records
//   console errors, uncaught page errors and failed requests on EVERY page of
//   that context (also pages opened later, such as a deep link in a new tab);
// - the helpers below act through what a person sees: labels, roles, text.
//
// What this relies on in the app (keep in sync with src/):
// - the navigation (<nav>) links "Key Vault parameters", "Service
//   environments", "Connected applications", "Settings";
// - labelled fields; a required field's label may end with " *";
// - an invalid field has aria-invalid="true" and aria-describedby naming the
//   element that shows its message;
// - forms labelled "Certificate or secret", "Add a user", "Add an
//   application", "New number sequence";
// - the draft is kept in localStorage under "einvoicing-console/workspace".

import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { startStaticServer } from './static-server.mjs';
import { launchBrowser, saveScreenshot, eventually } from './browser.mjs';

export { saveScreenshot, eventually };

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const distDir = path.resolve(repoRoot, process.env.E2E_DIST || 'dist');

export const STORAGE_KEY = 'einvoicing-console/workspace';
export const NAV_LINKS = ['Key Vault parameters', 'Service environments', 'Connected applications', 'Settings'];

/**
 * Starts the server and the browser for the calling test file.
 * @returns {{ server: { url: string }, browser: import('playwright-core').Browser }} filled in by `before`
 */
export function useConsole() {
  const shared = { server: undefined, browser: undefined };
  before(async () => {
    shared.server = await startStaticServer({ root: distDir });
    shared.browser = await launchBrowser();
  });
  after(async () => {
    await shared.browser?.close();
    await shared.server?.close();
  });
  return shared;
}

/** Records what goes wrong on one page into `problems` (the same checks as browser.mjs's openPage). */
function watch(page, problems, label) {
  const where = label ? ` [${label}]` : '';
  page.on('console', (msg) => {
    if (msg.type() === 'error') {
      const loc = msg.location();
      const at = loc?.url ? ` (${loc.url}:${loc.lineNumber})` : '';
      problems.push(`console error${where}: ${msg.text()}${at}`);
    }
  });
  page.on('pageerror', (err) => problems.push(`page error${where}: ${err.stack || String(err)}`));
  page.on('requestfailed', (req) =>
    problems.push(`failed request${where}: ${req.method()} ${req.url()}: ${req.failure()?.errorText ?? 'failed'}`),
  );
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`failed request${where}: ${res.request().method()} ${res.url()}: HTTP ${res.status()}`);
  });
}

/**
 * A fresh context (clean storage, downloads accepted) with its first page.
 * Every page of the context is watched for problems.
 */
export async function openSession(shared, { viewport = { width: 1280, height: 900 }, colorScheme = 'light' } = {}) {
  const context = await shared.browser.newContext({ viewport, colorScheme, acceptDownloads: true });
  const problems = [];
  let pages = 0;
  context.on('page', (page) => {
    pages += 1;
    page.setDefaultTimeout(Number(process.env.E2E_TIMEOUT_MS || 15_000));
    watch(page, problems, pages === 1 ? '' : `page ${pages}`);
  });
  const page = await context.newPage();
  return {
    context,
    page,
    problems,
    url: (route = '/') => new URL(route, shared.server.url).href,
    assertNoProblems(what = 'no page errors, console errors or failed requests') {
      assert.deepEqual(problems, [], what);
    },
  };
}

/** Opens `route` (such as "/#/key-vaults") and waits for the console to render. */
export async function gotoApp(session, route = '/', page = session.page) {
  await page.goto(session.url(route), { waitUntil: 'load' });
  await page.getByRole('navigation').getByRole('link', { name: NAV_LINKS[0] }).waitFor({ state: 'visible' });
}

export async function navigate(page, name) {
  await page.getByRole('navigation').getByRole('link', { name }).click();
  await eventually(
    async () => (await page.getByRole('navigation').getByRole('link', { name }).getAttribute('aria-current')) === 'page',
    { what: `"${name}" to be the current page` },
  );
}

/** A label as shown, allowing the required-field marker: "Name" or "Name *". */
export function label(text) {
  const escaped = text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped}(\\s*\\*)?$`);
}

export async function typeLikeAPerson(input, text) {
  await input.click();
  await input.clear();
  await input.pressSequentially(text, { delay: 5 });
}

/** The element(s) named by the input's aria-describedby, with their text and visibility. */
export async function describedBy(input) {
  return input.evaluate((el) => {
    const ids = (el.getAttribute('aria-describedby') || '').split(/\s+/).filter(Boolean);
    return ids.map((id) => {
      const target = document.getElementById(id);
      if (!target) return { id, exists: false, text: '', visible: false };
      const style = getComputedStyle(target);
      const rect = target.getBoundingClientRect();
      const visible = style.visibility !== 'hidden' && style.display !== 'none' && rect.width > 0 && rect.height > 0;
      return { id, exists: true, text: target.textContent || '', visible };
    });
  });
}

/**
 * The input is marked invalid and its aria-describedby names a visible
 * element whose text contains every one of `parts` (strings).
 */
export async function assertInvalidWith(input, ...parts) {
  await eventually(async () => (await input.getAttribute('aria-invalid')) === 'true', {
    what: `aria-invalid="true" on the field (expecting a message with ${JSON.stringify(parts)})`,
  });
  const found = await eventually(
    async () => {
      const described = await describedBy(input);
      return described.find((d) => d.exists && d.visible && parts.every((p) => d.text.includes(p)));
    },
    { what: `a visible message next to the field containing ${JSON.stringify(parts)}` },
  ).catch(async (err) => {
    throw new Error(`${err.message}; aria-describedby names: ${JSON.stringify(await describedBy(input))}`);
  });
  return found.text;
}

export async function assertValid(input) {
  await eventually(
    async () => {
      const invalid = await input.getAttribute('aria-invalid');
      return invalid === null || invalid === 'false';
    },
    { what: 'aria-invalid to be "false" or absent' },
  );
}

/**
 * Clicks `button` (a locator) and returns the file it downloads, with its
 * text. The button is waited for first, so a missing one is named as such.
 */
export async function download(page, button) {
  await button.waitFor({ state: 'visible' });
  const [dl] = await Promise.all([page.waitForEvent('download'), button.click()]);
  const failure = await dl.failure();
  assert.equal(failure, null, `the download of ${dl.suggestedFilename()} failed: ${failure}`);
  const text = await readFile(await dl.path(), 'utf8');
  return { download: dl, text };
}

/** What has the keyboard focus: tag, id, type and accessible-ish name. */
export async function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return { tag: 'body', id: '', name: '' };
    const labelled = el.id ? document.querySelector(`label[for="${CSS.escape(el.id)}"]`) : null;
    const name = (el.getAttribute('aria-label') || labelled?.textContent || el.textContent || '').trim();
    return { tag: el.tagName.toLowerCase(), id: el.id, type: el.getAttribute('type') || '', name };
  });
}

/**
 * Presses Tab until `matches(focused)` is true; fails after `max` presses,
 * listing where the focus went.
 */
export async function tabTo(page, matches, { max = 40, what = 'the element' } = {}) {
  const visited = [];
  for (let i = 0; i < max; i += 1) {
    await page.keyboard.press('Tab');
    const now = await focused(page);
    visited.push(`${now.tag}${now.id ? `#${now.id}` : ''} "${now.name.slice(0, 40)}"`);
    if (matches(now)) return { presses: i + 1, visited };
  }
  throw new Error(`${what} was not reached with ${max} presses of Tab; the focus went: ${visited.join(' → ')}`);
}

// ---- Building a workspace through the UI -------------------------------------

/** Key Vault parameters → New → Name, URI → Save. Leaves the reference open. */
export async function createReference(page, { name, uri }) {
  await navigate(page, 'Key Vault parameters');
  await page.getByRole('button', { name: 'New', exact: true }).click();
  const form = page.getByRole('form', { name: 'New Key Vault reference' });
  await typeLikeAPerson(form.getByLabel(label('Name')), name);
  await typeLikeAPerson(form.getByLabel(label('Key Vault URI')), uri);
  await form.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByText(`Key Vault reference '${name}' saved.`).waitFor({ state: 'visible' });
}

/** In the open reference's Certificates: a new entry (Type "Secret", "Certificate" or "Certificate chain") → Add. */
export async function addEntry(page, { name, description = '', type }) {
  const form = page.getByRole('form', { name: 'Certificate or secret' });
  if (await form.getByRole('button', { name: 'Add another' }).isVisible()) {
    await form.getByRole('button', { name: 'Add another' }).click();
  }
  await typeLikeAPerson(form.getByLabel(label('Name')), name);
  if (description) await typeLikeAPerson(form.getByLabel(label('Description')), description);
  await form.getByLabel(label('Type')).selectOption({ label: type });
  await form.getByRole('button', { name: 'Add', exact: true }).click();
  await page.getByText(`'${name}' saved.`).waitFor({ state: 'visible' });
  await certificatesGrid(page).getByRole('row').filter({ hasText: name }).first().waitFor({ state: 'visible' });
}

export function certificatesGrid(page) {
  return page.getByRole('table', { name: 'Certificates' });
}

/** Service environments → New → Name → Save; then, if given, the Storage SAS token secret → Save. */
export async function createEnvironment(page, { name, secret }) {
  await navigate(page, 'Service environments');
  // The page's own New (first in the page); an open environment has a
  // second one, in its Number sequences.
  await page.getByRole('button', { name: 'New', exact: true }).first().click();
  const newForm = page.getByRole('form', { name: 'New service environment' });
  await typeLikeAPerson(newForm.getByLabel(label('Name')), name);
  await newForm.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByText(`Service environment '${name}' saved.`).waitFor({ state: 'visible' });
  if (secret) {
    const form = environmentForm(page);
    await form.getByLabel(label('Storage SAS token secret')).selectOption({ label: secret });
    await form.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText(`Service environment '${name}' saved.`).waitFor({ state: 'visible' });
    assert.equal(await selectedText(form.getByLabel(label('Storage SAS token secret'))), secret);
  }
}

export function environmentForm(page) {
  return page.getByRole('form', { name: 'Service environment', exact: true });
}

export async function selectedText(select) {
  return select.evaluate((s) => s.selectedOptions[0]?.textContent?.trim() ?? '');
}

/** In the open environment: "Add a user" → User ID, Email → Add. */
export async function addUser(page, userId, email) {
  const form = page.getByRole('form', { name: 'Add a user' });
  await typeLikeAPerson(form.getByLabel(label('User ID'), { exact: true }), userId);
  await typeLikeAPerson(form.getByLabel(label('Email'), { exact: true }), email);
  await form.getByRole('button', { name: 'Add', exact: true }).click();
}

export function usersGrid(page) {
  return page.getByRole('table', { name: 'Users' });
}

/** The User IDs listed in the open environment's Users grid, in order. */
export async function listedUsers(page) {
  const grid = usersGrid(page);
  if (!(await grid.isVisible())) return [];
  return grid.locator('tbody tr td:first-child').allTextContents();
}

/**
 * Reads the draft the app keeps in this browser, once the last change has
 * been saved (the page saves on the task after the frame that paints it).
 */
export async function storedText(page) {
  return page.evaluate(async (key) => {
    for (let i = 0; i < 2; i += 1) {
      await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    }
    return localStorage.getItem(key);
  }, STORAGE_KEY);
}

/**
 * Settings → "Import workspace" with a file holding `text`. With `replace`,
 * answers "Yes, replace" to "Replace the current workspace?".
 */
export async function importWorkspace(page, { name = 'einvoicing-workspace.json', text, replace = false }) {
  await navigate(page, 'Settings');
  await page.getByLabel('Import workspace').setInputFiles({
    name,
    mimeType: 'application/json',
    buffer: Buffer.from(text),
  });
  if (replace) {
    const question = page.getByText('Replace the current workspace?');
    await question.waitFor({ state: 'visible' });
    await page.getByRole('button', { name: 'Yes, replace', exact: true }).click();
    await question.waitFor({ state: 'hidden' });
  }
}

// ---- Publishing (publish*.test.mjs) ------------------------------------------
//
// What these rely on in the app: Settings' select "Service endpoint" with a
// "Custom URL" option and its field "Custom endpoint URL", the field "Wait
// for the service (seconds)", Save → "Settings saved."; the form "Access
// token" (field "Access token", button "Use this token", a status line); the
// Service environments table's Status column (third) and "Publish {name}"
// buttons; an environment's region "Publish" with its button "Publish", its
// notices and the table "Publish history" (Time, Revision, Result).

/** Settings → Service endpoint "Custom URL" → `url` (and, if given, the wait in seconds) → Save. */
export async function useEndpoint(page, url, { timeoutSeconds } = {}) {
  await navigate(page, 'Settings');
  await page.getByLabel(label('Service endpoint')).selectOption({ label: 'Custom URL' });
  await typeLikeAPerson(page.getByLabel(label('Custom endpoint URL')), url);
  if (timeoutSeconds !== undefined) {
    await typeLikeAPerson(page.getByLabel(label('Wait for the service (seconds)')), String(timeoutSeconds));
  }
  await page.getByRole('button', { name: 'Save', exact: true }).first().click();
  await page.getByText('Settings saved.').waitFor({ state: 'visible' });
  await page.getByText(`In use: ${url}`).waitFor({ state: 'visible' });
}

/** Settings → Access token → `token` → "Use this token"; returns the status line. */
export async function useAccessToken(page, token) {
  await navigate(page, 'Settings');
  const form = page.getByRole('form', { name: 'Access token' });
  await typeLikeAPerson(form.getByLabel(label('Access token')), token);
  await form.getByRole('button', { name: 'Use this token', exact: true }).click();
  const status = form.getByRole('status');
  await eventually(async () => /^A token is set \(/.test(await status.innerText()), { what: 'the token to be set' });
  return status.innerText();
}

/** Opens the named environment from the Service environments list. */
export async function openEnvironment(page, name) {
  await navigate(page, 'Service environments');
  await environmentsTable(page).getByRole('button', { name, exact: true }).click();
  await eventually(async () => (await environmentForm(page).getByLabel(label('Name')).inputValue()) === name, {
    what: `the ${name} form to open`,
  });
}

export function environmentsTable(page) {
  return page.getByRole('table', { name: 'Service environments' });
}

/** The list's row of the named environment. */
export function environmentRow(page, name) {
  return environmentsTable(page)
    .getByRole('row')
    .filter({ has: page.getByRole('button', { name, exact: true }) });
}

/** The Status badge's text in the list ("Not published", "Published", "Changed"). */
export async function statusOf(page, name) {
  return (await environmentRow(page, name).locator('td').nth(2).innerText()).trim();
}

/** Waits until the list shows the environment's status as `status`. */
export async function waitForStatus(page, name, status) {
  await eventually(async () => (await statusOf(page, name)) === status, {
    what: `${name}'s status to be "${status}"`,
  }).catch(async (err) => {
    throw new Error(`${err.message} (it is "${await statusOf(page, name).catch(() => '?')}")`);
  });
}

/** The open environment's Publish region. */
export function publishRegion(page) {
  return page.getByRole('region', { name: 'Publish', exact: true });
}

/** The open environment's publish history, newest first: `[{ time, revision, result }]`. */
export async function publishHistory(page) {
  const table = publishRegion(page).getByRole('table', { name: 'Publish history' });
  if (!(await table.isVisible())) return [];
  const rows = await table.locator('tbody tr').all();
  return Promise.all(
    rows.map(async (row) => {
      const [time, revision, result] = (await row.locator('td').allInnerTexts()).map((s) => s.trim());
      return { time, revision, result };
    }),
  );
}

/** The open environment's Publish button. */
export function publishButton(page) {
  return publishRegion(page).getByRole('button', { name: 'Publish', exact: true });
}

/** Waits for "Published {name} at revision {revision} (…)." in the open environment's Publish region; returns it. */
export async function waitForPublished(page, name, revision) {
  const notice = publishRegion(page).getByRole('status').filter({ hasText: `Published ${name} at revision ${revision} (` });
  await notice.waitFor({ state: 'visible' }).catch(async (err) => {
    throw new Error(`${err.message}\nThe Publish region says: ${await publishRegion(page).innerText().catch(() => '?')}`);
  });
  return notice.innerText();
}

/** Waits for the publish to end in an error notice in the open environment's Publish region; returns its text. */
export async function waitForPublishFailure(page, { timeout } = {}) {
  const alert = publishRegion(page).getByRole('alert').first();
  await alert.waitFor({ state: 'visible', timeout }).catch(async (err) => {
    throw new Error(`${err.message}\nThe Publish region says: ${await publishRegion(page).innerText().catch(() => '?')}`);
  });
  await publishButton(page).and(page.locator(':enabled')).waitFor();
  return alert.innerText();
}

/**
 * A workspace file (docs/workspace-file.md) with the Key Vault reference
 * ContosoKV, its secret einvoicing-sas, and UAT (that secret, users ana and
 * bo), never published: what the publish tests start from, imported through
 * Settings as an administrator would.
 */
export const UAT_WORKSPACE = JSON.stringify(
  {
    format: 'einvoicing-console/workspace',
    version: 1,
    keyVaultReferences: [
      {
        name: 'ContosoKV',
        description: '',
        uri: 'https://contoso-einvoicing.vault.azure.net/',
        certificates: [{ name: 'einvoicing-sas', description: "The storage account's SAS URL", type: 'secret' }],
      },
    ],
    environments: [
      {
        name: 'UAT',
        description: 'Validation before production',
        storageSasTokenSecret: { keyVaultReference: 'ContosoKV', secretName: 'einvoicing-sas' },
        users: [
          { userId: 'ana', email: 'ana@contoso.com' },
          { userId: 'bo', email: 'bo@contoso.com' },
        ],
      },
    ],
  },
  null,
  2,
);
