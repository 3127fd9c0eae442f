// Accessibility: axe-core (the pinned npm package) on every page and state of
// the release build worth checking, in Chromium.
//
//   trunk build --release && node --test tests/e2e/accessibility.test.mjs
//
// Each state is reached the way an administrator reaches it (clicks, typing;
// the Published and Changed statuses, which need Publish, through Settings'
// "Import workspace" with a file holding published snapshots, as
// docs/workspace-file.md describes), then checked three ways,
// each its own subtest so that one failing does not hide the others:
// - axe, light mode, 1280 px: rule sets wcag2a, wcag2aa, wcag21a, wcag21aa and
//   best-practice; 0 violations;
// - dark mode (prefers-color-scheme: dark): axe's color-contrast; 0 violations;
// - 360 px wide: no horizontal scrolling (document.documentElement.scrollWidth
//   at most 360 and at most its clientWidth).
// A failure lists each violation's rule id, impact, help text and the failing
// nodes (their selector and axe's summary), or the elements that stick out.
//
// axe is injected with page.evaluate (the DevTools protocol's
// Runtime.evaluate), not page.addScriptTag: addScriptTag inserts an inline
// <script>, which a Content-Security-Policy without 'unsafe-inline' refuses
// (Chromium then logs a console error and addScriptTag throws); evaluate is
// not subject to the page's CSP, so these tests keep working when the app
// gets one, and the app's CSP stays on (no bypassCSP).
//
// Like every end-to-end test, each fails on any console error, uncaught page
// error or failed request, and leaves a screenshot in tests/e2e/artifacts/.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

import {
  useConsole,
  openSession,
  gotoApp,
  navigate,
  label,
  typeLikeAPerson,
  assertInvalidWith,
  createReference,
  addEntry,
  addChain,
  chainsGrid,
  certificatesGrid,
  createEnvironment,
  environmentForm,
  addUser,
  importWorkspace,
  download,
  saveScreenshot,
  eventually,
  horizontalOverflow,
  STORAGE_KEY,
} from './console.mjs';

const require = createRequire(import.meta.url);
const AXE_PATH = require.resolve('axe-core/axe.min.js');
const AXE_VERSION = require('axe-core/package.json').version;
// Evaluated as a script; `void 0` so that nothing is sent back.
const AXE_SOURCE = `${readFileSync(AXE_PATH, 'utf8')}\n;void 0;`;

const RULE_SETS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
const LIGHT = { width: 1280, height: 900 };
const NARROW = { width: 360, height: 800 };

const shared = useConsole();

// ---- axe ---------------------------------------------------------------------

async function injectAxe(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
    await page.evaluate(AXE_SOURCE);
  }
  assert.equal(await page.evaluate(() => window.axe?.version), AXE_VERSION, 'axe-core is loaded in the page');
}

/** Runs axe on the whole document; returns what a report needs. */
async function runAxe(page, runOnly) {
  await injectAxe(page);
  return page.evaluate(async (only) => {
    // Where a node sits, in words: its table row or list item, and its section's heading.
    const where = (target) => {
      const el = typeof target[0] === 'string' ? document.querySelector(target[0]) : null;
      if (!el) return '';
      const short = (t) => (t || '').trim().replace(/\s+/g, ' ').slice(0, 80);
      const item = el.closest('tr, li');
      const section = el.closest('section, form, main');
      const heading = section?.querySelector('h1, h2, h3, h4, h5');
      return [item && `in ${item.tagName.toLowerCase()} "${short(item.innerText)}"`, heading && `under "${short(heading.textContent)}"`]
        .filter(Boolean)
        .join(', ');
    };
    const results = await window.axe.run(document, { runOnly: only, resultTypes: ['violations', 'incomplete', 'passes'] });
    const brief = (list) =>
      list.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        helpUrl: v.helpUrl,
        nodes: v.nodes.map((n) => ({
          target: n.target.join(' '),
          html: n.html.length > 160 ? `${n.html.slice(0, 160)}…` : n.html,
          summary: n.failureSummary || '',
          where: where(n.target),
        })),
      }));
    return {
      violations: brief(results.violations),
      incomplete: brief(results.incomplete),
      passes: results.passes.length,
      // How many elements each passing rule checked.
      checked: Object.fromEntries(results.passes.map((p) => [p.id, p.nodes.length])),
    };
  }, runOnly);
}

