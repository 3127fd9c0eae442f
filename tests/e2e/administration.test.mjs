// End-to-end: an administrator sets up the console the way a person does —
// clicks, types, Tab, Enter — in the release build, in Chromium.
//
//   trunk build --release && node --test tests/e2e/administration.test.mjs
//
// Steps 1–5 are one administrator's session in one browser context, in
// order: a Key Vault reference and its secret, then UAT and its users, then a
// reload, a deep link in a new tab, and an export / import round trip. A step
// whose predecessor failed fails at once, naming it (it is not skipped). The
// recovery screen and the keyboard-only test start from clean contexts.
//
// Every test fails on any console error, uncaught page error or failed
// request, and leaves a screenshot in tests/e2e/artifacts/.
//
// What this relies on in the app beyond console.mjs's list:
// - Settings: a button "Export workspace" that downloads the workspace file
//   (docs/workspace-file.md) and a file input labelled "Import workspace";
//   a good file asks "Replace the current workspace?" with a button "Yes,
//   replace"; a bad one lists its problems by JSON pointer and changes
//   nothing;
// - an unreadable stored draft shows "Your saved workspace could not be
//   opened" with "Download it as it is", then "Start with an empty
//   workspace";
// - Delete asks again ("Yes, delete") and moves the focus to that button;
// - keyboard focus: New focuses the form's first field, a save the form's
//   heading, a delete the New button (src/ui/components/editor.rs).

