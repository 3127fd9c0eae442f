// End-to-end: "Try it with sample data" (issue 8). One action loads a
// realistic sample workspace into a separate, clearly marked workspace that
// never mixes with the administrator's own, and is never published.
//
//   trunk build --release && cargo build -p einvoicing-receiver
//   node --test tests/e2e/sample.test.mjs
//
// Steps 1–7 are one administrator's session in one browser context, in
// order (a step after a failed one fails at once, naming it): their own
// Key Vault reference and environment MINE, with the endpoint set to a real
// receiver; the sample opened from Settings and explored; an edit to it
// kept across a reload; Publish in the sample refused with nothing sent;
// back to their own workspace, byte for byte as it was; the sample again,
// with its edit; "Reset the sample". A last test checks the banner's
// contrast (axe, light and dark) and that nothing scrolls at 360 px.
//
// What this relies on in the app beyond console.mjs's list:
// - Settings: a section "Sample data" with a button "Try it with sample
//   data";
// - while the sample is open: a region "Sample workspace" at the top of
//   the page with SAMPLE_NOTICE and the buttons "Back to my workspace" and
//   "Reset the sample" (which asks, in an alertdialog "Confirm reset", "Yes,
//   reset the sample"); a "Sample" badge in the header; the tab's title
//   starting "Sample — ";
// - the sample is kept under localStorage "einvoicing-console/sample", and
//   the administrator's own under "einvoicing-console/workspace";
// - Publish in the sample shows SAMPLE_REFUSAL and sends nothing.

