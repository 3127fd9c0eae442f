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
// - the navigation (<nav>) links "Set-up", "Key Vault parameters", "Service
//   environments", "Connected applications", "Settings";
// - labelled fields; a required field's label may end with " *";
// - an invalid field has aria-invalid="true" and aria-describedby naming the
//   element that shows its message;
// - forms labelled "Certificate or secret", "Add a user", "Add an
//   application", "New number sequence";
// - the draft is kept in localStorage under "einvoicing-console/workspace".

import { before, after, test } from 'node:test';
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
export const NAV_LINKS = ['Set-up', 'Key Vault parameters', 'Service environments', 'Connected applications', 'Settings'];

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
  page.on('requestfailed', (req) => {
    const error = req.failure()?.errorText ?? 'failed';
    // The browser fetches the favicon on its own and drops the fetch when
    // the page navigates (a reload, an import that re-renders): not a fault.
    if (error === 'net::ERR_ABORTED' && new URL(req.url()).pathname === '/icon.svg') return;
    problems.push(`failed request${where}: ${req.method()} ${req.url()}: ${error}`);
  });
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`failed request${where}: ${res.request().method()} ${res.url()}: HTTP ${res.status()}`);
  });
}

/**
 * Every Content Security Policy violation in the context's pages becomes a
 * console error ("CSP violation: …"), so the problems every test checks
 * include them (Chromium's own "Refused to …" line is one too, but not for
 * every kind of violation).
 */
