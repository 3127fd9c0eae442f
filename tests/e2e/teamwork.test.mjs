// End-to-end: a team of administrators, the service their shared truth.
// Two browser contexts are two administrators (two laptops) against one
// development receiver, in the release build.
//
//   trunk build --release && cargo build -p einvoicing-receiver
//   node --test tests/e2e/teamwork.test.mjs
//
// - With sign-in required: A publishes UAT (two users, a chain of
//   certificates); B, a fresh profile with only the endpoint and sign-in
//   chosen, starts from what the service holds in one click: UAT reads
//   Published with its users, Key Vault reference and chain; B adds a user
//   and publishes (revision 2, published by B's account); A reads the
//   service: UAT is newer there, published by B; A takes the service's
//   version (Published at revision 2 with B's user); an edit of A's then
//   meets a newer publish of B's: A's Publish shows the conflict, and
//   nothing is overwritten.
// - Without sign-in: a Key Vault reference of the same name with another
//   URI is a conflict shown side by side, and nothing changes until the
//   administrator takes the service's; "Add all" on a fresh profile adds
//   three held environments.

import { describe, test, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';

import {
  useConsole,
  openSession,
  gotoApp,
  navigate,
  label,
  addUser,
  listedUsers,
  useEndpoint,
  importWorkspace,
  openEnvironment,
  environmentsTable,
  environmentForm,
  environmentRow,
  statusOf,
  waitForStatus,
  publishButton,
  publishRegion,
  waitForPublished,
  chainsGrid,
  saveScreenshot,
  eventually,
  setUpSignIn,
} from './console.mjs';
import { useReceiver, startReceiver, recordRequests, assertOnlyExpectedProblems } from './receiver.mjs';

const shared = useConsole();

const ANA = 'admin@contoso.test';
const BEN = 'ben@contoso.com';
const KV_URI = 'https://contoso-einvoicing.vault.azure.net/';

/** A's workspace: ContosoKV with its SAS secret and a chain, UAT with two users. */
const TEAM_WORKSPACE = JSON.stringify({
  format: 'einvoicing-console/workspace',
  version: 2,
  keyVaultReferences: [
    {
      name: 'ContosoKV',
      description: '',
      uri: KV_URI,
      certificates: [
        { name: 'einvoicing-sas', description: '', type: 'secret' },
        { name: 'root-ca', description: '', type: 'certificate' },
        { name: 'signing', description: '', type: 'certificate' },
      ],
      certificateChains: [{ name: 'signing-chain', description: 'Root first', certificates: ['root-ca', 'signing'] }],
    },
  ],
  environments: [
    {
      name: 'UAT',
      description: 'Validation before production',
      storageSasTokenSecret: { keyVaultReference: 'ContosoKV', secretName: 'einvoicing-sas' },
      keyVaultReferences: [],
      users: [
        { userId: 'ana', email: 'ana@contoso.com' },
        { userId: 'bo', email: 'bo@contoso.com' },
      ],
      applications: [],
      numberSequences: [],
    },
  ],
  connectedApplications: [],
});

/** A version 2 body of the publish contract, as another console would send it. */
function body(name, { uri = KV_URI, users = [{ userId: 'ana', email: 'ana@contoso.com' }] } = {}) {
  return {
    schemaVersion: 2,
    name,
    description: `${name} environment`,
    storageSasTokenSecret: { keyVaultReference: 'ContosoKV', keyVaultUri: uri, secretName: 'einvoicing-sas' },
    keyVaultReferences: [
      {
        name: 'ContosoKV',
        description: '',
        uri,
        certificates: [{ name: 'einvoicing-sas', description: '', type: 'secret' }],
        certificateChains: [],
      },
    ],
    users,
    applications: [],
    numberSequences: [],
  };
}

/** Signs in through Settings as `email` (the receiver's double signs that user in). */
async function signIn(page, receiver, email) {
  await receiver.signInAs(email);
  await navigate(page, 'Settings');
  const form = page.getByRole('form', { name: 'Sign-in' });
  await form.getByRole('button', { name: 'Sign in', exact: true }).click();
  await form.getByText(new RegExp(`^Signed in as .*${email.replace(/[.]/g, '\\.')}`)).first().waitFor({ state: 'visible' });
}

/** Service environments → "Check what the service holds", and waits for the read. */
async function checkTheService(page) {
  await navigate(page, 'Service environments');
  await page.getByRole('button', { name: 'Check what the service holds', exact: true }).click();
  await page.getByRole('status').filter({ hasText: 'What the service holds, read at ' }).waitFor({ state: 'visible' });
}

function serviceCell(page, name) {
  return environmentRow(page, name).locator('td').nth(3);
}

/**
 * What the service holds of `name`, read with the token the browser whose
 * requests are `requests` last sent (the receiver requires one it issued).
 */
async function heldWith(receiver, requests, name) {
  const sent = (await requests()).map((r) => r.headers.authorization).filter(Boolean);
  const res = await receiver.request('GET', `/api/v1/environments/${encodeURIComponent(name)}`, {
    headers: { Authorization: sent.at(-1) },
  });
  assert.equal(res.status, 200, res.text);
  return res.json;
}

function heldTable(page) {
  return page.getByRole('table', { name: 'Held by the service but not in this workspace' });
}

describe('two administrators, sign-in required', () => {
  const service = useReceiver({ args: ['--require-sign-in', '--token-lifetime', '600'] });
  const sessions = [];
  afterEach(async (t) => {
    for (const [i, s] of sessions.entries()) {
      await saveScreenshot(s.page, `teamwork-${t.name.slice(0, 40)}-${i}`);
      await s.context.close();
    }
    sessions.length = 0;
  });

  test('B starts from what A published, publishes as B; A sees it newer, published by B, takes it; a later edit of A meets the conflict view', async () => {
    const receiver = service.receiver;
    await receiver.reset();

    // A: the workspace, the endpoint, signed in; publishes UAT.
    const a = await openSession(shared);
    sessions.push(a);
    await gotoApp(a);
    await importWorkspace(a.page, { text: TEAM_WORKSPACE, replace: true });
    await a.page.getByText('Workspace imported.').waitFor({ state: 'visible' });
    await useEndpoint(a.page, receiver.url);
    await setUpSignIn(a.page, receiver.url);
    await signIn(a.page, receiver, ANA);
    await openEnvironment(a.page, 'UAT');
    await publishButton(a.page).click();
    await waitForPublished(a.page, 'UAT', 1);
    await publishRegion(a.page).getByText(new RegExp(`^Published: revision 1 at .* by ${ANA}\\.$`)).waitFor();

    // B: a fresh profile; only the endpoint and sign-in chosen.
    const b = await openSession(shared);
    sessions.push(b);
    const bRequests = recordRequests(b.context, receiver.url);
    await gotoApp(b);
    await useEndpoint(b.page, receiver.url);
    await setUpSignIn(b.page, receiver.url);
    await signIn(b.page, receiver, BEN);
    await navigate(b.page, 'Set-up');
    // One click.
    await b.page.getByRole('button', { name: 'Start from what the service holds' }).click();
    await b.page
      .getByRole('status')
      .filter({ hasText: new RegExp(`UAT added from the service: Published, revision 1, published .* by ${ANA}\\.`) })
      .waitFor({ state: 'visible' });
    await navigate(b.page, 'Service environments');
    assert.equal(await statusOf(b.page, 'UAT'), 'Published');
    await openEnvironment(b.page, 'UAT');
    assert.deepEqual((await listedUsers(b.page)).sort(), ['ana', 'bo']);
    await navigate(b.page, 'Key Vault parameters');
    await b.page.getByRole('button', { name: 'ContosoKV', exact: true }).click();
    const chainRow = chainsGrid(b.page).getByRole('row').filter({ hasText: 'signing-chain' });
    await chainRow.waitFor({ state: 'visible' });
    assert.match(await chainRow.innerText(), /root-ca\s*›\s*signing/);

    // B adds a user and publishes: revision 2, by B.
    await openEnvironment(b.page, 'UAT');
    await addUser(b.page, 'cy', 'cy@contoso.com');
    await b.page.getByText("User 'cy' added.").waitFor({ state: 'visible' });
    await publishButton(b.page).click();
    await waitForPublished(b.page, 'UAT', 2);
    await publishRegion(b.page).getByText(new RegExp(`^Published: revision 2 at .* by ${BEN}\\.$`)).waitFor();
    assert.equal((await heldWith(receiver, bRequests, 'UAT')).publishedBy, BEN);

    // A reads the service: newer there, published by B; takes it.
    await checkTheService(a.page);
    await eventually(async () => (await serviceCell(a.page, 'UAT').innerText()).startsWith('Newer on the service: revision 2, published '), {
      what: "A's Service column to mark UAT newer",
    });
    assert.match(await serviceCell(a.page, 'UAT').innerText(), new RegExp(`by ${BEN} \\(this browser has revision 1\\)`));
    await a.page.getByRole('button', { name: "Take the service's version of UAT" }).click();
    await a.page.getByRole('status').filter({ hasText: "UAT: Reloaded the service's version (revision 2)" }).waitFor({ state: 'visible' });
    await waitForStatus(a.page, 'UAT', 'Published');
    await eventually(async () => (await serviceCell(a.page, 'UAT').innerText()).trim() === `Revision 2, as here (published by ${BEN})`, {
      what: 'the Service column to read again after the take',
    });
    await openEnvironment(a.page, 'UAT');
    assert.deepEqual((await listedUsers(a.page)).sort(), ['ana', 'bo', 'cy']);

    // A edits; B publishes again meanwhile; A's Publish shows the conflict.
    await addUser(a.page, 'dee', 'dee@contoso.com');
    await a.page.getByText("User 'dee' added.").waitFor({ state: 'visible' });
    await navigate(a.page, 'Service environments');
    await waitForStatus(a.page, 'UAT', 'Changed');
    await openEnvironment(b.page, 'UAT');
    await environmentForm(b.page).getByLabel(label('Description')).fill('Validation, by Ben');
    await environmentForm(b.page).getByRole('button', { name: 'Save', exact: true }).click();
    await waitForStatus(b.page, 'UAT', 'Changed');
    await publishButton(b.page).click();
    await waitForPublished(b.page, 'UAT', 3);
    await openEnvironment(a.page, 'UAT');
    await publishButton(a.page).click();
    await a.page.getByRole('region', { name: 'What the service holds' }).getByText(/^The service holds revision 3, published at /).waitFor({ state: 'visible' });
    const held = await heldWith(receiver, bRequests, 'UAT');
    assert.equal(held.revision, '3', 'nothing was overwritten');
    assert.ok(!held.environment.users.some((u) => u.userId === 'dee'));

    assertOnlyExpectedProblems(a, receiver.url, { statuses: [412] });
    b.assertNoProblems();
  });
});

describe('adding what the service holds, no sign-in', () => {
  let receiver;
  const sessions = [];
  beforeEach(async () => {
    receiver = await startReceiver();
  });
  afterEach(async (t) => {
    for (const [i, s] of sessions.entries()) {
      await saveScreenshot(s.page, `teamwork-${t.name.slice(0, 40)}-${i}`);
      await s.context.close();
    }
    sessions.length = 0;
    await receiver.dispose();
  });

  test('a Key Vault reference of the same name with another URI: the conflict side by side, nothing added, until the service\'s is taken', async () => {
    await receiver.publishAsSomeoneElse(body('UAT', { uri: 'https://fabrikam-kv.vault.azure.net/' }));
    const s = await openSession(shared);
    sessions.push(s);
    const { page } = s;
    await gotoApp(s);
    // DEV uses ContosoKV, as this administrator knows it: another URI.
    const dev = JSON.parse(TEAM_WORKSPACE);
    dev.keyVaultReferences[0].certificates = [{ name: 'einvoicing-sas', description: '', type: 'secret' }];
    dev.keyVaultReferences[0].certificateChains = [];
    dev.environments[0].name = 'DEV';
    await importWorkspace(page, { text: JSON.stringify(dev), replace: true });
    await page.getByText('Workspace imported.').waitFor({ state: 'visible' });
    await useEndpoint(page, receiver.url);
    await checkTheService(page);
    await heldTable(page).getByRole('button', { name: 'Add UAT to this workspace' }).click();

    const conflicts = page.getByRole('table', { name: 'Conflicts of UAT' });
    await conflicts.waitFor({ state: 'visible' });
    const row = conflicts.getByRole('row').filter({ hasText: 'Key Vault reference ContosoKV' });
    const cells = (await row.locator('td').allInnerTexts()).map((t) => t.trim());
    assert.equal(cells[1], KV_URI, 'this workspace\'s URI');
    assert.equal(cells[2], 'https://fabrikam-kv.vault.azure.net/', "the service's URI");
    assert.equal(await environmentsTable(page).getByRole('button', { name: 'UAT', exact: true }).count(), 0, 'UAT was not added');
    await saveScreenshot(page, 'teamwork-conflict-side-by-side');
    const addUat = page.getByRole('button', { name: 'Add UAT', exact: true });
    assert.ok(await addUat.isDisabled(), 'Add waits for the conflict');

    await row.getByRole('button', { name: /^Take the service's/ }).click();
    await eventually(async () => (await conflicts.locator('tbody tr').count()) === 0, { what: 'the conflict to be resolved' });
    await addUat.click();
    await waitForStatus(page, 'UAT', 'Published');
    // DEV carries ContosoKV too: it is Not published, so nothing to flag.
    assert.equal(await statusOf(page, 'DEV'), 'Not published');
    s.assertNoProblems();
  });

  test('"Add all" on a fresh profile adds the three environments the service holds, each Published', async () => {
    for (const name of ['UAT', 'PROD', 'TEST']) await receiver.publishAsSomeoneElse(body(name));
    const s = await openSession(shared);
    sessions.push(s);
    const { page } = s;
    await gotoApp(s);
    await useEndpoint(page, receiver.url);
    await checkTheService(page);
    await heldTable(page).getByRole('row').filter({ hasText: 'TEST' }).waitFor({ state: 'visible' });
    assert.equal(await heldTable(page).locator('tbody tr').count(), 3);
    await page.getByRole('button', { name: 'Add all', exact: true }).click();
    for (const name of ['UAT', 'PROD', 'TEST']) await waitForStatus(page, name, 'Published');
    await eventually(async () => (await heldTable(page).count()) === 0, { what: 'the list of what is only on the service to empty' });
    await openEnvironment(page, 'PROD');
    assert.deepEqual(await listedUsers(page), ['ana']);
    s.assertNoProblems();
  });
});