import { describe, test, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

import {
  useConsole,
  openSession,
  gotoApp,
  navigate,
  label,
  createReference,
  createEnvironment,
  useEndpoint,
  openEnvironment,
  environmentsTable,
  environmentForm,
  selectedText,
  certificatesGrid,
  chainsGrid,
  addUser,
  listedUsers,
  statusOf,
  publishRegion,
  publishButton,
  reloadWhenSettled,
  assertNoHorizontalScroll,
  saveScreenshot,
  eventually,
  STORAGE_KEY,
  storySteps,
} from './console.mjs';
import { useReceiver, recordRequests } from './receiver.mjs';

const shared = useConsole();
const service = useReceiver();

const SAMPLE_KEY = 'einvoicing-console/sample';
const SAMPLE_NOTICE =
  'You are exploring the sample workspace. It is kept apart from your own work and is never published.';
const SAMPLE_REFUSAL =
  'This is the sample workspace: it is never sent to a service. Go back to your own workspace to publish.';
const MINE = { reference: 'FabrikamKV', uri: 'https://fabrikam-einvoicing.vault.azure.net/', environment: 'MINE' };
const SAMPLE_USERS = ['adele.vance', 'diego.siciliani', 'megan.bowen'];
const SAMPLE_EDIT = 'nestor.wilke';

/** What localStorage holds under `key` once the last change is saved. */
async function stored(page, key) {
  return page.evaluate(async (k) => {
    for (let i = 0; i < 2; i += 1) {
      await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    }
    return localStorage.getItem(k);
  }, key);
}

function banner(page) {
  return page.getByRole('region', { name: 'Sample workspace' });
}

/** Settings → "Try it with sample data"; waits for the banner. */
async function openSample(page) {
  await navigate(page, 'Settings');
  await page.getByRole('region', { name: 'Sample data' }).getByRole('button', { name: 'Try it with sample data' }).click();
  await banner(page).waitFor({ state: 'visible' });
}

/** The banner's "Back to my workspace"; waits for the banner to go. */
async function backToMine(page) {
  await banner(page).getByRole('button', { name: 'Back to my workspace' }).click();
  await banner(page).waitFor({ state: 'detached' });
}

/** The environment names the list shows. */
async function listedEnvironments(page) {
  await navigate(page, 'Service environments');
  const table = environmentsTable(page);
  if (!(await table.isVisible())) return [];
  return (await table.locator('tbody tr td:first-child').allInnerTexts()).map((s) => s.trim());
}

/** The Key Vault reference names the list shows. */
async function listedReferences(page) {
  await navigate(page, 'Key Vault parameters');
  const table = page.getByRole('table', { name: 'Key Vault references' });
  if (!(await table.isVisible())) return [];
  return (await table.locator('tbody tr td:first-child').allInnerTexts()).map((s) => s.trim());
}

/** The sample's UAT, open: its users, as listed. */
async function sampleUatUsers(page) {
  await openEnvironment(page, 'UAT');
  await page.getByRole('table', { name: 'Users' }).waitFor({ state: 'visible' });
  return listedUsers(page);
}

describe('the sample workspace loads apart, is never published, and the own workspace is untouched', () => {
  let session;
  let requests; // every request the context sends to the receiver
  let elsewhere; // every request to neither the static server nor the receiver
  let ownText; // the own workspace as stored before the sample was opened
  const step = storySteps();

  afterEach(async (t) => {
    if (session) await saveScreenshot(session.page, `sample-${t.name}`);
  });
  after(async () => {
    await session?.context.close();
  });

  step('1. the administrator builds something of their own: a Key Vault reference, MINE, the endpoint', async () => {
    session = await openSession(shared);
    const receiver = service.receiver;
    await receiver.reset();
    requests = recordRequests(session.context, receiver.url);
    elsewhere = [];
    session.context.on('request', (req) => {
      const url = req.url();
      if (!url.startsWith(shared.server.url) && !url.startsWith(receiver.url)) elsewhere.push(`${req.method()} ${url}`);
    });
    const { page } = session;
    await gotoApp(session, '/#/key-vaults');
    assert.equal(await banner(page).count(), 0, 'no sample banner in the own workspace');
    await createReference(page, { name: MINE.reference, uri: MINE.uri });
    await createEnvironment(page, { name: MINE.environment });
    await useEndpoint(page, receiver.url);
    ownText = await stored(page, STORAGE_KEY);
    assert.ok(ownText?.includes(MINE.environment) && ownText.includes(MINE.reference), 'the own workspace is stored');
    assert.equal(await stored(page, SAMPLE_KEY), null, 'no sample stored yet');
    session.assertNoProblems();
  });

  step('2. "Try it with sample data": a clearly marked sample with everything the issue lists, and nothing of MINE', async () => {
    const { page } = session;
    await openSample(page);
    assert.equal((await banner(page).innerText()).includes(SAMPLE_NOTICE), true, 'the banner says what this is');
    await banner(page).getByRole('button', { name: 'Back to my workspace' }).waitFor({ state: 'visible' });
    await banner(page).getByRole('button', { name: 'Reset the sample' }).waitFor({ state: 'visible' });
    await page.locator('header').getByText('Sample', { exact: true }).waitFor({ state: 'visible' });
    assert.match(await page.title(), /^Sample — /);

    // Environments: UAT and PROD, never MINE; the banner is on every page.
    assert.deepEqual(await listedEnvironments(page), ['UAT', 'PROD']);
    await banner(page).waitFor({ state: 'visible' });

    // Key Vault parameters: ContosoKV with its SAS secret and its chain,
    // root first; not the administrator's own reference.
    assert.deepEqual(await listedReferences(page), ['ContosoKV']);
    await banner(page).waitFor({ state: 'visible' });
    await page.getByRole('table', { name: 'Key Vault references' }).getByRole('button', { name: 'ContosoKV', exact: true }).click();
    const grid = certificatesGrid(page);
    const sas = grid.getByRole('row').filter({ hasText: 'contoso-storage-sas' });
    await sas.waitFor({ state: 'visible' });
    assert.match(await sas.innerText(), /\bSecret\b/);
    const chain = chainsGrid(page).getByRole('row').filter({ hasText: 'contoso-signing-chain' });
    assert.match(await chain.innerText(), /contoso-root-ca › contoso-issuing-ca › contoso-einvoice-signing/);
    assert.match(await grid.getByRole('row').filter({ hasText: 'contoso-root-ca' }).innerText(), /contoso-signing-chain/);

    // UAT: the SAS secret, users, an application, number sequences.
    assert.deepEqual(await sampleUatUsers(page), SAMPLE_USERS);
    assert.equal(
      await selectedText(environmentForm(page).getByLabel(label('Storage SAS token secret'))),
      'ContosoKV/contoso-storage-sas',
    );
    assert.equal(await page.getByRole('table', { name: 'Applications' }).locator('tbody tr').count(), 1);
    const sequences = await page.getByRole('table', { name: 'Number sequences' }).innerText();
    assert.match(sequences, /INV-UAT/);
    assert.match(sequences, /CRN-UAT/);

    // The connected Finance instance.
    await navigate(page, 'Connected applications');
    await page.getByRole('table', { name: 'Connected applications' }).getByText('Contoso Finance UAT').waitFor({ state: 'visible' });

    // Stored apart; the own workspace is as it was.
    assert.ok((await stored(page, SAMPLE_KEY))?.includes('contoso-storage-sas'), 'the sample is stored under its own key');
    assert.equal(await stored(page, STORAGE_KEY), ownText, 'the own workspace is untouched');
    session.assertNoProblems();
  });

  step('3. an edit to the sample is kept across a reload, which stays in the sample', async () => {
    const { page } = session;
    await openEnvironment(page, 'UAT');
    await addUser(page, SAMPLE_EDIT, `${SAMPLE_EDIT}@contoso.com`);
    await eventually(async () => (await listedUsers(page)).includes(SAMPLE_EDIT), { what: `${SAMPLE_EDIT} to be listed` });
    await stored(page, SAMPLE_KEY);
    await reloadWhenSettled(page);
    await banner(page).waitFor({ state: 'visible' });
    assert.match(await page.title(), /^Sample — /);
    assert.deepEqual(await sampleUatUsers(page), [...SAMPLE_USERS, SAMPLE_EDIT]);
    assert.equal(await stored(page, STORAGE_KEY), ownText, 'the own workspace is untouched');
    session.assertNoProblems();
  });

  step('4. Publish in the sample is refused in the page, even with an endpoint chosen: the receiver sees nothing', async () => {
    const { page } = session;
    // The sample's own settings may point at the receiver; it still sends nothing.
    await useEndpoint(page, service.receiver.url);
    await openEnvironment(page, 'UAT');
    await publishButton(page).click();
    const refusal = publishRegion(page).getByRole('alert');
    await refusal.waitFor({ state: 'visible' });
    assert.match(await refusal.innerText(), new RegExp(SAMPLE_REFUSAL.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    assert.equal(await statusOf(page, 'UAT'), 'Not published');
    await page.waitForLoadState('networkidle');
    assert.deepEqual(await requests(), [], 'no request reached the receiver');
    assert.deepEqual(elsewhere, [], 'no request went anywhere but the page itself');
    assert.equal((await service.receiver.stats()).applied.uat ?? 0, 0);
    session.assertNoProblems();
  });

  step('5. "Back to my workspace": MINE is there, the sample is not, and the stored own workspace is byte for byte the same', async () => {
    const { page } = session;
    await backToMine(page);
    assert.doesNotMatch(await page.title(), /Sample/);
    assert.equal(await page.locator('header').getByText('Sample', { exact: true }).count(), 0);
    assert.deepEqual(await listedEnvironments(page), [MINE.environment]);
    assert.deepEqual(await listedReferences(page), [MINE.reference]);
    await navigate(page, 'Settings');
    await page.getByText(`In use: ${service.receiver.url}`).waitFor({ state: 'visible' });
    assert.equal(await stored(page, STORAGE_KEY), ownText, 'the own workspace is byte for byte as it was');
    // A reload stays in the own workspace.
    await reloadWhenSettled(page);
    assert.equal(await banner(page).count(), 0);
    assert.deepEqual(await listedEnvironments(page), [MINE.environment]);
    session.assertNoProblems();
  });

  step('6. the sample, opened again, still has the earlier edit', async () => {
    const { page } = session;
    await openSample(page);
    assert.deepEqual(await sampleUatUsers(page), [...SAMPLE_USERS, SAMPLE_EDIT]);
    session.assertNoProblems();
  });

  step('7. "Reset the sample" asks, then restores it fresh; the own workspace is still untouched', async () => {
    const { page } = session;
    await banner(page).getByRole('button', { name: 'Reset the sample' }).click();
    const question = page.getByRole('alertdialog', { name: 'Confirm reset' });
    await question.waitFor({ state: 'visible' });
    // Cancel first: nothing changes.
    await question.getByRole('button', { name: 'Cancel' }).click();
    await question.waitFor({ state: 'detached' });
    assert.deepEqual(await sampleUatUsers(page), [...SAMPLE_USERS, SAMPLE_EDIT]);

    await banner(page).getByRole('button', { name: 'Reset the sample' }).click();
    await question.getByRole('button', { name: 'Yes, reset the sample' }).click();
    await banner(page).waitFor({ state: 'visible' });
    await eventually(async () => !(await stored(page, SAMPLE_KEY)).includes(SAMPLE_EDIT), { what: 'the stored sample to be fresh' });
    assert.deepEqual(await sampleUatUsers(page), SAMPLE_USERS);
    assert.deepEqual(await listedEnvironments(page), ['UAT', 'PROD']);

    await backToMine(page);
    assert.deepEqual(await listedEnvironments(page), [MINE.environment]);
    assert.equal(await stored(page, STORAGE_KEY), ownText, 'the own workspace is byte for byte as it was');
    assert.deepEqual(await requests(), [], 'no request reached the receiver');
    session.assertNoProblems();
  });
});

// ---- Clearly marked, in both colour schemes and at 360 px -----------------------

const require = createRequire(import.meta.url);
const AXE_SOURCE = `${readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')}\n;void 0;`;

/** axe's color-contrast on the banner and the header: the violations' summaries. */
async function contrastViolations(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const results = await window.axe.run(
      { include: [['.sample-banner'], ['.app-header']] },
      { runOnly: { type: 'rule', values: ['color-contrast'] } },
    );
    return results.violations.flatMap((v) => v.nodes.map((n) => `${n.target}: ${n.failureSummary}`));
  });
}

for (const colorScheme of ['light', 'dark']) {
  test(`the banner and the badge (${colorScheme}): readable, and nothing scrolls at 360 px`, async () => {
    const session = await openSession(shared, { colorScheme });
    const { page } = session;
    try {
      await gotoApp(session, '/#/settings');
      await openSample(page);
      assert.deepEqual(await contrastViolations(page), []);
      // The banner stands out from the page.
      const [bannerBg, pageBg] = await page.evaluate(() => [
        getComputedStyle(document.querySelector('.sample-banner')).backgroundColor,
        getComputedStyle(document.body).backgroundColor,
      ]);
      assert.notEqual(bannerBg, pageBg);
      await page.setViewportSize({ width: 360, height: 800 });
      for (const where of ['Settings', 'Service environments', 'Key Vault parameters']) {
        await navigate(page, where);
        await banner(page).waitFor({ state: 'visible' });
        await assertNoHorizontalScroll(page, `${where} in the sample (${colorScheme}, 360 px)`);
      }
      await banner(page).getByRole('button', { name: 'Reset the sample' }).click();
      await page.getByRole('alertdialog', { name: 'Confirm reset' }).waitFor({ state: 'visible' });
      await assertNoHorizontalScroll(page, `the reset question (${colorScheme}, 360 px)`);
      session.assertNoProblems();
    } finally {
      await saveScreenshot(page, `sample-marked-${colorScheme}`);
      await session.context.close();
    }
  });
}