function formatViolations(violations, where) {
  const lines = [`${violations.length} axe violation(s) ${where}:`];
  for (const v of violations) {
    lines.push(`- ${v.id} (${v.impact}): ${v.help} [${v.helpUrl}]`);
    for (const n of v.nodes) {
      lines.push(`    ${n.target}${n.where ? `  (${n.where})` : ''}`);
      lines.push(`      ${n.html}`);
      for (const s of n.summary.split('\n').filter(Boolean)) lines.push(`      ${s.trim()}`);
    }
  }
  return lines.join('\n');
}

/**
 * The three checks of one state, as subtests of `t`. `reach` has brought the
 * page to the state; the checks leave it in light mode at 1280 px.
 */
async function checkState(t, page) {
  await t.test(`axe ${RULE_SETS.join(', ')} (light, ${LIGHT.width} px): no violations`, async (st) => {
    const { violations, incomplete, passes } = await runAxe(page, { type: 'tag', values: RULE_SETS });
    st.diagnostic(`axe ${AXE_VERSION}: ${passes} rules pass, ${violations.length} violated, ${incomplete.length} to review`);
    for (const i of incomplete) st.diagnostic(`to review: ${i.id} (${i.nodes.length} node(s)): ${i.nodes.map((n) => n.target).join(', ')}`);
    assert.equal(violations.length, 0, formatViolations(violations, `(light, ${LIGHT.width} px)`));
  });

  await t.test('color-contrast in dark mode: no violations', async (st) => {
    await page.emulateMedia({ colorScheme: 'dark' });
    try {
      assert.equal(
        await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches),
        true,
        'the page sees prefers-color-scheme: dark',
      );
      const { violations, incomplete, checked } = await runAxe(page, { type: 'rule', values: ['color-contrast'] });
      for (const i of incomplete) st.diagnostic(`to review: ${i.id}: ${i.nodes.map((n) => n.target).join(', ')}`);
      assert.equal(violations.length, 0, formatViolations(violations, '(dark mode)'));
      assert.ok(checked['color-contrast'] > 0, 'color-contrast found text to check');
      st.diagnostic(`color-contrast checked ${checked['color-contrast']} element(s)`);
    } finally {
      await page.emulateMedia({ colorScheme: 'light' });
    }
  });

  await t.test(`${NARROW.width} px wide: nothing scrolls horizontally`, async () => {
    await page.setViewportSize(NARROW);
    try {
      const { scrollWidth, clientWidth, culprits } = await horizontalOverflow(page);
      const why = `scrollWidth ${scrollWidth} px, clientWidth ${clientWidth} px; sticking out:\n  ${culprits.join('\n  ') || '(none found)'}`;
      assert.ok(scrollWidth <= NARROW.width, `the page is wider than ${NARROW.width} px: ${why}`);
      assert.ok(scrollWidth <= clientWidth, `the page scrolls horizontally: ${why}`);
    } finally {
      await page.setViewportSize(LIGHT);
    }
  });
}

/** A test for one state: a fresh context, `reach(page, session)`, the three checks, no problems. */
function state(name, reach) {
  test(name, async (t) => {
    const session = await openSession(shared, { viewport: LIGHT });
    const { page } = session;
    try {
      await reach(page, session);
      await checkState(t, page);
      session.assertNoProblems();
    } finally {
      // (Not in an afterEach: a file-level afterEach also runs after each subtest.)
      await saveScreenshot(page, `accessibility-${name}`);
      await session.context.close();
    }
  });
}

// ---- The checks catch what they should --------------------------------------------

