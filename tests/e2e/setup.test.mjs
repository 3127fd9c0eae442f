// End-to-end: the Set-up page (the checklist a first visit lands on), in the
// release build, in Chromium, publishing to the local development receiver.
//
//   trunk build --release && cargo build -p einvoicing-receiver
//   node --test tests/e2e/setup.test.mjs
//
// A fresh browser profile sees every item not done; the administrator
// follows the links, builds UAT and PROD, a certificate and a connected
// application, publishes, ticks the vault's access, and each item reads
// done, through a reload. The vault's item gives, once a Key Vault
// reference exists, the Azure CLI commands with the vault's name filled in,
// and Copy puts them on the clipboard. What the items say is read as a
// person reads it:
// the step's heading ends with its state ("Done", "Not done", "Optional,
// not done"), each check starts with its own.

import { describe, test, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';

import {
  useConsole,
  openSession,
  gotoApp,
  navigate,
  label,
  typeLikeAPerson,
  createReference,
  addEntry,
  createEnvironment,
  addUser,
  useEndpoint,
  openEnvironment,
  publishButton,
  waitForPublished,
  assertNoHorizontalScroll,
  saveScreenshot,
  eventually,
} from './console.mjs';
import { useReceiver } from './receiver.mjs';

const shared = useConsole();
const service = useReceiver();

const STATES = ['Optional, not done', 'Not done', 'Done'];

/** Every step as shown: [{ section, title, state, checks: [{ state, text }] }]. */
async function checklist(page) {
  const region = page.getByRole('region', { name: 'Set-up' });
  await region.waitFor({ state: 'visible' });
  return region.evaluate((root) => {
    const out = [];
    let section = '';
    for (const el of root.querySelectorAll('h3, li.step')) {
      if (el.tagName === 'H3') {
        section = el.textContent.trim();
        continue;
      }
      const heading = el.querySelector('h4').innerText.replace(/\s+/g, ' ').trim();
      const checks = [...el.querySelectorAll('li.setup-check')].map((c) => ({
        state: c.querySelector('.check-state').innerText.replace(/^\W+\s*/, '').trim(),
        text: c.querySelector('.check-text').innerText.replace(/\s+/g, ' ').trim(),
      }));
      out.push({ section, heading, checks });
    }
    return out;
  }).then((steps) =>
    steps.map(({ section, heading, checks }) => {
      const state = STATES.find((s) => heading.endsWith(` ${s}`));
      assert.ok(state, `the step "${heading}" says its state`);
      const title = heading.slice(0, -state.length).replace(/^\d+\.\s*/, '').trim();
      return { section, title, state, checks };
    }),
  );
}

async function stateOf(page, title) {
  const step = (await checklist(page)).find((s) => s.title === title);
  assert.ok(step, `a step "${title}" is listed`);
  return step.state;
}

async function waitForState(page, title, state) {
  await eventually(async () => (await stateOf(page, title)) === state, { what: `"${title}" to read ${state}` });
}

function progress(page) {
  return page.getByRole('region', { name: 'Set-up' }).getByRole('status').first();
}

function stepItem(page, title) {
  return page.locator('li.step').filter({ has: page.getByRole('heading', { name: new RegExp(`^\\d+\\. ${title} `) }) });
}

async function goHome(page) {
  await navigate(page, 'Set-up');
  await page.getByRole('heading', { name: 'Set-up', level: 2 }).waitFor({ state: 'visible' });
}

describe('the Set-up checklist', () => {
  let session;
  beforeEach(async () => {
    await service.receiver.reset();
  });
  afterEach(async (t) => {
    if (session) {
      await saveScreenshot(session.page, `setup-${t.name}`);
      await session.context.close();
      session = undefined;
    }
  });

  test('a fresh profile lands on the checklist with nothing done, every item linking to the page that does it', async () => {
    session = await openSession(shared);
    const { page } = session;
    await gotoApp(session, '/');
    await page.getByRole('heading', { name: 'Set-up', level: 2 }).waitFor({ state: 'visible' });
    assert.equal(
      await page.getByRole('navigation').getByRole('link', { name: 'Set-up' }).getAttribute('aria-current'),
      'page',
      'the first visit lands on Set-up',
    );
    assert.equal(await progress(page).innerText(), '0 of 4 required items done.');

    const steps = await checklist(page);
    assert.deepEqual(
      steps.map((s) => [s.section, s.title, s.state]),
      [
        ['Before you start, in Azure', 'A Key Vault', 'Not done'],
        ['Before you start, in Azure', 'A storage account, its SAS URL kept as a Key Vault secret', 'Not done'],
        ['Before you start, in Azure', 'The service may read the vault', 'Not done'],
        ['Then, in this console', 'Create a service environment', 'Not done'],
        ['Then, in this console', 'Add certificates and secrets', 'Optional, not done'],
        ['Then, in this console', 'Configure connected applications', 'Optional, not done'],
      ],
      "the Azure prerequisites, then the seeds' three steps in their order",
    );
    for (const step of steps) {
      for (const check of step.checks) {
        assert.ok(['Not done', 'Recommended'].includes(check.state), `${step.title}: "${check.text}" is not done`);
      }
    }
    const env = steps.find((s) => s.title === 'Create a service environment');
    assert.deepEqual(
      env.checks.map((c) => c.state),
      ['Not done', 'Not done', 'Not done', 'Not done', 'Recommended'],
      'the best practice (UAT and PROD) is a recommendation',
    );
    assert.match(env.checks[4].text, /At least two environments, such as UAT and PROD/);

    // Each step links to its page; the help says what people get wrong.
    const links = await page.getByRole('region', { name: 'Set-up' }).locator('.step-link a').evaluateAll((as) =>
      as.map((a) => [a.textContent, a.getAttribute('href')]),
    );
    assert.deepEqual(links, [
      ['Open Key Vault parameters', '#/key-vaults'],
      ['Open Key Vault parameters', '#/key-vaults'],
      ['Open Service environments', '#/environments'],
      ['Open Key Vault parameters', '#/key-vaults'],
      ['Open Connected applications', '#/connected-applications'],
    ]);
    const sas = stepItem(page, 'A storage account, its SAS URL kept as a Key Vault secret');
    assert.match(await sas.innerText(), /enter only the secret's name: never the token itself/);

    await stepItem(page, 'Create a service environment').getByRole('link', { name: 'Open Service environments' }).first().click();
    await page.getByRole('heading', { name: 'Service environments', level: 2 }).waitFor({ state: 'visible' });
    await page.getByText('No service environments yet').waitFor({ state: 'visible' });
    await assertNoHorizontalScroll(page, 'Set-up');
    session.assertNoProblems();
  });

  test('after creating the objects, each step reads done, through a reload; a missing piece names the object and opens it', async () => {
    const receiver = service.receiver;
    session = await openSession(shared);
    const { page } = session;
    await gotoApp(session, '/');
    await useEndpoint(page, receiver.url);

    await createReference(page, { name: 'ContosoKV', uri: 'https://contoso-einvoicing.vault.azure.net/' });
    await goHome(page);
    assert.equal(await stateOf(page, 'A Key Vault'), 'Done');
    const keyVault = (await checklist(page)).find((s) => s.title === 'A Key Vault');
    assert.match(keyVault.checks[0].text, /ContosoKV: https:\/\/contoso-einvoicing\.vault\.azure\.net\//);
    assert.equal(await stateOf(page, 'A storage account, its SAS URL kept as a Key Vault secret'), 'Not done');

    // The check's own link opens the reference that needs the secret.
    await stepItem(page, 'A storage account, its SAS URL kept as a Key Vault secret').getByRole('link', { name: 'Open ContosoKV' }).click();
    await eventually(async () => (await page.evaluate(() => location.hash)) === '#/key-vaults/ContosoKV', { what: 'the reference to open' });
    await addEntry(page, { name: 'contoso-sas', type: 'Secret' });
    await addEntry(page, { name: 'signing', type: 'Certificate' });

    await createEnvironment(page, { name: 'UAT' });
    await goHome(page);
    const env = (await checklist(page)).find((s) => s.title === 'Create a service environment');
    assert.equal(env.state, 'Not done');
    assert.deepEqual(env.checks.slice(1, 4).map((c) => [c.state, c.text.split(' Open ')[0]]), [
      ['Not done', 'Every environment has its Storage SAS token secret Not chosen yet: UAT'],
      ['Not done', 'Every environment lists the users who may submit through it No users yet: UAT'],
      ['Not done', 'Every environment is published (Finance reaches only published ones) UAT (Not published)'],
    ]);
    await stepItem(page, 'Create a service environment').getByRole('link', { name: 'Open UAT' }).first().click();
    const form = page.getByRole('form', { name: 'Service environment', exact: true });
    await form.getByLabel(label('Storage SAS token secret')).selectOption({ label: 'ContosoKV/contoso-sas' });
    await form.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText("Service environment 'UAT' saved.").waitFor({ state: 'visible' });
    await addUser(page, 'ana', 'ana@contoso.com');
    await page.getByText("User 'ana' added.").waitFor({ state: 'visible' });
    await publishButton(page).click();
    await waitForPublished(page, 'UAT', 1);

    await createEnvironment(page, { name: 'PROD', secret: 'ContosoKV/contoso-sas' });
    await addUser(page, 'ana', 'ana@contoso.com');
    await page.getByText("User 'ana' added.").waitFor({ state: 'visible' });
    await publishButton(page).click();
    await waitForPublished(page, 'PROD', 1);

    await navigate(page, 'Connected applications');
    await page.getByRole('button', { name: 'New', exact: true }).click();
    const app = page.getByRole('form', { name: 'New connected application' });
    await typeLikeAPerson(app.getByLabel(label('Name')), 'Contoso Finance UAT');
    await typeLikeAPerson(app.getByLabel(label('Application')), 'https://contoso-uat.operations.dynamics.com/');
    await typeLikeAPerson(app.getByLabel(label('Tenant')), 'contoso.onmicrosoft.com');
    await app.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('group', { name: 'Service environments' }).getByRole('checkbox', { name: 'UAT' }).check();

    await goHome(page);
    const steps = await checklist(page);
    assert.deepEqual(
      steps.map((s) => [s.title, s.state]),
      [
        ['A Key Vault', 'Done'],
        ['A storage account, its SAS URL kept as a Key Vault secret', 'Done'],
        ['The service may read the vault', 'Not done'],
        ['Create a service environment', 'Done'],
        ['Add certificates and secrets', 'Done'],
        ['Configure connected applications', 'Done'],
      ],
    );
    assert.equal(await progress(page).innerText(), '3 of 4 required items done.');
    const envDone = steps.find((s) => s.title === 'Create a service environment');
    assert.deepEqual(envDone.checks.map((c) => c.state), ['Done', 'Done', 'Done', 'Done', 'Done']);
    assert.match(envDone.checks[0].text, /UAT, PROD/);

    // The vault's access is the administrator's word: a checkbox, kept in this browser.
    const box = page.getByRole('checkbox', { name: /has Get and List access to the vault/ });
    await box.focus();
    await page.keyboard.press('Space');
    await waitForState(page, 'The service may read the vault', 'Done');
    assert.ok(await box.evaluate((el) => el === document.activeElement), 'the focus stays on the checkbox');
    await eventually(async () => (await progress(page).innerText()) === 'Set-up complete: all 4 required items are done.', {
      what: 'the set-up to read complete',
    });

    await page.reload({ waitUntil: 'load' });
    assert.deepEqual(
      (await checklist(page)).map((s) => s.state),
      ['Done', 'Done', 'Done', 'Done', 'Done', 'Done'],
      'a reload keeps every item done',
    );
    assert.equal(await box.isChecked(), true);

    // An edit after publishing undoes "published" until it is published again.
    await openEnvironment(page, 'UAT');
    await addUser(page, 'ben', 'ben@contoso.com');
    await page.getByText("User 'ben' added.").waitFor({ state: 'visible' });
    await goHome(page);
    const changed = (await checklist(page)).find((s) => s.title === 'Create a service environment');
    assert.equal(changed.state, 'Not done');
    assert.match(changed.checks[3].text, /UAT \(Changed\)/);
    assert.equal((await service.receiver.stats()).applied.uat, 1);
    session.assertNoProblems();
  });

  test("the vault's access is something to do: the Set-up page's commands carry the vault's name, and Copy puts them on the clipboard", async () => {
    session = await openSession(shared, { permissions: ['clipboard-read', 'clipboard-write'] });
    const { page } = session;
    await gotoApp(session, '/');
    const item = stepItem(page, 'The service may read the vault');
    await item.getByText('Add a Key Vault reference first').waitFor({ state: 'visible' });
    assert.equal(
      await item.getByRole('link', { name: 'Open Key Vault parameters' }).getAttribute('href'),
      '#/key-vaults',
      'without a vault, where to add one',
    );
    assert.equal(await item.getByRole('button', { name: /^Copy/ }).count(), 0);

    await createReference(page, { name: 'ContosoKV', uri: 'https://contoso-einvoicing.vault.azure.net/' });
    await goHome(page);
    const vault = item.getByRole('group', { name: 'Commands for contoso-einvoicing' });
    await vault.waitFor({ state: 'visible' });
    assert.match(await vault.innerText(), /named by ContosoKV/);
    const app = 'ecd93392-c922-4f48-9ddf-10741e4a9b65';
    const commands = await vault.locator('pre').allInnerTexts();
    assert.equal(commands.length, 4, JSON.stringify(commands));
    assert.match(commands[0], /^az keyvault show --name contoso-einvoicing \\\n/);
    assert.equal(commands[1], `az ad sp create --id ${app}`);
    assert.equal(
      commands[2],
      `az keyvault set-policy --name contoso-einvoicing \\\n  --spn ${app} \\\n  --secret-permissions get list \\\n  --certificate-permissions get list`,
    );
    assert.match(commands[3], /^VAULT_ID=\$\(az keyvault show --name contoso-einvoicing --query id --output tsv\) &&\n/);
    assert.match(commands[3], /--role "Key Vault Secrets User"/);
    assert.match(commands[3], /--role "Key Vault Certificate User"/);

    // Copy puts exactly what is shown on the clipboard, and says so.
    for (const [label, shown] of [
      ['Copy the access-policy command for contoso-einvoicing', commands[2]],
      ['Copy the role-assignment commands for contoso-einvoicing', commands[3]],
    ]) {
      const copy = vault.getByRole('button', { name: label, exact: true });
      await copy.click();
      await copy.locator('xpath=..').getByRole('status').filter({ hasText: 'Copied.' }).waitFor({ state: 'visible' });
      assert.equal(await page.evaluate(() => navigator.clipboard.readText()), shown, label);
    }

    // Doing it is not ticking it: the box stays the administrator's word.
    assert.equal(await stateOf(page, 'The service may read the vault'), 'Not done');
    assert.equal(await page.getByRole('checkbox', { name: /has Get and List access to the vault/ }).isChecked(), false);

    // A phone's width: the commands wrap, the page does not scroll sideways.
    await page.setViewportSize({ width: 360, height: 800 });
    await assertNoHorizontalScroll(page, 'Set-up with the commands, 360 px wide');
    session.assertNoProblems();
  });

  test('"Try it with sample data" from Set-up: the sample\'s checklist reads the sample, and the vault box is kept per workspace', async () => {
    session = await openSession(shared);
    const { page } = session;
    await gotoApp(session, '/');
    const box = page.getByRole('checkbox', { name: /has Get and List access to the vault/ });
    await box.check();
    await waitForState(page, 'The service may read the vault', 'Done');

    await page.getByRole('button', { name: 'Try it with sample data' }).click();
    await page.getByRole('region', { name: 'Sample workspace' }).waitFor({ state: 'visible' });
    await page.getByRole('heading', { name: 'Set-up', level: 2 }).waitFor({ state: 'visible' });
    const sample = await checklist(page);
    assert.deepEqual(
      sample.map((s) => [s.title, s.state]),
      [
        ['A Key Vault', 'Done'],
        ['A storage account, its SAS URL kept as a Key Vault secret', 'Done'],
        ['The service may read the vault', 'Not done'],
        ['Create a service environment', 'Not done'],
        ['Add certificates and secrets', 'Done'],
        ['Configure connected applications', 'Done'],
      ],
      "the sample's own objects; its vault box is its own, unticked",
    );
    const env = sample.find((s) => s.title === 'Create a service environment');
    assert.match(env.checks[3].text, /UAT \(Not published\), PROD \(Not published\)/, 'the sample is never published');
    assert.equal(env.checks[4].state, 'Done', 'UAT and PROD');
    assert.equal(await box.isChecked(), false);

    await page.getByRole('region', { name: 'Sample workspace' }).getByRole('button', { name: 'Back to my workspace' }).click();
    await eventually(async () => (await page.getByRole('region', { name: 'Sample workspace' }).count()) === 0, { what: 'the sample banner to go' });
    await navigate(page, 'Set-up');
    assert.deepEqual(
      (await checklist(page)).map((s) => s.state),
      ['Not done', 'Not done', 'Done', 'Not done', 'Optional, not done', 'Optional, not done'],
      'your own checklist, your own box',
    );
    session.assertNoProblems();
  });
});