import { describe, test, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import {
  useConsole,
  openSession,
  gotoApp,
  navigate,
  label,
  typeLikeAPerson,
  assertInvalidWith,
  assertValid,
  download,
  focused,
  tabTo,
  certificatesGrid,
  environmentForm,
  selectedText,
  addUser,
  listedUsers,
  storedText,
  saveScreenshot,
  eventually,
  STORAGE_KEY,
  importWorkspace,
  UAT_WORKSPACE,
  storySteps,
} from './console.mjs';

const shared = useConsole();

const REFERENCE = { name: 'ContosoKV', uri: 'https://contoso-einvoicing.vault.azure.net/' };
const SECRET = 'einvoicing-sas';
const SECRET_CHOICE = `${REFERENCE.name}/${SECRET}`;
const USERS_AFTER_STEP_2 = ['ana', 'cy', 'eve'];

let tmp; // a directory for the exported file, removed after the story

/** The Users heading, such as "Users (3)". */
function usersHeading(page, count) {
  return page.getByRole('heading', { name: `Users (${count})`, exact: true });
}

/** Opens the named environment from the list. */
async function openEnvironment(page, name) {
  await navigate(page, 'Service environments');
  await page.getByRole('table', { name: 'Service environments' }).getByRole('button', { name, exact: true }).click();
  await eventually(async () => (await environmentForm(page).getByLabel(label('Name')).inputValue()) === name, {
    what: `the ${name} form to open`,
  });
}

/** The reference, its secret, UAT with its secret and users a, b, c are all shown. */
async function assertWorkspaceShown(page, users = USERS_AFTER_STEP_2) {
  await navigate(page, 'Key Vault parameters');
  const references = page.getByRole('table', { name: 'Key Vault references' });
  await references.getByRole('button', { name: REFERENCE.name, exact: true }).click();
  const row = certificatesGrid(page).getByRole('row').filter({ hasText: SECRET });
  await row.waitFor({ state: 'visible' });
  assert.match(await row.innerText(), /\bSecret\b/, `the ${SECRET} entry is a Secret`);

  await openEnvironment(page, 'UAT');
  assert.equal(await selectedText(environmentForm(page).getByLabel(label('Storage SAS token secret'))), SECRET_CHOICE);
  await usersHeading(page, users.length).waitFor({ state: 'visible' });
  assert.deepEqual(await listedUsers(page), users);
}

describe('an administrator sets up UAT, reloads, follows a link, exports and imports', () => {
  let session;
  let exported; // { text, file } from step 5
  const step = storySteps();

  afterEach(async (t) => {
    if (session) await saveScreenshot(session.page, `administration-${t.name}`);
  });
  after(async () => {
    await session?.context.close();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  step('1. a Key Vault reference: a bad URI is flagged next to the field, fixed, saved; its secret entry is added', async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'einvoicing-e2e-'));
    session = await openSession(shared);
    const { page } = session;
    await gotoApp(session, '/');

    await navigate(page, 'Key Vault parameters');
    await page.getByText('No Key Vault references yet').waitFor({ state: 'visible' });
    await page.getByRole('button', { name: 'New', exact: true }).click();
    const form = page.getByRole('form', { name: 'New Key Vault reference' });
    await typeLikeAPerson(form.getByLabel(label('Name')), REFERENCE.name);

    const uri = form.getByLabel(label('Key Vault URI'));
    await typeLikeAPerson(uri, 'https://contoso-einvoicing.vault.azure.net/secrets/einvoicing-sas/0123456789abcdef');
    await uri.press('Tab');
    await assertInvalidWith(uri, `Enter only the vault part: ${REFERENCE.uri}`);
    // The domain offers the vault part of a pasted object identifier.
    await form.getByRole('button', { name: `Use ${REFERENCE.uri}` }).click();
    assert.equal(await uri.inputValue(), REFERENCE.uri);
    await assertValid(uri);

    // A wrong scheme, then fixed by hand.
    await typeLikeAPerson(uri, 'http://contoso-einvoicing.vault.azure.net/');
    await uri.press('Tab');
    await assertInvalidWith(uri, 'must start with https://');
    await typeLikeAPerson(uri, REFERENCE.uri);
    await uri.press('Tab');
    await assertValid(uri);

    await form.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText(`Key Vault reference '${REFERENCE.name}' saved.`).waitFor({ state: 'visible' });
    const references = page.getByRole('table', { name: 'Key Vault references' });
    await references.getByRole('button', { name: REFERENCE.name, exact: true }).waitFor({ state: 'visible' });
    assert.match(await references.innerText(), /contoso-einvoicing\.vault\.azure\.net/);

    // Its Certificates grid: a Secret entry.
    await page.getByText('No certificates or secrets yet.').waitFor({ state: 'visible' });
    const entry = page.getByRole('form', { name: 'Certificate or secret' });
    await typeLikeAPerson(entry.getByLabel(label('Name')), SECRET);
    await typeLikeAPerson(entry.getByLabel(label('Description')), "The storage account's SAS URL");
    const type = entry.getByLabel(label('Type'));
    assert.deepEqual(
      (await type.locator('option').allTextContents()).map((s) => s.trim()),
      ['Secret', 'Certificate'],
    );
    await type.selectOption({ label: 'Secret' });
    await entry.getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByText(`'${SECRET}' saved.`).waitFor({ state: 'visible' });
    const row = certificatesGrid(page).getByRole('row').filter({ hasText: SECRET });
    await row.waitFor({ state: 'visible' });
    assert.match(await row.innerText(), /The storage account's SAS URL/);
    assert.match(await row.innerText(), /\bSecret\b/);
    // The list counts it (and no chain yet).
    assert.match(await references.getByRole('row').filter({ hasText: REFERENCE.name }).innerText(), /\b1\s+0\s*$/);

    session.assertNoProblems();
  });

  step('2. UAT: created, its SAS secret chosen, users added one by one and many at once, bad ones refused with a message', async () => {
    const { page } = session;
    await navigate(page, 'Service environments');
    await page.getByText('No service environments yet').waitFor({ state: 'visible' });
    await page.getByRole('button', { name: 'New', exact: true }).click();
    const newForm = page.getByRole('form', { name: 'New service environment' });
    await typeLikeAPerson(newForm.getByLabel(label('Name')), 'UAT');
    await newForm.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText("Service environment 'UAT' saved.").waitFor({ state: 'visible' });
    await page.getByRole('table', { name: 'Service environments' }).getByRole('button', { name: 'UAT', exact: true }).waitFor();

    const form = environmentForm(page);
    const sas = form.getByLabel(label('Storage SAS token secret'));
    await sas.selectOption({ label: SECRET_CHOICE });
    await form.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText("Service environment 'UAT' saved.").waitFor({ state: 'visible' });
    assert.equal(await selectedText(sas), SECRET_CHOICE);

    // One user.
    await usersHeading(page, 0).waitFor({ state: 'visible' });
    await addUser(page, 'ana', 'ana@contoso.com');
    await page.getByText("User 'ana' added.").waitFor({ state: 'visible' });
    await usersHeading(page, 1).waitFor({ state: 'visible' });
    assert.deepEqual(await listedUsers(page), ['ana']);

    // A bad email: a message at the Email field, nobody added.
    const addForm = page.getByRole('form', { name: 'Add a user' });
    await addUser(page, 'ben', 'ben@contoso');
    const email = addForm.getByLabel(label('Email'), { exact: true });
    const message = await assertInvalidWith(email, 'ben@contoso');
    assert.match(message, /contoso\.com|dot/, `the message says what is missing: ${message}`);
    await usersHeading(page, 1).waitFor({ state: 'visible' });
    assert.deepEqual(await listedUsers(page), ['ana']);

    // Many at once, one bad line.
    await page.getByText('Add many users', { exact: true }).click();
    const bulk = page.getByLabel('Users, one per line: User ID,Email');
    await bulk.waitFor({ state: 'visible' });
    // A paste: the whole text arrives in one input event.
    await bulk.fill('cy,cy@contoso.com\ndee,dee@@contoso.com\neve,eve@contoso.com');
    await page.getByRole('button', { name: 'Add users', exact: true }).click();
    await page.getByText('2 users added.', { exact: true }).waitFor({ state: 'visible' });
    const line2 = page.getByText(/^Line 2:/);
    await line2.waitFor({ state: 'visible' });
    assert.match(await line2.innerText(), /dee@@contoso\.com/);
    // The refused line stays in the box to correct.
    assert.equal((await bulk.inputValue()).trim(), 'dee,dee@@contoso.com');
    await usersHeading(page, 3).waitFor({ state: 'visible' });
    assert.deepEqual(await listedUsers(page), USERS_AFTER_STEP_2);

    session.assertNoProblems();
  });

  step('3. a reload keeps everything (the draft is kept in this browser)', async () => {
    const { page } = session;
    const before = await storedText(page);
    assert.ok(before, `localStorage holds the draft under ${STORAGE_KEY}`);
    await page.reload({ waitUntil: 'load' });
    await page.getByRole('navigation').getByRole('link', { name: 'Settings' }).waitFor({ state: 'visible' });
    // The open object is in the URL: the reload lands on UAT again.
    assert.match(page.url(), /#\/environments\/UAT$/);
    await usersHeading(page, 3).waitFor({ state: 'visible' });
    await assertWorkspaceShown(page);
    session.assertNoProblems();
  });

  step('4. a deep link (#/environments/UAT) opened in a new tab opens the UAT form', async () => {
    const second = await session.context.newPage();
    try {
      await gotoApp(session, '/#/environments/UAT', second);
      const form = environmentForm(second);
      await eventually(async () => (await form.getByLabel(label('Name')).inputValue()) === 'UAT', {
        what: 'the UAT form to be open',
      });
      assert.equal(
        await second.getByRole('navigation').getByRole('link', { name: 'Service environments' }).getAttribute('aria-current'),
        'page',
      );
      assert.equal(await selectedText(form.getByLabel(label('Storage SAS token secret'))), SECRET_CHOICE);
      await usersHeading(second, 3).waitFor({ state: 'visible' });
      assert.deepEqual(await listedUsers(second), USERS_AFTER_STEP_2);
      await saveScreenshot(second, 'administration-4-deep-link-tab');
    } finally {
      await second.close();
    }
    session.assertNoProblems();
  });

  step('5. export, clear, import (after "Yes, replace") brings everything back; a broken file is refused with its JSON pointers', async () => {
    const { page } = session;
    await navigate(page, 'Settings');

    // Export.
    const { download: dl, text } = await download(
      page,
      page.getByRole('button', { name: 'Export workspace', exact: true }),
    );
    assert.match(dl.suggestedFilename(), /\.json$/, 'the export is a .json file');
    const file = JSON.parse(text);
    assert.equal(file.format, 'einvoicing-console/workspace');
    assert.equal(file.version, 2);
    assert.deepEqual(
      file.keyVaultReferences.map((r) => [r.name, r.uri, r.certificates.map((c) => [c.name, c.type])]),
      [[REFERENCE.name, REFERENCE.uri, [[SECRET, 'secret']]]],
    );
    assert.deepEqual(file.keyVaultReferences[0].certificateChains, [], 'no chains of certificates were made');
    assert.equal(file.environments.length, 1);
    assert.equal(file.environments[0].name, 'UAT');
    assert.deepEqual(file.environments[0].storageSasTokenSecret, { keyVaultReference: REFERENCE.name, secretName: SECRET });
    assert.deepEqual(
      file.environments[0].users,
      USERS_AFTER_STEP_2.map((u) => ({ userId: u, email: `${u}@contoso.com` })),
    );
    const saved = path.join(tmp, dl.suggestedFilename());
    await dl.saveAs(saved);
    exported = { text, file: saved };

    // Clear: a browser with nothing kept.
    await page.evaluate(() => localStorage.clear());
    await page.goto(session.url('/#/key-vaults'), { waitUntil: 'load' });
    await page.reload({ waitUntil: 'load' });
    await page.getByText('No Key Vault references yet').waitFor({ state: 'visible' });
    await navigate(page, 'Service environments');
    await page.getByText('No service environments yet').waitFor({ state: 'visible' });

    // Import the exported file.
    await navigate(page, 'Settings');
    await page.getByLabel('Import workspace').setInputFiles(exported.file);
    const confirm = page.getByText('Replace the current workspace?');
    await confirm.waitFor({ state: 'visible' });
    await page.getByRole('button', { name: 'Yes, replace', exact: true }).click();
    await confirm.waitFor({ state: 'hidden' });
    await assertWorkspaceShown(page);

    // A broken file: one bad email and a field the format does not have.
    const broken = JSON.parse(exported.text);
    broken.environments[0].users[1].email = 'x@@y';
    broken.environments[0].usres = [];
    const storedBefore = await storedText(page);
    await navigate(page, 'Settings');
    await page.getByLabel('Import workspace').setInputFiles({
      name: 'einvoicing-workspace-broken.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(broken, null, 2)),
    });
    const emailProblem = page.getByText('/environments/0/users/1/email');
    await emailProblem.first().waitFor({ state: 'visible' });
    assert.match(await emailProblem.first().innerText(), /x@@y/, 'the problem names the bad value');
    await page.getByText('/environments/0/usres').first().waitFor({ state: 'visible' });
    assert.equal(await page.getByText('Replace the current workspace?').count(), 0, 'a broken file is not offered for import');
    // Nothing changed: the kept draft and what the pages show.
    assert.equal(await storedText(page), storedBefore, 'the stored workspace is untouched');
    await assertWorkspaceShown(page);

    session.assertNoProblems();
  });
});

describe('a stored workspace that cannot be read', () => {
  let session;
  afterEach(async (t) => {
    if (session) {
      await saveScreenshot(session.page, `administration-${t.name}`);
      await session.context.close();
      session = undefined;
    }
  });

  test('6. the recovery screen offers the text as it is, then an empty workspace', async () => {
    session = await openSession(shared);
    const { page } = session;
    await gotoApp(session, '/');
    const corrupted = '{"format":"einvoicing-console/stored-workspace","version":1,"workspace":{broken';
    await page.evaluate(([key, text]) => localStorage.setItem(key, text), [STORAGE_KEY, corrupted]);
    await page.reload({ waitUntil: 'load' });

    await page.getByRole('heading', { name: 'Your saved workspace could not be opened' }).waitFor({ state: 'visible' });
    assert.equal(await page.getByRole('navigation').count(), 0, 'the console is not shown over an unreadable draft');
    const startFresh = page.getByRole('button', { name: 'Start with an empty workspace' });
    assert.equal(await startFresh.count(), 0, '"Start with an empty workspace" comes only after the download');
    assert.equal(await storedText(page), corrupted, 'nothing is overwritten before the administrator decides');

    const { text } = await download(page, page.getByRole('button', { name: 'Download it as it is' }));
    assert.equal(text, corrupted, 'the download is the stored text, byte for byte');

    await startFresh.click();
    await page.getByRole('navigation').getByRole('link', { name: 'Settings' }).waitFor({ state: 'visible' });
    await navigate(page, 'Key Vault parameters');
    await page.getByText('No Key Vault references yet').waitFor({ state: 'visible' });
    await navigate(page, 'Service environments');
    await page.getByText('No service environments yet').waitFor({ state: 'visible' });
    await navigate(page, 'Connected applications');
    await page.getByText('No connected applications yet').waitFor({ state: 'visible' });

    // The empty workspace now replaces the unreadable one: a reload shows the console.
    await eventually(async () => (await storedText(page)) !== corrupted, { what: 'the empty workspace to be stored' });
    await page.reload({ waitUntil: 'load' });
    await page.getByRole('navigation').getByRole('link', { name: 'Settings' }).waitFor({ state: 'visible' });
    assert.equal(await page.getByRole('heading', { name: 'Your saved workspace could not be opened' }).count(), 0);

    session.assertNoProblems();
  });
});

describe('keyboard only', () => {
  let session;
  afterEach(async (t) => {
    if (session) {
      await saveScreenshot(session.page, `administration-${t.name}`);
      await session.context.close();
      session = undefined;
    }
  });

  test('7. New, type, Enter saves; Delete then "Yes, delete" work with Enter and Space', async () => {
    session = await openSession(shared);
    const { page } = session;
    await gotoApp(session, '/#/key-vaults');
    await page.getByRole('heading', { name: 'Key Vault parameters' }).waitFor({ state: 'visible' });

    // From the top of the page to New.
    await page.evaluate(() => document.activeElement?.blur());
    await tabTo(page, (f) => f.tag === 'button' && f.name === 'New', { max: 10, what: 'the New button' });
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'New Key Vault reference' }).waitFor({ state: 'visible' });

    // The new form's first field takes the focus.
    await eventually(async () => /^Name(\s*\*)?$/.test((await focused(page)).name), {
      what: 'the focus on the Name field after New',
    }).catch(async (err) => {
      throw new Error(`${err.message}; the focus is on ${JSON.stringify(await focused(page))}`);
    });
    await page.keyboard.type('KeyboardKV', { delay: 5 });
    await tabTo(page, (f) => f.tag === 'input' && /^Key Vault URI(\s*\*)?$/.test(f.name), {
      max: 5,
      what: 'the Key Vault URI field',
    });
    await page.keyboard.type('https://keyboard-kv.vault.azure.net/', { delay: 5 });
    await page.keyboard.press('Enter');
    await page.getByText("Key Vault reference 'KeyboardKV' saved.").waitFor({ state: 'visible' });
    const references = page.getByRole('table', { name: 'Key Vault references' });
    await references.getByRole('button', { name: 'KeyboardKV', exact: true }).waitFor({ state: 'visible' });
    // After a save the focus is in the form, on its heading.
    const afterSave = await focused(page);
    assert.deepEqual(
      [afterSave.tag, afterSave.name],
      ['h3', 'Key Vault reference'],
      `the focus moves to the saved reference's form heading (it is on ${JSON.stringify(afterSave)})`,
    );

    // Delete, with Enter: the confirmation takes the focus.
    await tabTo(page, (f) => f.tag === 'button' && f.name === 'Delete', { max: 40, what: 'the Delete button' });
    await page.keyboard.press('Enter');
    await page.getByText("Delete Key Vault reference 'KeyboardKV'? This cannot be undone.").waitFor({ state: 'visible' });
    const onConfirm = await focused(page);
    assert.equal(onConfirm.name, 'Yes, delete', `the focus moves to "Yes, delete" (it is on ${JSON.stringify(onConfirm)})`);

    // "Yes, delete", with Space.
    await page.keyboard.press('Space');
    await page.getByText("Key Vault reference 'KeyboardKV' deleted.").waitFor({ state: 'visible' });
    await page.getByText('No Key Vault references yet').waitFor({ state: 'visible' });
    // The form is gone: the focus goes back to New, not to the page's start.
    const afterDelete = await focused(page);
    assert.deepEqual(
      [afterDelete.tag, afterDelete.name],
      ['button', 'New'],
      `the focus returns to New after the delete (it is on ${JSON.stringify(afterDelete)})`,
    );

    session.assertNoProblems();
  });
});