test('the checks themselves catch a planted violation, in both colour schemes and at 360 px', async () => {
  const session = await openSession(shared, { viewport: LIGHT });
  const { page } = session;
  try {
    await gotoApp(session, '/#/key-vaults');
    await page.evaluate(() => {
      // Built with DOM calls and CSSOM styles: the page's Content Security
      // Policy refuses style attributes and data: images.
      const planted = document.createElement('div');
      planted.id = 'planted';
      const img = document.createElement('img');
      Object.assign(img, { src: '/icon.svg', width: 20, height: 20 });
      const low = document.createElement('p');
      low.textContent = 'Low contrast';
      Object.assign(low.style, { color: '#777', background: '#888' });
      const wide = document.createElement('p');
      wide.textContent = 'Wide';
      wide.style.width = '500px';
      const long = document.createElement('p');
      long.textContent = 'Averyveryveryveryveryveryveryveryveryveryveryverylongword';
      planted.append(img, low, wide, long);
      document.querySelector('main').append(planted);
    });
    const light = await runAxe(page, { type: 'tag', values: RULE_SETS });
    const ids = light.violations.map((v) => v.id);
    assert.ok(ids.includes('image-alt') && ids.includes('color-contrast'), `axe reports the planted violations: ${ids}`);
    assert.match(formatViolations(light.violations, '(planted)'), /image-alt \(critical\)[^]*<img src="\/icon\.svg"/);
    await page.emulateMedia({ colorScheme: 'dark' });
    const dark = await runAxe(page, { type: 'rule', values: ['color-contrast'] });
    assert.deepEqual(dark.violations.map((v) => v.id), ['color-contrast']);
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize(NARROW);
    const overflow = await horizontalOverflow(page);
    assert.ok(overflow.scrollWidth > NARROW.width, 'the planted wide element makes the page scroll');
    assert.ok(overflow.culprits.some((c) => c.startsWith('box') && c.includes('"Wide"')), overflow.culprits.join('\n'));
    assert.ok(overflow.culprits.some((c) => c.startsWith('text') && c.includes('Averyvery')), overflow.culprits.join('\n'));
    session.assertNoProblems();
  } finally {
    await session.context.close();
  }
});

// ---- Workspace files for the states reached by import --------------------------

const REFERENCE = {
  name: 'ContosoKV',
  description: '',
  uri: 'https://contoso-einvoicing.vault.azure.net/',
  certificates: [{ name: 'einvoicing-sas', description: '', type: 'secret' }],
};

const SAS = { keyVaultReference: 'ContosoKV', secretName: 'einvoicing-sas' };
const SNAPSHOT_SAS = { ...SAS, keyVaultUri: 'https://contoso-einvoicing.vault.azure.net/' };

/**
 * Three environments, one per status: UAT published with Ana and since
 * changed (new description, Ben added): Changed; PROD as published:
 * Published; DEV never published: Not published.
 */
const CHANGED_WORKSPACE = {
  format: 'einvoicing-console/workspace',
  version: 1,
  keyVaultReferences: [REFERENCE],
  environments: [
    {
      name: 'UAT',
      description: 'Validation before production, with Ben',
      storageSasTokenSecret: { keyVaultReference: 'ContosoKV', secretName: 'einvoicing-sas' },
      users: [
        { userId: 'ana', email: 'ana@contoso.com' },
        { userId: 'ben', email: 'ben@contoso.com' },
      ],
      published: {
        revision: '7',
        publishedAt: '2026-11-21T10:00:00Z',
        snapshot: {
          schemaVersion: 1,
          name: 'UAT',
          description: 'Validation before production',
          storageSasTokenSecret: {
            keyVaultReference: 'ContosoKV',
            keyVaultUri: 'https://contoso-einvoicing.vault.azure.net/',
            secretName: 'einvoicing-sas',
          },
          keyVaultReferences: [REFERENCE],
          users: [{ userId: 'ana', email: 'ana@contoso.com' }],
          applications: [],
          numberSequences: [],
        },
      },
    },
    {
      name: 'PROD',
      description: 'Production',
      storageSasTokenSecret: SAS,
      users: [{ userId: 'ana', email: 'ana@contoso.com' }],
      published: {
        revision: '3',
        publishedAt: '2026-11-20T09:30:00Z',
        snapshot: {
          schemaVersion: 1,
          name: 'PROD',
          description: 'Production',
          storageSasTokenSecret: SNAPSHOT_SAS,
          keyVaultReferences: [REFERENCE],
          users: [{ userId: 'ana', email: 'ana@contoso.com' }],
          applications: [],
          numberSequences: [],
        },
      },
    },
    { name: 'DEV', description: 'Development', storageSasTokenSecret: SAS, users: [] },
  ],
};

// ---- The states ----------------------------------------------------------------

for (const page of ['Set-up', 'Key Vault parameters', 'Service environments', 'Connected applications', 'Settings']) {
  state(`${page}, empty`, async (p, session) => {
    await gotoApp(session, '/');
    await navigate(p, page);
    await p.getByRole('heading', { name: page, level: 2 }).waitFor({ state: 'visible' });
  });
}

