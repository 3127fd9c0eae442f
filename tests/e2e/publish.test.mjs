// End-to-end: publishing, as an administrator does it — in the release
// build, in Chromium, to the real local development receiver (a test double
// of the Electronic invoicing service, crates/receiver) on 127.0.0.1.
//
//   trunk build --release && cargo build -p einvoicing-receiver
//   node --test tests/e2e/publish.test.mjs
//
// This file: the first publish and a republish (their preconditions and
// idempotency keys), a publish refused in the page, the service's field
// errors placed on the fields, what the service holds, number sequences on
// the service, and a receiver restart. Failures of every kind:
// publish-failures.test.mjs; conflicts: publish-conflict.test.mjs.
//
// One receiver per file, reset before each test; each test has a fresh
// browser context. Every test fails on an uncaught page error, and on any
// failed request or console error it did not cause on purpose.

import { describe, test, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';

import {
  useConsole,
  openSession,
  gotoApp,
  label,
  typeLikeAPerson,
  createReference,
  addEntry,
  createEnvironment,
  addUser,
  usersGrid,
  environmentForm,
  environmentRow,
  environmentsTable,
  assertInvalidWith,
  assertValid,
  describedBy,
  useEndpoint,
  openEnvironment,
  statusOf,
  waitForStatus,
  publishRegion,
  publishButton,
  publishHistory,
  waitForPublished,
  waitForPublishFailure,
  saveScreenshot,
  eventually,
} from './console.mjs';
import { useReceiver, recordRequests, openUatSession, assertOnlyExpectedProblems, UUID_V4 } from './receiver.mjs';

const shared = useConsole();
const service = useReceiver();

const KEPT = 'Nothing changed here: the status and every edit are kept.';

describe('publishing to the local development receiver', () => {
  let current; // { session, page, requests } of the running test

  beforeEach(async () => {
    await service.receiver.reset();
    current = undefined;
  });
  afterEach(async (t) => {
    if (current) {
      await saveScreenshot(current.page, `publish-${t.name}`);
      await current.session.context.close();
    }
  });

  test('a new administrator builds UAT and publishes it: Published at revision 1, sent once with If-None-Match: * and a v4 idempotency key', async () => {
    const receiver = service.receiver;
    const session = await openSession(shared);
    const requests = recordRequests(session.context, receiver.url);
    const { page } = session;
    current = { session, page, requests };
    await gotoApp(session, '/');
    await useEndpoint(page, receiver.url);

    await createReference(page, { name: 'ContosoKV', uri: 'https://contoso-einvoicing.vault.azure.net/' });
    await addEntry(page, { name: 'einvoicing-sas', type: 'Secret' });
    await createEnvironment(page, { name: 'UAT', secret: 'ContosoKV/einvoicing-sas' });
    await addUser(page, 'ana', 'ana@contoso.com');
    await page.getByText("User 'ana' added.").waitFor({ state: 'visible' });
    await waitForStatus(page, 'UAT', 'Not published');

    const region = publishRegion(page);
    assert.match(await region.innerText(), new RegExp(`Publish sends this environment to ${receiver.url.replace(/[.]/g, '\\.')}\\.`));
    await region.getByText('Never published from this browser.').waitFor({ state: 'visible' });
    const before = await receiver.stats();
    assert.equal(before.requests, 0, 'nothing was sent before Publish');

    await publishButton(page).click();
    const notice = await waitForPublished(page, 'UAT', 1);
    assert.match(notice, /^Published UAT at revision 1 \(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\)\.$/);
    await waitForStatus(page, 'UAT', 'Published');
    await region.getByText(/^Published: revision 1 at \d{4}-/).waitFor({ state: 'visible' });
    const history = await publishHistory(page);
    assert.equal(history.length, 1);
    assert.deepEqual([history[0].revision, history[0].result], ['1', 'Published']);

    // The receiver applied it once, as sent.
    const stats = await receiver.stats();
    assert.deepEqual(stats.applied, { uat: 1 });
    assert.equal(stats.requests, 1, 'one request: the publish');
    const publishes = await requests.publishes();
    assert.equal(publishes.length, 1);
    const [sent] = publishes;
    assert.equal(sent.path, '/api/v1/environments/UAT');
    assert.equal(sent.headers['if-none-match'], '*');
    assert.equal(sent.headers['if-match'], undefined);
    assert.match(sent.headers['idempotency-key'], UUID_V4);
    assert.match(sent.headers['content-type'], /^application\/json/);
    assert.match(sent.headers.accept, /application\/json/);
    assert.equal(sent.headers.authorization, undefined, 'no token was set, so none is sent');
    const held = await receiver.held('UAT');
    assert.equal(held.revision, '1');
    assert.deepEqual(held.environment, JSON.parse(sent.body));
    assert.equal(held.environment.schemaVersion, 2);
    assert.deepEqual(held.environment.users, [{ userId: 'ana', email: 'ana@contoso.com' }]);
    assert.deepEqual(held.environment.storageSasTokenSecret, {
      keyVaultReference: 'ContosoKV',
      keyVaultUri: 'https://contoso-einvoicing.vault.azure.net/',
      secretName: 'einvoicing-sas',
    });

    // The publication is kept with the draft: a reload still shows it.
    await page.reload({ waitUntil: 'load' });
    await openEnvironment(page, 'UAT');
    await waitForStatus(page, 'UAT', 'Published');
    await region.getByText(/^Published: revision 1 at /).waitFor({ state: 'visible' });
    assert.deepEqual((await publishHistory(page)).map((h) => h.result), ['Published']);
    session.assertNoProblems();
  });

  test('an edit makes UAT Changed; Publish from the list sends If-Match: "1" with a new key and it is Published at revision 2', async () => {
    const receiver = service.receiver;
    current = await openUatSession(shared, receiver);
    const { session, page, requests } = current;
    await publishButton(page).click();
    await waitForPublished(page, 'UAT', 1);
    await waitForStatus(page, 'UAT', 'Published');

    await addUser(page, 'cy', 'cy@contoso.com');
    await page.getByText("User 'cy' added.").waitFor({ state: 'visible' });
    await waitForStatus(page, 'UAT', 'Changed');

    // From the list this time: its button names the environment.
    const listButton = environmentsTable(page).getByRole('button', { name: 'Publish UAT', exact: true });
    await listButton.click();
    await page.getByRole('status').filter({ hasText: /^Published UAT at revision 2 \(/ }).first().waitFor({ state: 'visible' });
    await waitForStatus(page, 'UAT', 'Published');
    assert.equal((await listButton.innerText()).trim(), 'Publish');
    assert.equal(await listButton.isEnabled(), true);
    await waitForPublished(page, 'UAT', 2);
    await publishRegion(page).getByText(/^Published: revision 2 at /).waitFor({ state: 'visible' });
    assert.deepEqual(
      (await publishHistory(page)).map((h) => [h.revision, h.result]),
      [
        ['2', 'Published'],
        ['1', 'Published'],
      ],
    );

    const [first, second] = await requests.publishes();
    assert.equal(second.headers['if-match'], '"1"');
    assert.equal(second.headers['if-none-match'], undefined);
    assert.match(second.headers['idempotency-key'], UUID_V4);
    assert.notEqual(second.headers['idempotency-key'], first.headers['idempotency-key'], 'a new content gets a new key');
    assert.equal((await requests.publishes()).length, 2);
    assert.deepEqual((await receiver.stats()).applied, { uat: 2 });
    const held = await receiver.held('UAT');
    assert.equal(held.revision, '2');
    assert.deepEqual(held.environment.users.map((u) => u.userId), ['ana', 'bo', 'cy']);
    session.assertNoProblems();
  });

  test('an environment without a SAS secret or users is refused in the page: what blocks it is listed and nothing reaches the service', async () => {
    const receiver = service.receiver;
    current = await openUatSession(shared, receiver);
    const { session, page, requests } = current;
    await createEnvironment(page, { name: 'DRAFT' });
    await waitForStatus(page, 'DRAFT', 'Not published');
    const before = await receiver.stats();

    await publishButton(page).click();
    const refusal = publishRegion(page).getByRole('alert');
    await refusal.waitFor({ state: 'visible' });
    const text = await refusal.innerText();
    assert.match(text, /^This environment cannot be published yet; nothing was sent:/);
    const items = (await refusal.getByRole('listitem').allInnerTexts()).map((s) => s.trim());
    assert.ok(items.some((i) => i.startsWith('Choose the Storage SAS token secret')), JSON.stringify(items));
    assert.ok(items.some((i) => i.startsWith('Add at least one user')), JSON.stringify(items));

    // The list's button says the same above the table.
    await environmentsTable(page).getByRole('button', { name: 'Publish DRAFT', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'This environment cannot be published yet; nothing was sent:' }).first().waitFor();
    await page.waitForTimeout(300); // a request, were one sent, would have left by now

    await waitForStatus(page, 'DRAFT', 'Not published');
    assert.deepEqual(await publishHistory(page), [], 'a refusal in the page is not a publish attempt');
    assert.deepEqual(await requests(), [], 'the browser sent nothing to the receiver');
    assert.deepEqual(await receiver.stats(), before, 'the receiver received nothing');
    session.assertNoProblems();
  });

  test("a 422 naming /users/1/email and /description marks bo's Email and the Description with the service's words; the retry publishes", async () => {
    const receiver = service.receiver;
    current = await openUatSession(shared, receiver);
    const { session, page } = current;
    await receiver.fault({
      match: { method: 'PUT', path: '/api/v1/environments/UAT' },
      kind: 'status',
      status: 422,
      contentType: 'application/problem+json',
      body: JSON.stringify({
        title: 'Invalid',
        status: 422,
        detail: 'Two fields are wrong.',
        errors: [
          { pointer: '/users/1/email', detail: 'This mailbox does not exist.' },
          { pointer: '/description', detail: 'Say what it is for.' },
        ],
      }),
    });

    await publishButton(page).click();
    const message = await waitForPublishFailure(page);
    assert.match(message, /The service refused the environment \(422\)\. Each field it named is marked below/);
    assert.ok(message.includes('The service said: “Invalid: Two fields are wrong.”'), message);
    assert.ok(message.includes(KEPT), message);

    const list = publishRegion(page).locator('.service-errors');
    assert.match(await list.innerText(), /^The service refused these fields:/);
    assert.deepEqual((await list.getByRole('listitem').allInnerTexts()).map((s) => s.trim()), [
      "User 'bo', Email: This mailbox does not exist.",
      'Description: Say what it is for.',
    ]);

    // bo's row, not ana's, carries the service's words.
    const boEmail = usersGrid(page).getByRole('row').filter({ hasText: 'bo@contoso.com' }).getByRole('cell').nth(1);
    const anaEmail = usersGrid(page).getByRole('row').filter({ hasText: 'ana@contoso.com' }).getByRole('cell').nth(1);
    await assertInvalidWith(boEmail, 'The service refused it: This mailbox does not exist.');
    await assertValid(anaEmail);
    const description = environmentForm(page).getByLabel(label('Description'));
    await assertInvalidWith(description, 'The service refused it: Say what it is for.');
    await assertValid(environmentForm(page).getByLabel(label('Name')));

    await waitForStatus(page, 'UAT', 'Not published');
    assert.deepEqual(
      (await publishHistory(page)).map((h) => [h.revision, h.result]),
      [['–', 'Refused by the service (422)']],
    );
    assert.equal(await receiver.applied('UAT'), 0);

    // Publish again (the receiver's fault was for one request): Published, and the marks go.
    await publishButton(page).click();
    await waitForPublished(page, 'UAT', 1);
    await waitForStatus(page, 'UAT', 'Published');
    await assertValid(boEmail);
    assert.equal((await describedBy(boEmail)).length, 0);
    await assertValid(description);
    assert.equal(await receiver.applied('UAT'), 1);
    assertOnlyExpectedProblems(session, receiver.url, { statuses: [422] });
  });

  test('"Check what the service holds" says UAT is as published here, then marks it newer on the service once someone else published revision 2, and lists an environment only the service holds', async () => {
    const receiver = service.receiver;
    current = await openUatSession(shared, receiver);
    const { session, page } = current;
    await publishButton(page).click();
    await waitForPublished(page, 'UAT', 1);

    const check = page.getByRole('button', { name: 'Check what the service holds', exact: true });
    const serviceCell = () => environmentRow(page, 'UAT').getByRole('cell').nth(3);
    await check.click();
    const notice = page.getByRole('status').filter({ hasText: 'What the service holds, read at ' });
    await notice.waitFor({ state: 'visible' });
    assert.match(await notice.innerText(), /every environment published from this browser is as published here\./);
    await environmentsTable(page).getByRole('columnheader', { name: 'Service' }).waitFor({ state: 'visible' });
    assert.equal((await serviceCell().innerText()).trim(), 'Revision 1, as published here');

    // Someone else publishes over it, and publishes PROD.
    const held = await receiver.held('UAT');
    await receiver.publishAsSomeoneElse({ ...held.environment, description: 'Published by Bea' }, '1');
    await receiver.publishAsSomeoneElse({ ...held.environment, name: 'PROD', description: 'Production' });

    await check.click();
    await eventually(async () => (await serviceCell().innerText()).startsWith('Newer on the service: revision 2, published '), {
      what: 'the Service column to flag UAT',
    });
    assert.match(
      await serviceCell().innerText(),
      /^Newer on the service: revision 2, published \d{4}-\d\d-\d\d \d\d:\d\d UTC \(this browser has revision 1\)/,
    );
    const text = await notice.innerText();
    assert.match(text, /1 environment\(s\) differ from what this browser published; see the Service column\./);
    assert.match(text, /1 environment\(s\) held by the service are not in this workspace; see below\./);
    const onlyThere = page.getByRole('table', { name: 'Held by the service but not in this workspace' });
    await onlyThere.getByRole('cell', { name: 'PROD', exact: true }).waitFor({ state: 'visible' });
    await onlyThere.getByRole('button', { name: 'Add PROD to this workspace' }).waitFor({ state: 'visible' });
    assert.match(await serviceCell().getAttribute('class'), /\battention\b/);
    assert.equal(await statusOf(page, 'UAT'), 'Published', 'reading the service changes no status');
    session.assertNoProblems();
  });

  test('number sequences of a published environment: New creates on the service, a Delete the service refuses (in use) keeps the row, Refresh shows In use and Current value', async () => {
    const receiver = service.receiver;
    current = await openUatSession(shared, receiver);
    const { session, page } = current;
    await publishButton(page).click();
    await waitForPublished(page, 'UAT', 1);
    await waitForStatus(page, 'UAT', 'Published');

    const section = page.getByRole('region', { name: 'Number sequences' });
    await section.getByText('The service holds this environment: New and Delete are made on the service at once.').waitFor();
    const form = page.getByRole('form', { name: 'New number sequence' });
    const grid = page.getByRole('table', { name: 'Number sequences' });
    const row = (name) => grid.getByRole('row').filter({ has: page.getByRole('cell', { name, exact: true }) });
    const cells = async (name) => (await row(name).getByRole('cell').allInnerTexts()).map((s) => s.trim());

    for (const [name, description] of [
      ['INV', 'Invoice numbers'],
      ['CRN', 'Credit notes'],
    ]) {
      await typeLikeAPerson(form.getByLabel(label('Name')), name);
      await typeLikeAPerson(form.getByLabel(label('Description')), description);
      await form.getByRole('button', { name: 'New', exact: true }).click();
      await section.getByRole('status').filter({ hasText: `Number sequence '${name}' created on the service.` }).waitFor();
      assert.deepEqual((await cells(name)).slice(0, 4), [name, description, 'No', '–']);
    }
    const onService = await receiver.sequences('UAT');
    assert.deepEqual(
      onService.map((s) => [s.name, s.description, s.inUse, s.current]).sort(),
      [
        ['CRN', 'Credit notes', false, null],
        ['INV', 'Invoice numbers', false, null],
      ],
    );
    await waitForStatus(page, 'UAT', 'Published');

    // Finance starts numbering invoices after the page last read the service.
    await receiver.setSequence('UAT', 'INV', { inUse: true, current: 1042 });
    await row('INV').getByRole('button', { name: 'Delete', exact: true }).click();
    await row('INV').getByRole('button', { name: 'Yes, delete', exact: true }).click();
    const refusal = section.getByRole('alert');
    await refusal.waitFor({ state: 'visible' });
    const words = await refusal.innerText();
    assert.match(words, /^Could not delete number sequence 'INV': the service answered 409\./);
    assert.ok(words.includes("Number sequence 'INV' is in use by environment 'UAT' (current value 1042) and cannot be deleted."), words);
    assert.deepEqual((await cells('INV')).slice(0, 4), ['INV', 'Invoice numbers', 'No', '–'], 'the row stays');
    assert.deepEqual((await receiver.sequences('UAT')).map((s) => s.name).sort(), ['CRN', 'INV']);
    await waitForStatus(page, 'UAT', 'Published');

    // One not in use goes.
    await row('CRN').getByRole('button', { name: 'Delete', exact: true }).click();
    await row('CRN').getByRole('button', { name: 'Yes, delete', exact: true }).click();
    await section.getByRole('status').filter({ hasText: "Number sequence 'CRN' deleted from the service." }).waitFor();
    await row('CRN').waitFor({ state: 'detached' });
    assert.deepEqual((await receiver.sequences('UAT')).map((s) => s.name), ['INV']);

    await section.getByRole('button', { name: 'Refresh In use and Current value', exact: true }).click();
    await section.getByRole('status').filter({ hasText: 'In use and Current value read from the service (1 sequences).' }).waitFor();
    assert.deepEqual(await cells('INV'), ['INV', 'Invoice numbers', 'Yes', '1042', 'In use: cannot be deleted']);
    assert.equal(await row('INV').getByRole('button', { name: 'Delete' }).count(), 0);
    await waitForStatus(page, 'UAT', 'Published');
    assert.equal(await receiver.applied('UAT'), 1, 'sequences are not published');
    assertOnlyExpectedProblems(session, receiver.url, { statuses: [409] });
  });

  test('the receiver restarts with the same data between two publishes: the republish with If-Match: "1" gets revision 2', async () => {
    const receiver = service.receiver;
    current = await openUatSession(shared, receiver);
    const { session, page, requests } = current;
    await publishButton(page).click();
    await waitForPublished(page, 'UAT', 1);

    const port = receiver.port;
    await receiver.restart();
    assert.equal(receiver.port, port);
    assert.deepEqual((await receiver.stats()).applied, { uat: 1 }, 'the receiver kept its state');

    await addUser(page, 'cy', 'cy@contoso.com');
    await waitForStatus(page, 'UAT', 'Changed');
    await publishButton(page).click();
    await waitForPublished(page, 'UAT', 2);
    await waitForStatus(page, 'UAT', 'Published');
    const publishes = await requests.publishes();
    assert.equal(publishes.at(-1).headers['if-match'], '"1"');
    assert.deepEqual((await receiver.stats()).applied, { uat: 2 });
    assert.equal((await receiver.held('UAT')).revision, '2');
    session.assertNoProblems();
  });
});