describe('settings carried by a file', () => {
  test('8. an import on the Settings page shows the imported endpoint and wait, and Save keeps them', async () => {
    const session = await openSession(shared);
    const { page } = session;
    try {
      await gotoApp(session, '/#/settings');
      const endpoint = page.getByLabel(label('Service endpoint'));
      const wait = page.getByLabel(label('Wait for the service (seconds)'));
      assert.equal(await wait.inputValue(), '30');

      const file = JSON.parse(UAT_WORKSPACE);
      file.settings = { serviceEndpoint: { geography: 'eu', il: 101 }, requestTimeoutSeconds: 90 };
      await importWorkspace(page, { text: JSON.stringify(file), replace: true });
      await page.getByText('Workspace imported.').waitFor({ state: 'visible' });
      // The form follows the imported settings (it showed "(not chosen)" and 30).
      await eventually(async () => (await wait.inputValue()) === '90', { what: 'the wait field to show 90' });
      assert.match(await selectedText(endpoint), /^Europe \(eu-il101\)/);

      // Saving the form as it stands keeps them.
      await page.getByRole('button', { name: 'Save', exact: true }).first().click();
      await page.getByText('Settings saved.').waitFor({ state: 'visible' });
      const stored = JSON.parse(await storedText(page)).workspace.settings;
      assert.deepEqual(stored, { endpoint: { kind: 'geography', code: 'eu', il: 101 }, timeout: 90 });

      // And an export carries them.
      const { text } = await download(page, page.getByRole('button', { name: 'Export workspace', exact: true }));
      assert.deepEqual(JSON.parse(text).settings, { serviceEndpoint: { geography: 'eu', il: 101 }, requestTimeoutSeconds: 90 });
      session.assertNoProblems();
    } finally {
      await saveScreenshot(page, 'administration-8-settings-import');
      await session.context.close();
    }
  });
});