state('Set-up, part done: items done, items naming what is missing, the vault access ticked', async (page, session) => {
  await gotoApp(session, '/');
  await importWorkspace(page, { text: JSON.stringify(CHANGED_WORKSPACE, null, 2), replace: true });
  await navigate(page, 'Set-up');
  await page.getByRole('checkbox', { name: /has Get and List access to the vault/ }).check();
  await page.getByText('No users yet: DEV').waitFor({ state: 'visible' });
});

state('Key Vault parameters, the New form with errors shown after Save', async (page, session) => {
  await gotoApp(session, '/#/key-vaults');
  await page.getByRole('button', { name: 'New', exact: true }).click();
  const form = page.getByRole('form', { name: 'New Key Vault reference' });
  const uri = form.getByLabel(label('Key Vault URI'));
  await typeLikeAPerson(uri, 'http://ab.vault.azure.net/');
  await uri.press('Tab');
  await assertInvalidWith(uri, 'must start with https://');
  await form.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByText('Correct these fields before saving:').waitFor({ state: 'visible' });
});

/** A reference with a secret, two certificates and a chain of both, the chain open. */
async function referenceWithChain(page, session) {
  await gotoApp(session, '/');
  await createReference(page, { name: 'ContosoKV', uri: 'https://contoso-einvoicing.vault.azure.net/' });
  await addEntry(page, { name: 'einvoicing-sas', description: "The storage account's SAS URL", type: 'Secret' });
  await addEntry(page, { name: 'root-ca', type: 'Certificate' });
  await addEntry(page, { name: 'signing', description: 'Signs the invoices', type: 'Certificate' });
  // A new chain opens for editing, with its certificates.
  await addChain(page, { name: 'Signing chain', members: ['root-ca', 'signing'] });
  await eventually(async () => /root-ca › signing/.test(await chainsGrid(page).innerText()), {
    what: 'the chains list to show root-ca › signing',
  });
}

state('Key Vault parameters, a reference with its Certificates grid and a chain of certificates open', referenceWithChain);

state('Key Vault parameters, a delete confirmation open in the Certificates grid', async (page, session) => {
  await referenceWithChain(page, session);
  const row = certificatesGrid(page).getByRole('row').filter({ hasText: 'einvoicing-sas' });
  await row.getByRole('button', { name: 'Delete', exact: true }).click();
  await page.getByText("Delete 'einvoicing-sas'? This cannot be undone.").waitFor({ state: 'visible' });
});