export async function reportCspViolations(context) {
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`);
    });
  });
}

/**
 * A fresh context (clean storage, downloads accepted) with its first page.
 * Every page of the context is watched for problems; a dialog (`alert`,
 * `confirm`, `prompt`) is one too, and is dismissed. Options:
 * `contextOptions` go to `browser.newContext` (such as `bypassCSP`, so an
 * injected script would run and be caught where the page's policy would
 * block it), `initScripts` (functions, or `[function, argument]` pairs) run
 * in every page before the app's own scripts, and `permissions` are granted
 * for the server's origin (such as the clipboard's).
 */
export async function openSession(
  shared,
  { viewport = { width: 1280, height: 900 }, colorScheme = 'light', contextOptions = {}, initScripts = [], permissions = [] } = {},
) {
  const context = await shared.browser.newContext({ viewport, colorScheme, acceptDownloads: true, ...contextOptions });
  if (permissions.length) await context.grantPermissions(permissions, { origin: new URL(shared.server.url).origin });
  for (const script of initScripts) {
    if (Array.isArray(script)) await context.addInitScript(script[0], script[1]);
    else await context.addInitScript(script);
  }
  await reportCspViolations(context);
  const problems = [];
  let pages = 0;
  context.on('page', (page) => {
    pages += 1;
    const where = pages === 1 ? '' : `page ${pages}`;
    page.setDefaultTimeout(Number(process.env.E2E_TIMEOUT_MS || 15_000));
    watch(page, problems, where);
    page.on('dialog', async (dialog) => {
      problems.push(`dialog${where ? ` [${where}]` : ''}: ${dialog.type()} "${dialog.message()}"`);
      await dialog.dismiss().catch(() => {});
    });
  });
  const page = await context.newPage();
  return {
    context,
    page,
    problems,
    url: (route = '/') => new URL(route, shared.server.url).href,
    assertNoProblems(what = 'no page errors, console errors, failed requests or dialogs') {
      assert.deepEqual(problems, [], what);
    },
  };
}

/**
 * The steps of one story (tests that build on each other, in order):
 * `const step = storySteps(); step(name, async (t) => …)`. A step after a
 * failed one fails at once, naming the step it builds on.
 */
export function storySteps() {
  let failedStep;
  return function step(name, fn) {
    test(name, async (t) => {
      if (failedStep) assert.fail(`not run: it builds on "${failedStep}", which failed`);
      try {
        await fn(t);
      } catch (err) {
        failedStep = name;
        throw err;
      }
    });
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

/** In the open reference's Certificates: a new entry (Type "Secret" or "Certificate") → Add. */
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
  return page.getByRole('table', { name: 'Certificates', exact: true });
}

/** The open reference's chain of certificates being edited: its certificates, root first. */
export function chainCertificates(page) {
  return page.getByRole('group', { name: 'Certificates (root first, end-user certificate last)' });
}

/**
 * In the open reference's Chains of certificates: New chain → Name (and
 * Description) → Save; then each of `members` added, in order. Leaves the
 * chain open.
 */
export async function addChain(page, { name, description = '', members = [] }) {
  await page.getByRole('button', { name: 'New chain', exact: true }).click();
  const form = page.getByRole('form', { name: 'Chain of certificates' });
  await typeLikeAPerson(form.getByLabel(label('Name')), name);
  if (description) await typeLikeAPerson(form.getByLabel(label('Description')), description);
  await form.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByText(`Chain of certificates '${name}' saved. Add its certificates, root first.`).waitFor({ state: 'visible' });
  const group = chainCertificates(page);
  for (const member of members) {
    await group.getByLabel(label('Certificate'), { exact: true }).selectOption({ label: member });
    await group.getByRole('button', { name: 'Add to chain' }).click();
    await group.getByRole('button', { name: `Remove ${member} from the chain` }).waitFor({ state: 'visible' });
  }
}

export function chainsGrid(page) {
  return page.getByRole('table', { name: 'Chains of certificates' });
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

/** The tenant and client ID the tests sign in with (the receiver's double accepts any). */
export const SIGN_IN_TENANT = 'contoso.onmicrosoft.com';
export const SIGN_IN_CLIENT_ID = '11111111-2222-4333-8444-555555555555';

/**
 * Settings → Sign-in: the tenant, the client ID and the receiver's
 * authorization server double (at `receiverUrl`) as the authority → Save.
 * Returns the form.
 */
export async function setUpSignIn(page, receiverUrl) {
  await navigate(page, 'Settings');
  const form = page.getByRole('form', { name: 'Sign-in' });
  await typeLikeAPerson(form.getByLabel(label('Tenant')), SIGN_IN_TENANT);
  await typeLikeAPerson(form.getByLabel(label('Client ID')), SIGN_IN_CLIENT_ID);
  await typeLikeAPerson(form.getByLabel(label('Authority')), `${receiverUrl}${SIGN_IN_TENANT}/`);
  await form.getByRole('button', { name: 'Save sign-in settings' }).click();
  await form.getByText('Sign-in settings saved.').waitFor({ state: 'visible' });
  return form;
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

/** Opens the console and imports UAT_WORKSPACE over whatever is there. */
export async function openWithUat(session) {
  await gotoApp(session, '/');
  await importWorkspace(session.page, { text: UAT_WORKSPACE, replace: true });
  await session.page.getByText('Workspace imported.').waitFor({ state: 'visible' });
}

// ---- Hostile input and storage faults (hostile-input.test.mjs, storage-faults.test.mjs) ----


/**
 * An init script (for `openSession`'s `initScripts`): records in
 * `window.__injected` every element that text typed into the page could
 * have smuggled in — an `<img>`, `<svg>`, `<iframe>`, `<object>`,
 * `<embed>`, a `<script>` mentioning `__pwned`, an `on…` attribute, a
 * `javascript:` address — whenever it is added to the document, even if
 * it is removed again at once.
 */
export function recordInjectedMarkup() {
  const found = [];
  window.__injected = found;
  const TAGS = new Set(['img', 'svg', 'iframe', 'object', 'embed', 'math', 'video', 'audio']);
  const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'formaction', 'xlink:href', 'data']);
  const short = (el) => (el.outerHTML || el.nodeName).slice(0, 160);
  const checkAttribute = (el, name) => {
    const value = el.getAttribute(name) ?? '';
    if (/^on/i.test(name)) found.push(`an ${name} attribute on <${el.localName}>: ${short(el)}`);
    else if (URL_ATTRIBUTES.has(name.toLowerCase()) && /^\s*javascript:/i.test(value)) {
      found.push(`a javascript: address in ${name} on <${el.localName}>: ${short(el)}`);
    }
  };
  const checkElement = (el) => {
    const tag = el.localName.toLowerCase();
    if (TAGS.has(tag)) found.push(`<${tag}> added: ${short(el)}`);
    if (tag === 'script' && /__pwned/.test(el.textContent || '')) found.push(`<script> added: ${short(el)}`);
    for (const attribute of el.attributes) checkAttribute(el, attribute.name);
  };
  const checkTree = (node) => {
    if (node.nodeType !== Node.ELEMENT_NODE) return;
    checkElement(node);
    for (const el of node.querySelectorAll('*')) checkElement(el);
  };
  new MutationObserver((records) => {
    for (const record of records) {
      if (record.type === 'childList') record.addedNodes.forEach(checkTree);
      else if (record.type === 'attributes' && record.target.nodeType === Node.ELEMENT_NODE) {
        checkAttribute(record.target, record.attributeName);
      }
    }
  }).observe(document, { childList: true, subtree: true, attributes: true });
}

/**
 * Nothing that was typed ran: `window.__pwned` (which every script in the
 * hostile corpus sets) is unset and `recordInjectedMarkup` saw nothing.
 */
export async function assertNothingInjected(page, when = '') {
  const { pwned, injected } = await page.evaluate(() => ({ pwned: window.__pwned, injected: window.__injected ?? null }));
  assert.equal(pwned, undefined, `a script from the typed text ran${when ? ` (${when})` : ''}`);
  assert.notEqual(injected, null, 'recordInjectedMarkup is installed in the page');
  assert.deepEqual(injected, [], `markup from the typed text was added to the page${when ? ` (${when})` : ''}`);
}

/**
 * Puts `text` into `field` the way a person pastes it: `fill` (the whole
 * text in one input event), `insertText` (the keyboard's insert, as a paste
 * or an input method does) or `clipboard` (the text on the clipboard, then
 * Control+V; the context needs the clipboard permissions). What replaced
 * the field's previous content in every case.
 */
export async function pasteInto(page, field, text, how = 'fill') {
  if (how === 'fill') {
    await field.fill(text);
    return;
  }
  await field.fill('');
  await field.focus();
  if (how === 'insertText') {
    await page.keyboard.insertText(text);
  } else if (how === 'clipboard') {
    await page.evaluate((t) => navigator.clipboard.writeText(t), text);
    await page.keyboard.press('Control+V');
  } else {
    throw new Error(`pasteInto: unknown way "${how}"`);
  }
}

/**
 * What the page's width holds: the scrolling element's scrollWidth and
 * clientWidth, and the outermost elements (and text) that stick out on the
 * right, to name in a failure.
 */
export async function horizontalOverflow(page) {
  return page.evaluate(() => {
    const root = document.scrollingElement || document.documentElement;
    const width = root.clientWidth;
    const sticksOut = (el) => {
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && r.right > width + 0.5;
    };
    const describe = (el) => {
      const parts = [];
      for (let e = el; e && e !== document.body && parts.length < 4; e = e.parentElement) {
        let s = e.tagName.toLowerCase();
        if (e.id) s += `#${e.id}`;
        else if (e.classList.length) s += `.${[...e.classList].join('.')}`;
        parts.unshift(s);
      }
      return parts.join(' > ');
    };
    const short = (text) => (text || '').trim().replace(/\s+/g, ' ').slice(0, 70);
    const boxes = [...document.body.querySelectorAll('*')]
      .filter((el) => sticksOut(el) && !(el.parentElement && sticksOut(el.parentElement)))
      .map((el) => {
        const r = el.getBoundingClientRect();
        return `box ${describe(el)} (left ${Math.round(r.left)}, right ${Math.round(r.right)}) "${short(el.textContent)}"`;
      });
    const texts = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.textContent.trim() || !node.parentElement || sticksOut(node.parentElement)) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      const right = Math.max(0, ...[...range.getClientRects()].map((r) => r.right));
      if (right > width + 0.5) texts.push(`text in ${describe(node.parentElement)} (right ${Math.round(right)}) "${short(node.textContent)}"`);
    }
    return { scrollWidth: root.scrollWidth, clientWidth: width, culprits: [...boxes, ...texts].slice(0, 12) };
  });
}

