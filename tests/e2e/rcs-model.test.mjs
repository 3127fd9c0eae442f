// End-to-end: the model as RCS has it (issue 16), in the release build, in
// Chromium, publishing to the real local development receiver.
//
//   trunk build --release && cargo build -p einvoicing-receiver
//   node --test tests/e2e/rcs-model.test.mjs
//
// A chain of certificates made on the Key Vault parameters page, ordered
// root first and published under its reference; the Dataverse endpoint
// URI and an application's name in what is published; a Managed HSM
// refused at the field; and an administrator coming from the previous
// release, whose stored draft (version 1, with a certificate chain entry
// and a published environment) opens whole, and whose exported workspace
// file (version 1) imports with its chains in order.
//
// Each test has a fresh browser context, and fails on any page error,
// console error or failed request it did not cause on purpose.

import { describe, test, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

import {
  useConsole,
  openSession,
  gotoApp,
  label,
  navigate,
  typeLikeAPerson,
  createReference,
  addEntry,
  addChain,
  chainCertificates,
  chainsGrid,
  certificatesGrid,
  createEnvironment,
  addUser,
  environmentForm,
  environmentRow,
  assertInvalidWith,
  useEndpoint,
  openEnvironment,
  waitForStatus,
  publishButton,
  waitForPublished,
  saveScreenshot,
  eventually,
  repoRoot,
  seedLocalStorageOnce,
  STORAGE_KEY,
  importWorkspace,
} from './console.mjs';
import { useReceiver, recordRequests } from './receiver.mjs';

const shared = useConsole();
const service = useReceiver();

const KV = { name: 'ContosoKV', uri: 'https://contoso-einvoicing.vault.azure.net/' };

/** A reference with the SAS secret and three certificates, open. */
async function referenceWithCertificates(page) {
  await createReference(page, KV);
  await addEntry(page, { name: 'einvoicing-sas', type: 'Secret' });
  for (const name of ['signing', 'root-ca', 'issuing-ca']) {
    await addEntry(page, { name, type: 'Certificate' });
  }
}

describe('the RCS model: chains of certificates, the Dataverse endpoint, named applications', () => {
  let current;

  beforeEach(async () => {
    await service.receiver.reset();
    current = undefined;
  });
  afterEach(async (t) => {
    if (current) {
      await saveScreenshot(current.page, `rcs-model-${t.name}`);
      await current.session.context.close();
    }
  });

  test('a chain of certificates made on the Key Vault parameters page, ordered root first, is published under its reference', async () => {
    const receiver = service.receiver;
    const session = await openSession(shared);
    const requests = recordRequests(session.context, receiver.url);
    const { page } = session;
    current = { session, page };
    await gotoApp(session, '/');
    await useEndpoint(page, receiver.url);
    await referenceWithCertificates(page);

    // Type is Certificate or Secret, nothing else.
    const entry = page.getByRole('form', { name: 'Certificate or secret' });
    assert.deepEqual(
      (await entry.getByLabel(label('Type')).locator('option').allTextContents()).map((s) => s.trim()),
      ['Secret', 'Certificate'],
    );

    // A new chain, its certificates added in the wrong order, then put
    // root first with Up and Down.
    await addChain(page, { name: 'Signing chain', description: 'Root, issuing CA, signing', members: ['signing', 'root-ca', 'issuing-ca'] });
    const group = chainCertificates(page);
    await group.getByRole('button', { name: 'Move signing down' }).click();
    await group.getByRole('button', { name: 'Move signing down' }).click();
    // The end-user certificate is at the bottom: it cannot go lower.
    assert.equal(await group.getByRole('button', { name: 'Move signing down' }).isDisabled(), true);
    await eventually(async () => /root-ca › issuing-ca › signing/.test(await chainsGrid(page).innerText()), {
      what: 'the chain to read root-ca › issuing-ca › signing',
    });
    assert.deepEqual(
      (await group.locator('li .mono').allTextContents()).map((s) => s.trim()),
      ['root-ca', 'issuing-ca', 'signing'],
    );
    // The Certificates grid says which chains each certificate is in.
    const rootRow = certificatesGrid(page).getByRole('row').filter({ hasText: 'root-ca' });
    assert.match(await rootRow.innerText(), /Signing chain/);
    // A member cannot be deleted: the chain is named.
    await rootRow.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByRole('button', { name: 'Yes, delete', exact: true }).click();
    await page
      .getByText("'root-ca' is a member of the chains of certificates 'Signing chain'. Remove it from those chains first.")
      .waitFor({ state: 'visible' });
    // A second chain of the same name (in another case) is refused.
    await page.getByRole('button', { name: 'New chain', exact: true }).click();
    const chainForm = page.getByRole('form', { name: 'Chain of certificates' });
    await typeLikeAPerson(chainForm.getByLabel(label('Name')), 'SIGNING CHAIN');
    await assertInvalidWith(chainForm.getByLabel(label('Name')), "already has a chain of certificates named 'SIGNING CHAIN'");
    await chainForm.getByRole('button', { name: 'Close', exact: true }).click();

    // Used by UAT, and published: the body carries the chain under its
    // reference, in order, and no chain entry among the certificates.
    await createEnvironment(page, { name: 'UAT', secret: 'ContosoKV/einvoicing-sas' });
    await addUser(page, 'ana', 'ana@contoso.com');
    await page.getByText("User 'ana' added.").waitFor({ state: 'visible' });
    await publishButton(page).click();
    await waitForPublished(page, 'UAT', 1);
    await waitForStatus(page, 'UAT', 'Published');
    const [sent] = await requests.publishes();
    const body = JSON.parse(sent.body);
    assert.equal(body.schemaVersion, 2);
    const [reference] = body.keyVaultReferences;
    assert.deepEqual(reference.certificateChains, [
      { name: 'Signing chain', description: 'Root, issuing CA, signing', certificates: ['root-ca', 'issuing-ca', 'signing'] },
    ]);
    assert.deepEqual(
      reference.certificates.map((c) => [c.name, c.type]),
      [
        ['einvoicing-sas', 'secret'],
        ['signing', 'certificate'],
        ['root-ca', 'certificate'],
        ['issuing-ca', 'certificate'],
      ],
    );
    const held = await receiver.held('UAT');
    assert.deepEqual(held.environment, body, 'the receiver holds what was sent');

    // Reordering the chain afterwards is a change of UAT's, said as such.
    await navigate(page, 'Key Vault parameters');
    await page.getByRole('table', { name: 'Key Vault references' }).getByRole('button', { name: 'ContosoKV', exact: true }).click();
    await chainsGrid(page).getByRole('button', { name: 'Signing chain', exact: true }).click();
    await chainCertificates(page).getByRole('button', { name: 'Move issuing-ca up' }).click();
    await navigate(page, 'Service environments');
    await waitForStatus(page, 'UAT', 'Changed');
    await openEnvironment(page, 'UAT');
    await page
      .getByText(
        "Certificates of chain 'Signing chain' in Key Vault reference 'ContosoKV' (root first) changed from 'root-ca, issuing-ca, signing' to 'issuing-ca, root-ca, signing' (changed in Key Vault parameters; discard does not undo it).",
      )
      .waitFor({ state: 'visible' });
    session.assertNoProblems();
  });

  test('an empty chain keeps the environments that use its reference from being published, and says so', async () => {
    const session = await openSession(shared);
    const { page } = session;
    current = { session, page };
    await gotoApp(session, '/');
    await useEndpoint(page, service.receiver.url);
    await referenceWithCertificates(page);
    await addChain(page, { name: 'Not yet' });
    await chainCertificates(page).getByText('No certificates in this chain yet: it cannot be published until it has some.').waitFor({ state: 'visible' });
    await createEnvironment(page, { name: 'UAT', secret: 'ContosoKV/einvoicing-sas' });
    await addUser(page, 'ana', 'ana@contoso.com');
    await environmentForm(page)
      .getByText("Chain of certificates 'Not yet' of Key Vault reference 'ContosoKV' has no certificates. Add them, root first.")
      .waitFor({ state: 'visible' });
    await publishButton(page).click();
    await page.getByText('This environment cannot be published yet; nothing was sent:').first().waitFor({ state: 'visible' });
    assert.equal((await service.receiver.stats()).requests, 0, 'nothing was sent');
    session.assertNoProblems();
  });

  test("the Dataverse endpoint URI and an application's name travel in what is published", async () => {
    const receiver = service.receiver;
    const session = await openSession(shared);
    const requests = recordRequests(session.context, receiver.url);
    const { page } = session;
    current = { session, page };
    await gotoApp(session, '/');
    await useEndpoint(page, receiver.url);
    await createReference(page, KV);
    await addEntry(page, { name: 'einvoicing-sas', type: 'Secret' });
    await createEnvironment(page, { name: 'UAT', secret: 'ContosoKV/einvoicing-sas' });
    await addUser(page, 'ana', 'ana@contoso.com');

    // The organization URL alone is refused, with the Web API URI offered.
    const form = environmentForm(page);
    const dataverse = form.getByLabel(label('Dataverse endpoint URI'));
    await typeLikeAPerson(dataverse, 'contoso.crm.dynamics.com');
    await assertInvalidWith(dataverse, 'must start with https://', 'Did you mean https://contoso.crm.dynamics.com/api/data/v9.1/?');
    await form.getByRole('button', { name: 'Use https://contoso.crm.dynamics.com/api/data/v9.1/' }).click();
    assert.equal(await dataverse.inputValue(), 'https://contoso.crm.dynamics.com/api/data/v9.1/');
    await form.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText("Service environment 'UAT' saved.").waitFor({ state: 'visible' });

    // An application has a name, shown first in its grid and its request.
    const app = page.getByRole('form', { name: 'Add an application' });
    await app.getByRole('button', { name: 'Add', exact: true }).click();
    await assertInvalidWith(app.getByLabel(label('Name')), 'Enter a name.');
    await typeLikeAPerson(app.getByLabel(label('Name')), 'Contoso POS');
    await typeLikeAPerson(app.getByLabel(label('AAD Tenant ID')), '8c0f0b9e-1f5e-4c55-9d0a-3c1a1f2b3c4d');
    await typeLikeAPerson(app.getByLabel(label('LCS Environment ID')), '0f3a2b1c-4d5e-6f70-8192-a3b4c5d6e7f8');
    await typeLikeAPerson(app.getByLabel(label('Application (client) ID')), '3d2c1b0a-9f8e-7d6c-5b4a-392817160504');
    await typeLikeAPerson(app.getByLabel(label('Object ID')), 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d');
    await typeLikeAPerson(app.getByLabel(label('Justification')), 'Submits invoices from the POS system');
    await app.getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByText("Application 'Contoso POS' added. Send its registration request to Microsoft.").waitFor({ state: 'visible' });
    const grid = page.getByRole('table', { name: 'Applications' });
    const headers = (await grid.getByRole('columnheader').allTextContents()).map((s) => s.trim());
    assert.equal(headers[0], 'Name');
    assert.match(await grid.innerText(), /Contoso POS/);
    assert.match(await page.locator('#registration-request').inputValue(), /^Name: Contoso POS$/m);

    await publishButton(page).click();
    await waitForPublished(page, 'UAT', 1);
    const [sent] = await requests.publishes();
    const body = JSON.parse(sent.body);
    assert.equal(body.dataverseEndpointUri, 'https://contoso.crm.dynamics.com/api/data/v9.1/');
    assert.equal(body.applications[0].name, 'Contoso POS');
    assert.deepEqual(Object.keys(body.applications[0]).slice(0, 2), ['name', 'tenantId'], 'the name comes first');
    session.assertNoProblems();
  });

  test('a Managed HSM URI is refused at the field, saying why and what to enter instead', async () => {
    const session = await openSession(shared);
    const { page } = session;
    current = { session, page };
    await gotoApp(session, '/');
    await navigate(page, 'Key Vault parameters');
    await page.getByRole('button', { name: 'New', exact: true }).click();
    const form = page.getByRole('form', { name: 'New Key Vault reference' });
    await typeLikeAPerson(form.getByLabel(label('Name')), 'ContosoHSM');
    const uri = form.getByLabel(label('Key Vault URI'));
    await typeLikeAPerson(uri, 'https://contoso-hsm.managedhsm.azure.net/');
    await assertInvalidWith(
      uri,
      'is a Managed HSM, not a key vault: a Managed HSM holds only HSM-protected keys, never the secrets and certificates the Electronic invoicing service reads.',
      'Enter the URI of the key vault that holds them instead, https://{vault}.vault.azure.net/',
    );
    await form.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Correct these fields before saving:').waitFor({ state: 'visible' });
    await page.getByText('No Key Vault references yet. Select New to add one.').waitFor({ state: 'visible' });
    session.assertNoProblems();
  });
});

describe('an administrator coming from the previous release', () => {
  test('finds their stored draft whole: the certificate chain entry is a chain of its reference, UAT still Published, and the unnamed application to name', async (t) => {
    // A draft the previous release (format version 1) stored: the sample
    // workspace, UAT published at revision 7, PROD published and edited.
    const draft = await readFile(path.join(repoRoot, 'src/storage/fixtures/stored-v1-with-chain.json'), 'utf8');
    assert.match(draft, /"version":1/);
    const session = await openSession(shared, { initScripts: [[seedLocalStorageOnce, [STORAGE_KEY, draft]]] });
    const { page } = session;
    t.after(async () => {
      await saveScreenshot(page, `rcs-model-${t.name}`);
      await session.context.close();
    });
    await gotoApp(session, '/#/environments');
    await waitForStatus(page, 'UAT', 'Published');
    await waitForStatus(page, 'PROD', 'Changed');

    await navigate(page, 'Key Vault parameters');
    await page.getByRole('table', { name: 'Key Vault references' }).getByRole('button', { name: 'ContosoKV', exact: true }).click();
    const chains = chainsGrid(page);
    const row = chains.getByRole('row').filter({ hasText: 'contoso-signing-chain' });
    assert.match(await row.innerText(), /contoso-root-ca › contoso-issuing-ca › contoso-einvoice-signing/);
    assert.match(await row.innerText(), /Root, intermediate and signing certificate, in order/);
    // No entry is a chain any more: four entries, the chain's members saying
    // which chain they are in.
    const entries = await certificatesGrid(page).locator('tbody tr').evaluateAll((rows) =>
      rows.map((tr) => [...tr.querySelectorAll('td')].slice(0, 4).map((td) => td.textContent.trim())),
    );
    assert.deepEqual(
      entries.map(([name, , type, chains]) => [name, type, chains]),
      [
        ['contoso-storage-sas', 'Secret', ''],
        ['contoso-root-ca', 'Certificate', 'contoso-signing-chain'],
        ['contoso-issuing-ca', 'Certificate', 'contoso-signing-chain'],
        ['contoso-einvoice-signing', 'Certificate', 'contoso-signing-chain'],
      ],
    );

    // UAT's application has no name yet: UAT reads Published, and says
    // what to do before it can be published again.
    await navigate(page, 'Service environments');
    await openEnvironment(page, 'UAT');
    await environmentForm(page)
      .getByText('Application 9d4e2f61-7c3b-4a85-8e1f-0b2d4c6a8e9f has no name: the service now lists applications by name. Enter its display name under Applications.')
      .waitFor({ state: 'visible' });
    const apps = page.getByRole('table', { name: 'Applications' });
    await apps.getByRole('button', { name: '(no name: name it)' }).click();
    const naming = page.getByRole('form', { name: 'Application name' });
    await typeLikeAPerson(naming.getByLabel(label('Name')), 'Contoso POS');
    await naming.getByRole('button', { name: 'Save name', exact: true }).click();
    await page.getByText("Application named 'Contoso POS'.").waitFor({ state: 'visible' });
    await eventually(async () => !(await environmentForm(page).innerText()).includes('has no name'), {
      what: 'the problem to go once the application is named',
    });
    // Naming it is content to publish: UAT now reads Changed.
    await waitForStatus(page, 'UAT', 'Changed');
    assert.ok(await environmentRow(page, 'UAT').isVisible());
    session.assertNoProblems();
  });

  test('imports their version 1 workspace file: each certificate chain entry a chain of its reference, in order, and the statuses as that release showed them', async (t) => {
    // Written by the previous release's own export (see
    // crates/domain/tests/file_fixtures/README.md): ContosoKV's chain
    // signing-chain lists root-ca, issuing-ca, signing (neither the entries'
    // order nor alphabetical); Fabrikam KV's tax-chain one certificate and
    // empty-chain none.
    const file = await readFile(path.join(repoRoot, 'crates/domain/tests/file_fixtures/v1-with-chain.json'), 'utf8');
    assert.equal(JSON.parse(file).version, 1);
    const session = await openSession(shared);
    const { page } = session;
    t.after(async () => {
      await saveScreenshot(page, `rcs-model-${t.name}`);
      await session.context.close();
    });
    await gotoApp(session, '/#/settings');
    await importWorkspace(page, { text: file, replace: true });
    await page.getByText('Workspace imported.').waitFor({ state: 'visible' });

    await navigate(page, 'Key Vault parameters');
    const references = page.getByRole('table', { name: 'Key Vault references' });
    await references.getByRole('button', { name: 'ContosoKV', exact: true }).click();
    await eventually(async () => /root-ca › issuing-ca › signing/.test(await chainsGrid(page).innerText()), {
      what: "ContosoKV's chain, in its order",
    });
    const chainRows = async () =>
      chainsGrid(page).locator('tbody tr').evaluateAll((rows) =>
        rows.map((tr) => [...tr.querySelectorAll('td')].slice(0, 3).map((td) => td.textContent.trim())),
      );
    assert.deepEqual(
      (await chainRows()).map(([name, , members]) => [name, members]),
      [['signing-chain', 'root-ca › issuing-ca › signing']],
    );
    const types = await certificatesGrid(page).locator('tbody tr').evaluateAll((rows) =>
      rows.map((tr) => [...tr.querySelectorAll('td')].slice(0, 3).map((td) => td.textContent.trim())),
    );
    assert.deepEqual(
      types.map(([name, , type]) => [name, type]),
      [
        ['einvoicing-sas', 'Secret'],
        ['signing', 'Certificate'],
        ['issuing-ca', 'Certificate'],
        ['root-ca', 'Certificate'],
      ],
      'no entry is a chain any more',
    );

    await references.getByRole('button', { name: 'Fabrikam KV', exact: true }).click();
    await eventually(async () => /tax-chain/.test(await chainsGrid(page).innerText()), { what: "Fabrikam KV's chains" });
    assert.deepEqual(
      (await chainRows()).map(([name, , members]) => [name, members]),
      [
        ['tax-chain', 'tax-signing'],
        ['empty-chain', ''],
      ],
    );

    // The statuses that release showed for this file.
    await navigate(page, 'Service environments');
    await waitForStatus(page, 'UAT', 'Published');
    await waitForStatus(page, 'PROD', 'Not published');
    await waitForStatus(page, 'DEV', 'Changed');
    session.assertNoProblems();
  });
});