state('Service environments, an environment open with users, bulk results, an application and a number sequence', async (page, session) => {
  await gotoApp(session, '/');
  await createReference(page, { name: 'ContosoKV', uri: 'https://contoso-einvoicing.vault.azure.net/' });
  await addEntry(page, { name: 'einvoicing-sas', type: 'Secret' });
  await createEnvironment(page, { name: 'UAT', secret: 'ContosoKV/einvoicing-sas' });

  await addUser(page, 'ana', 'ana@contoso.com');
  await page.getByText("User 'ana' added.").waitFor({ state: 'visible' });
  await page.getByText('Add many users', { exact: true }).click();
  await page.getByLabel('Users, one per line: User ID,Email').fill('ben,ben@contoso.com\ncy,cy@@contoso.com');
  await page.getByRole('button', { name: 'Add users', exact: true }).click();
  await page.getByText('1 user added.', { exact: true }).waitFor({ state: 'visible' });
  await page.getByText(/^Line 2:/).waitFor({ state: 'visible' });

  const app = page.getByRole('form', { name: 'Add an application' });
  await typeLikeAPerson(app.getByLabel(label('Name')), 'Contoso POS');
  await typeLikeAPerson(app.getByLabel(label('AAD Tenant ID')), '8c0f0b9e-1f5e-4c55-9d0a-3c1a1f2b3c4d');
  await typeLikeAPerson(app.getByLabel(label('LCS Environment ID')), '0f3a2b1c-4d5e-6f70-8192-a3b4c5d6e7f8');
  await typeLikeAPerson(app.getByLabel(label('Application (client) ID')), '3d2c1b0a-9f8e-7d6c-5b4a-392817160504');
  await typeLikeAPerson(app.getByLabel(label('Object ID')), 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d');
  await typeLikeAPerson(app.getByLabel(label('Justification')), 'Submits invoices from the POS system');
  await app.getByRole('button', { name: 'Add', exact: true }).click();
  await page.getByRole('heading', { name: 'Registration request' }).waitFor({ state: 'visible' });

  const seq = page.getByRole('form', { name: 'New number sequence' });
  await typeLikeAPerson(seq.getByLabel(label('Name')), 'INV');
  await typeLikeAPerson(seq.getByLabel(label('Description')), 'Invoice numbers');
  await seq.getByRole('button', { name: 'New', exact: true }).click();
  await page.getByRole('table', { name: 'Number sequences' }).getByText('INV', { exact: true }).waitFor({ state: 'visible' });

  await page.getByRole('heading', { name: 'Users (2)' }).waitFor({ state: 'visible' });
  await environmentForm(page).waitFor({ state: 'visible' });
});

// Publish is not implemented, so a Changed environment cannot be reached by
// clicking; a workspace file with a published snapshot (docs/workspace-file.md)
// is the way an administrator gets one today. Needs Settings' "Import workspace".
state('Service environments, a Changed environment with "Changes since publish" (reached by importing a workspace file)', async (page, session) => {
  await gotoApp(session, '/');
  await importWorkspace(page, { text: JSON.stringify(CHANGED_WORKSPACE, null, 2), replace: true });
  await navigate(page, 'Service environments');
  const list = page.getByRole('table', { name: 'Service environments' });
  await list.getByRole('row').filter({ hasText: 'UAT' }).getByText('Changed').waitFor({ state: 'visible' });
  await list.getByRole('button', { name: 'UAT', exact: true }).click();
  await page.getByRole('heading', { name: 'Changes since publish' }).waitFor({ state: 'visible' });
  await page.getByRole('button', { name: 'Discard changes' }).click();
  await page.getByRole('button', { name: 'Yes, discard' }).waitFor({ state: 'visible' });
});

state('Service environments, a Published environment open (statuses Changed, Published, Not published listed)', async (page, session) => {
  await gotoApp(session, '/');
  await importWorkspace(page, { text: JSON.stringify(CHANGED_WORKSPACE, null, 2), replace: true });
  await navigate(page, 'Service environments');
  const list = page.getByRole('table', { name: 'Service environments' });
  for (const [name, status] of [['UAT', 'Changed'], ['PROD', 'Published'], ['DEV', 'Not published']]) {
    await list.getByRole('row').filter({ hasText: name }).getByText(status, { exact: true }).waitFor({ state: 'visible' });
  }
  await list.getByRole('button', { name: 'PROD', exact: true }).click();
  await environmentForm(page).getByRole('heading', { name: 'Service environment' }).waitFor({ state: 'visible' });
  assert.equal(await page.getByRole('heading', { name: 'Changes since publish' }).count(), 0, 'a Published environment has no changes to list');
});

state('Settings, an import refused with its problems listed', async (page, session) => {
  await gotoApp(session, '/');
  const broken = structuredClone(CHANGED_WORKSPACE);
  broken.environments[0].users[1].email = 'x@@y';
  broken.environments[0].usres = [];
  await importWorkspace(page, { name: 'broken.json', text: JSON.stringify(broken, null, 2) });
  await page.getByText('/environments/0/users/1/email').first().waitFor({ state: 'visible' });
});

state('Settings, an import waiting for "Yes, replace"', async (page, session) => {
  await gotoApp(session, '/');
  await importWorkspace(page, { text: JSON.stringify(CHANGED_WORKSPACE, null, 2) });
  await page.getByText('Replace the current workspace?').waitFor({ state: 'visible' });
});

state('the recovery screen (an unreadable stored workspace), after its download', async (page, session) => {
  await gotoApp(session, '/');
  await page.evaluate(
    ([key, text]) => localStorage.setItem(key, text),
    [STORAGE_KEY, '{"format":"einvoicing-console/stored-workspace","version":1,"workspace":{broken'],
  );
  await page.reload({ waitUntil: 'load' });
  await page.getByRole('heading', { name: 'Your saved workspace could not be opened' }).waitFor({ state: 'visible' });
  await download(page, page.getByRole('button', { name: 'Download it as it is' }));
  await page.getByRole('button', { name: 'Start with an empty workspace' }).waitFor({ state: 'visible' });
});