/** Fails, naming what sticks out, when the page scrolls horizontally at its current width. */
export async function assertNoHorizontalScroll(page, where) {
  const { scrollWidth, clientWidth, culprits } = await horizontalOverflow(page);
  assert.ok(
    scrollWidth <= clientWidth,
    `${where}: the page scrolls horizontally (scrollWidth ${scrollWidth} px, clientWidth ${clientWidth} px); sticking out:\n  ${culprits.join('\n  ') || '(none found)'}`,
  );
}

/**
 * An init script (for `openSession`'s `initScripts`, with `[key, text]`
 * as its argument): puts `text` in localStorage under `key` before the app
 * first starts in this tab, as if an earlier visit had left it (not again on
 * a reload, so what the app does with it can be observed).
 */
export function seedLocalStorageOnce([key, text]) {
  // Not in the context's first, blank page (it has no storage of its own).
  if (location.protocol !== 'http:' && location.protocol !== 'https:') return;
  if (sessionStorage.getItem('e2e-seeded') === null) {
    localStorage.setItem(key, text);
    sessionStorage.setItem('e2e-seeded', '1');
  }
}

/**
 * Reloads once the page's requests and its after-paint work have settled (a
 * request still under way, such as the icon's, would be aborted by the
 * reload and recorded as a failed request), then waits for the console or
 * its recovery screen.
 */
export async function reloadWhenSettled(page) {
  await page.waitForLoadState('networkidle');
  // What the page does once a change is painted (the draft's save, the
  // history entry of an object just opened: src/frames.rs) is done too, as
  // it is long before a person's reload: two frames, each with its task.
  for (let i = 0; i < 2; i++) {
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))));
  }
  await page.reload({ waitUntil: 'load' });
  await page.getByRole('heading', { level: 2 }).first().waitFor({ state: 'visible' });
}
