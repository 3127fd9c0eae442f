// End-to-end: hostile text in every text field of the release build, in
// Chromium. From the hardening issue: "Names and descriptions full of
// markup (<img src=x onerror=…>, "><script>, javascript: URLs, right-to-left
// overrides, 10,000-character strings, emoji, NUL) are shown as text, never
// executed, never break the layout."
//
//   node --test tests/e2e/hostile-input.test.mjs
//
// A corpus (CORPUS below) is pasted into every text field the console has —
// with `fill` (one input event, as a paste), the keyboard's `insertText`,
// or the clipboard and Control+V — and each field must either take it or
// refuse it the way its domain rule says (crates/domain/src/values/):
//
// - free text (a Key Vault reference's or connected application's Name, up
//   to 100 characters; a Description, up to 1000; a Justification, up to
//   2000) takes markup, template syntax, `javascript:` and emoji, and
//   refuses control and invisible characters (NUL, a right-to-left
//   override, a zero-width space), what is too long, and what looks like a
//   secret (a SAS token, a JWT: "store it in Key Vault");
// - names that travel as identifiers (environment, number sequence, Key
//   Vault entry, User ID), emails, GUIDs, URLs, the tenant and the timeout
//   refuse the whole corpus; the access token takes the JWT (it is one) and
//   the 10,000 letters (a token may be that long);
// - the users' search and the "Add many users" box take anything.
//
// Then, for every field:
// - nothing ran: `window.__pwned` (set by every script in the corpus) stays
//   unset, no dialog opened, and no <img>/<svg>/<script>/on… attribute/
//   javascript: address from the text was ever added to the page (a
//   MutationObserver installed before the app, console.mjs's
//   recordInjectedMarkup). The context bypasses the page's Content Security
//   Policy, so an injection is caught here even where the policy would have
//   blocked it;
// - nothing was lost: a refused value is flagged (aria-invalid, a visible
//   plain-text message through aria-describedby, quoting the value escaped)
//   and the field still holds exactly what was pasted (as the browser keeps
//   it: a one-line input drops or replaces line breaks, a textarea keeps
//   CRLF as LF); an accepted value is shown exactly, as text, in the lists
//   and forms after the save and after a reload;
// - the layout holds: with the longest names and descriptions the rules
//   allow stored (and a refused 10,000-character paste on screen), nothing
//   scrolls horizontally at 1280 px or 360 px and every message stays in
//   the viewport.
//
// Every test fails on any console error, uncaught page error, failed
// request or dialog, and leaves a screenshot in tests/e2e/artifacts/.

import { describe, test, afterEach } from 'node:test';
import assert from 'node:assert/strict';

import {
  useConsole,
  openSession,
  recordInjectedMarkup,
  assertNothingInjected,
  pasteInto,
  assertNoHorizontalScroll,
  gotoApp,
  navigate,
  label,
  assertInvalidWith,
  importWorkspace,
  reloadWhenSettled,
  openEnvironment,
  environmentForm,
  storedText,
  saveScreenshot,
  eventually,
} from './console.mjs';

const shared = useConsole();

// ---- The corpus -----------------------------------------------------------------

const SAS =
  'sv=2022-11-02&ss=b&srt=sco&sp=rl&se=2030-01-01T00:00:00Z&st=2026-01-01T00:00:00Z&spr=https&sig=AbCdEf0123456789%2BgHiJ%3D';
const JWT =
  'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJhdWQiOiIwY2RiNTI3Zi1hOGQxIiwiZXhwIjoxOTk5OTk5OTk5fQ.c2lnbmF0dXJlLXNpZ25hdHVyZS1zaWduYXR1cmU';

/** Each item's `key` names it in failures; every script in it sets window.__pwned. */
const CORPUS = [
  { key: 'img onerror', text: '<img src=x onerror="window.__pwned=(window.__pwned||0)+1">' },
  { key: 'script breakout', text: '"><script>window.__pwned=(window.__pwned||0)+1</script>' },
  { key: 'javascript: URL', text: 'javascript:window.__pwned=(window.__pwned||0)+1' },
  { key: 'svg onload', text: '<svg onload="window.__pwned=(window.__pwned||0)+1"></svg>' },
  { key: 'template syntax', text: '{{7*7}} ${7*7} #{7*7}' },
  { key: 'right-to-left override', text: 'invoice\u202Egpj.exe' },
  { key: 'zero-width characters', text: 'zero\u200Bwidth\u2060joiner' },
  { key: 'emoji', text: '🧾 👩🏽‍💻 🏳️‍🌈 🇫🇷🇯🇵 ✅' },
  { key: '10,000 characters', text: 'W'.repeat(10_000) },
  { key: 'NUL', text: 'before\u0000after' },
  { key: 'CRLF', text: 'line one\r\nline two' },
  { key: 'SAS token', text: SAS },
  { key: 'JWT', text: JWT },
];

/** What free text (names, descriptions, justifications) takes. */
const FREE_TEXT = new Set(['img onerror', 'script breakout', 'javascript: URL', 'svg onload', 'template syntax', 'emoji', 'CRLF']);
const ACCEPTED_CORPUS = CORPUS.filter((item) => FREE_TEXT.has(item.key));
const SECRET_MESSAGES = {
  'SAS token': ['This looks like a SAS token', 'store it in Key Vault'],
  JWT: ['This looks like an access token (JWT)', 'store it in Key Vault'],
};

/**
 * The kinds of field, by the domain rule behind them: which corpus items
 * each takes (`accepts`), and whether its refusals quote the value
 * (`quotes`, with crates/domain's `quoted`) or name a length (`max`).
 */
const KINDS = {
  name: { accepts: FREE_TEXT, quotes: true, max: 100 },
  description: { accepts: FREE_TEXT, quotes: true, max: 1000 },
  justification: { accepts: FREE_TEXT, quotes: true, max: 2000 },
  identifier: { accepts: new Set(), quotes: true },
  userId: { accepts: new Set(), quotes: true },
  email: { accepts: new Set() },
  guid: { accepts: new Set() },
  url: { accepts: new Set() },
  tenant: { accepts: new Set() },
  timeout: { accepts: new Set(), secretsToo: false },
  token: { accepts: new Set(['JWT', '10,000 characters']), secretsToo: false },
  // OAuth scope tokens: printable ASCII but quote and backslash, spaces between.
  scope: { accepts: new Set(['template syntax', 'javascript: URL', 'CRLF']), max: 1000 },
};

/** The paste for item `i` in the field `j`: long text is filled; the rest rotates over the three ways. */
function howToPaste(i, j, text) {
  if (text.length > 1000) return 'fill';
  return ['fill', 'insertText', 'clipboard'][(i + j) % 3];
}

/** What a field holds once `text` is pasted: Chromium turns a line break into a space in a one-line input, and a textarea keeps CRLF as LF. */
function held(text, how, multiline) {
  if (multiline) return text.replace(/\r\n?/g, '\n');
  return text.replace(/\r\n|[\r\n]/g, ' ');
}

/** crates/domain's `quoted`: in single quotes, at most 40 characters then …, control and invisible characters escaped. */
function quoted(text) {
  const hidden = (c) => {
    const n = c.codePointAt(0);
    return (
      n < 0x20 ||
      (n >= 0x7f && n <= 0x9f) ||
      [0xad, 0x61c, 0x180e, 0x200b, 0x200e, 0x200f, 0xfeff].includes(n) ||
      (n >= 0x2028 && n <= 0x202e) ||
      (n >= 0x2060 && n <= 0x2064) ||
      (n >= 0x2066 && n <= 0x206f) ||
      (n >= 0xfff9 && n <= 0xfffb)
    );
  };
  const escape = (c) => {
    if (c === '\0') return '\\0';
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    return hidden(c) ? `\\u{${c.codePointAt(0).toString(16)}}` : c;
  };
  const chars = [...text];
  return `'${chars.slice(0, 40).map(escape).join('')}${chars.length > 40 ? '…' : ''}'`;
}

/** Whether a field of `kind` takes `item`, and what its message must say if not. */
function expectation(kind, item, value) {
  const rule = KINDS[kind];
  if (rule.accepts.has(item.key)) return { accepted: true, says: [] };
  if (SECRET_MESSAGES[item.key] && rule.secretsToo !== false) return { accepted: false, says: SECRET_MESSAGES[item.key] };
  const says = [];
  const tooLong = rule.max && [...value.trim()].length > rule.max;
  if (tooLong) says.push(`at most ${rule.max} characters`);
  // A Description or Justification that is too long is not quoted; everything else these rules refuse is.
  if (rule.quotes && !(tooLong && kind !== 'name')) says.push(quoted(value.trim()));
  return { accepted: false, says };
}

// ---- Fields ---------------------------------------------------------------------

/** The forms, by their accessible names (a new object's form and an open one's). */
const FORMS = {
  reference: /^(New Key Vault reference|Key Vault reference)$/,
  entry: 'Certificate or secret',
  chain: 'Chain of certificates',
  environment: /^(New service environment|Service environment)$/,
  clone: 'Clone environment',
  user: 'Add a user',
  application: 'Add an application',
  sequence: 'New number sequence',
  connected: /^(New connected application|Connected application)$/,
  token: 'Access token',
  signIn: 'Sign-in',
};

/** Every text field, as [form (or none), label]. */
const FIELDS = {
  referenceName: ['reference', 'Name'],
  referenceDescription: ['reference', 'Description'],
  referenceUri: ['reference', 'Key Vault URI'],
  entryName: ['entry', 'Name'],
  entryDescription: ['entry', 'Description'],
  environmentName: ['environment', 'Name'],
  environmentDescription: ['environment', 'Description'],
  environmentDataverse: ['environment', 'Dataverse endpoint URI'],
  chainName: ['chain', 'Name'],
  chainDescription: ['chain', 'Description'],
  cloneName: ['clone', 'New name'],
  userId: ['user', 'User ID'],
  email: ['user', 'Email'],
  applicationName: ['application', 'Name'],
  tenantId: ['application', 'AAD Tenant ID'],
  lcsEnvironmentId: ['application', 'LCS Environment ID'],
  applicationId: ['application', 'Application (client) ID'],
  objectId: ['application', 'Object ID'],
  justification: ['application', 'Justification'],
  registrationRequest: [null, 'Registration request'],
  sequenceName: ['sequence', 'Name'],
  sequenceDescription: ['sequence', 'Description'],
  connectedName: ['connected', 'Name'],
  connectedUrl: ['connected', 'Application'],
  connectedTenant: ['connected', 'Tenant'],
  customEndpoint: [null, 'Custom endpoint URL'],
  timeout: [null, 'Wait for the service (seconds)'],
  accessToken: ['token', 'Access token'],
  signInTenant: ['signIn', 'Tenant'],
  signInClientId: ['signIn', 'Client ID'],
  signInScope: ['signIn', 'Scope'],
  signInAuthority: ['signIn', 'Authority'],
};

/** The field `which` (a key of FIELDS), found by its label in its form. */
function field(page, which) {
  const [form, text] = FIELDS[which];
  const scope = form ? page.getByRole('form', { name: FORMS[form] }) : page;
  return scope.getByLabel(label(text), { exact: true });
}

/** A field's value, verdict and shown message (the -error elements its aria-describedby names). */
async function fieldState(field) {
  return field.evaluate((el) => {
    const ids = (el.getAttribute('aria-describedby') || '').split(/\s+/).filter(Boolean);
    const errors = ids.map((id) => document.getElementById(id)).filter((m) => m && /-error$/.test(m.id));
    const shown = errors.filter((m) => {
      const r = m.getBoundingClientRect();
      const s = getComputedStyle(m);
      return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none';
    });
    return {
      value: el.value,
      invalid: el.getAttribute('aria-invalid') === 'true',
      message: shown.map((m) => m.textContent).join(' '),
      markupInMessage: shown.reduce((n, m) => n + m.children.length, 0),
    };
  });
}

/**
 * Pastes every corpus item into `field` (a `kind` field, see KINDS) and
 * checks the verdict, the message and what the field holds after each. `j`
 * varies the ways of pasting between fields; `submit`, when given, is
 * clicked after each paste (a field whose message shows only after a
 * submit, such as the access token) and `afterAccepted` runs after an
 * accepted one.
 */
async function pasteCorpus(page, field, { kind, where, j = 0, multiline = false, submit, afterAccepted }) {
  const seen = [];
  for (const [i, item] of CORPUS.entries()) {
    const how = howToPaste(i, j, item.text);
    const value = held(item.text, how, multiline);
    const what = `${where}, ${item.key} (${how})`;
    await pasteInto(page, field, item.text, how);
    if (submit) await submit.click();
    const expected = expectation(kind, item, value);
    if (expected.accepted && afterAccepted) {
      await afterAccepted(item, value, what);
      seen.push({ key: item.key, accepted: true });
      continue;
    }
    const state = await eventually(
      async () => {
        const s = await fieldState(field);
        const verdict = expected.accepted
          ? !s.invalid && s.message === ''
          : s.invalid && s.message !== '' && expected.says.every((part) => s.message.includes(part));
        return verdict ? s : null;
      },
      {
        timeoutMs: 5_000,
        what: `${what}: ${expected.accepted ? 'the value to be taken' : `a refusal saying ${JSON.stringify(expected.says)}`}`,
      },
    ).catch(async (err) => {
      throw new Error(`${err.message}; the field: ${JSON.stringify(await fieldState(field)).slice(0, 400)}`);
    });
    assert.equal(state.value, value, `${what}: the field holds exactly what was pasted`);
    assert.equal(state.markupInMessage, 0, `${what}: the message is plain text`);
    for (const part of expected.says) {
      assert.ok(state.message.includes(part), `${what}: the message says ${JSON.stringify(part)}; it is ${JSON.stringify(state.message)}`);
    }
    seen.push({ key: item.key, accepted: expected.accepted });
  }
  await assertNothingInjected(page, where);
  const taken = seen.filter((x) => x.accepted).map((x) => x.key);
  note(`${where} takes ${taken.length ? taken.join(', ') : 'none of the corpus'}`);
  return seen;
}

/** Where pasteCorpus says which items each field took (the running test's diagnostics). */
let note = () => {};

/** The text of each body row's cells, for the table named `name`. */
async function tableRows(page, name) {
  const table = page.getByRole('table', { name, exact: true });
  await table.waitFor({ state: 'visible' });
  return table.evaluate((t) => [...t.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
}

/** Waits for the outcome notice saying exactly `text`, and checks it is plain text. */
async function notice(page, text) {
  const found = page.getByText(text, { exact: true });
  await found.first().waitFor({ state: 'visible' });
  assert.equal(await found.first().evaluate((el) => el.children.length), 0, `the notice "${text.slice(0, 80)}" is plain text`);
}

async function reloadApp(page) {
  await reloadWhenSettled(page);
  await page.getByRole('navigation').getByRole('link', { name: 'Settings' }).waitFor({ state: 'visible' });
}

function hostileSession(options = {}) {
  return openSession(shared, {
    contextOptions: { bypassCSP: true },
    initScripts: [recordInjectedMarkup],
    permissions: ['clipboard-read', 'clipboard-write'],
    ...options,
  });
}

// ---- The tests ------------------------------------------------------------------

describe('hostile text in every field is shown as text, never run, and nothing is lost', () => {
  let session;
  afterEach(async (t) => {
    if (session) {
      await saveScreenshot(session.page, `hostile-input-${t.name}`);
      await session.context.close();
      session = undefined;
    }
  });

  test('Key Vault parameters: the reference\'s Name, Description and URI, an entry\'s Name and Description, a chain\'s Name and Description; accepted values survive a save and a reload', async (t) => {
    note = (line) => t.diagnostic(line);
    session = await hostileSession();
    const { page } = session;
    await gotoApp(session, '/#/key-vaults');
    await page.getByRole('button', { name: 'New', exact: true }).click();
    const form = page.getByRole('form', { name: 'New Key Vault reference' });

    const names = await pasteCorpus(page, field(page, 'referenceName'), { kind: 'name', where: 'Key Vault reference Name', j: 0 });
    await pasteCorpus(page, field(page, 'referenceDescription'), { kind: 'description', where: 'Key Vault reference Description', j: 1, multiline: true });
    await pasteCorpus(page, field(page, 'referenceUri'), { kind: 'url', where: 'Key Vault URI', j: 2 });
    assert.deepEqual(
      names.filter((n) => n.accepted).map((n) => n.key),
      [...FREE_TEXT],
      'a Key Vault reference Name takes markup, template syntax, javascript: and emoji as text',
    );

    // Save with the last (refused) values: nothing is saved, the fields keep them.
    await form.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Correct these fields before saving:').waitFor({ state: 'visible' });
    assert.equal(await field(page, 'referenceName').inputValue(), JWT, 'a refused Save keeps the pasted text');
    assert.equal(await page.getByRole('table', { name: 'Key Vault references' }).count(), 0, 'nothing was saved');
    assert.ok(!((await storedText(page)) ?? '').includes('eyJhbGci'), 'the refused token was not stored');

    // One reference per accepted item: Name and Description from the corpus.
    const saved = [];
    for (const [i, item] of ACCEPTED_CORPUS.entries()) {
      if (i > 0) await page.getByRole('button', { name: 'New', exact: true }).click();
      const how = howToPaste(i, 3, item.text);
      await pasteInto(page, field(page, 'referenceName'), item.text, how);
      await pasteInto(page, field(page, 'referenceDescription'), item.text, how);
      await field(page, 'referenceUri').fill(`https://hostile-${i + 1}.vault.azure.net/`);
      await page.getByRole('form', { name: 'New Key Vault reference' }).getByRole('button', { name: 'Save', exact: true }).click();
      const name = held(item.text, how, false);
      await notice(page, `Key Vault reference '${name}' saved.`);
      saved.push({ name, description: held(item.text, how, true), uri: `https://hostile-${i + 1}.vault.azure.net/` });
    }
    const listed = async () =>
      (await tableRows(page, 'Key Vault references')).map(([name, description, uri]) => ({ name, description, uri }));
    assert.deepEqual(await listed(), saved, 'the list shows every accepted name and description exactly, as text');

    // The last reference is open: its entries' Name and Description.
    await pasteCorpus(page, field(page, 'entryName'), { kind: 'identifier', where: 'Key Vault entry Name', j: 4 });
    await pasteCorpus(page, field(page, 'entryDescription'), { kind: 'description', where: 'Key Vault entry Description', j: 5 });
    const entries = [];
    const entryForm = page.getByRole('form', { name: 'Certificate or secret' });
    for (const [i, item] of ACCEPTED_CORPUS.entries()) {
      if (await entryForm.getByRole('button', { name: 'Add another' }).isVisible()) {
        await entryForm.getByRole('button', { name: 'Add another' }).click();
      }
      const how = howToPaste(i, 6, item.text);
      await field(page, 'entryName').fill(`entry-${i + 1}`);
      await pasteInto(page, field(page, 'entryDescription'), item.text, how);
      await entryForm.getByRole('button', { name: 'Add', exact: true }).click();
      await notice(page, `'entry-${i + 1}' saved.`);
      entries.push([`entry-${i + 1}`, held(item.text, how, false)]);
    }
    const entryRows = async () => (await tableRows(page, 'Certificates')).map((cells) => cells.slice(0, 2));
    assert.deepEqual(await entryRows(), entries, 'the Certificates grid shows every description exactly');

    // Its chains of certificates: a chain's Name is free text (not a Key
    // Vault object), its Description too.
    await page.getByRole('button', { name: 'New chain', exact: true }).click();
    await pasteCorpus(page, field(page, 'chainName'), { kind: 'name', where: 'chain of certificates Name', j: 7 });
    await pasteCorpus(page, field(page, 'chainDescription'), { kind: 'description', where: 'chain of certificates Description', j: 8 });
    const chains = [];
    for (const [i, item] of ACCEPTED_CORPUS.entries()) {
      if (i > 0) await page.getByRole('button', { name: 'New chain', exact: true }).click();
      const how = howToPaste(i, 9, item.text);
      await pasteInto(page, field(page, 'chainName'), item.text, how);
      await pasteInto(page, field(page, 'chainDescription'), item.text, how);
      await page.getByRole('form', { name: FORMS.chain }).getByRole('button', { name: 'Save', exact: true }).click();
      const name = held(item.text, how, false);
      await notice(page, `Chain of certificates '${name}' saved. Add its certificates, root first.`);
      chains.push([name, held(item.text, how, false)]);
    }
    const chainRows = async () => (await tableRows(page, 'Chains of certificates')).map((cells) => cells.slice(0, 2));
    assert.deepEqual(await chainRows(), chains, 'the chains list shows every name and description exactly');

    // The delete question names the reference as text.
    const last = saved.at(-1);
    await page.getByRole('form', { name: 'Key Vault reference' }).getByRole('button', { name: 'Delete', exact: true }).click();
    const question = page.getByRole('alertdialog', { name: 'Confirm deletion' }).locator('p');
    assert.equal(await question.textContent(), `Delete Key Vault reference '${last.name}'? This cannot be undone.`);
    assert.equal(await question.evaluate((p) => p.children.length), 0);
    await page.getByRole('alertdialog', { name: 'Confirm deletion' }).getByRole('button', { name: 'Cancel' }).click();
    await assertNothingInjected(page, 'after the saves');

    // A reload: the open reference (its name in the URL) and every value come back exactly.
    await reloadApp(page);
    await eventually(async () => (await field(page, 'referenceName').inputValue()) === last.name, {
      what: 'the reload to open the reference the URL names',
    });
    assert.deepEqual(await listed(), saved, 'after a reload the list shows every value exactly');
    assert.deepEqual(await entryRows(), entries, 'after a reload the Certificates grid shows every value exactly');
    assert.deepEqual(await chainRows(), chains, 'after a reload the chains list shows every value exactly');
    for (const reference of saved) {
      await page.getByRole('table', { name: 'Key Vault references' }).getByRole('button', { name: reference.name, exact: true }).click();
      await eventually(async () => (await field(page, 'referenceName').inputValue()) === reference.name, {
        what: `the form of ${JSON.stringify(reference.name)} to open`,
      });
      assert.equal(await field(page, 'referenceDescription').inputValue(), reference.description);
      assert.equal(await field(page, 'referenceUri').inputValue(), reference.uri);
    }
    await assertNothingInjected(page, 'after the reload');
    session.assertNoProblems();
  });

  test('Service environments: Name, Description, Clone, User ID, Email, the users\' search, "Add many users", applications and number sequences', async (t) => {
    note = (line) => t.diagnostic(line);
    session = await hostileSession();
    const { page } = session;
    await gotoApp(session, '/#/environments');
    await page.getByRole('button', { name: 'New', exact: true }).first().click();
    await pasteCorpus(page, field(page, 'environmentName'), { kind: 'identifier', where: 'environment Name', j: 0 });
    await pasteCorpus(page, field(page, 'environmentDescription'), { kind: 'description', where: 'environment Description', j: 1, multiline: true });

    // One environment per accepted description.
    const environments = [];
    for (const [i, item] of ACCEPTED_CORPUS.entries()) {
      if (i > 0) await page.getByRole('button', { name: 'New', exact: true }).first().click();
      const how = howToPaste(i, 2, item.text);
      await field(page, 'environmentName').fill(`H${i + 1}`);
      await pasteInto(page, field(page, 'environmentDescription'), item.text, how);
      await page.getByRole('form', { name: 'New service environment' }).getByRole('button', { name: 'Save', exact: true }).click();
      await notice(page, `Service environment 'H${i + 1}' saved.`);
      environments.push([`H${i + 1}`, held(item.text, how, true)]);
    }
    const envRows = async () => (await tableRows(page, 'Service environments')).map((cells) => cells.slice(0, 2));
    assert.deepEqual(await envRows(), environments, 'the list shows every description exactly');
    const open = environments.at(-1)[0];

    // The open environment's Dataverse endpoint URI refuses the corpus;
    // emptied again, it is optional.
    await pasteCorpus(page, field(page, 'environmentDataverse'), { kind: 'url', where: 'environment Dataverse endpoint URI', j: 2 });
    await field(page, 'environmentDataverse').fill('');

    // Clone's New name.
    await environmentForm(page).getByRole('button', { name: 'Clone', exact: true }).click();
    await pasteCorpus(page, field(page, 'cloneName'), { kind: 'identifier', where: 'Clone New name', j: 3 });
    await environmentForm(page).getByRole('button', { name: 'Clone', exact: true }).first().click();

    // Users: User ID and Email refuse the corpus; addresses that merely look odd are taken.
    await pasteCorpus(page, field(page, 'userId'), { kind: 'userId', where: 'User ID', j: 4 });
    await pasteCorpus(page, field(page, 'email'), { kind: 'email', where: 'Email', j: 5 });
    const users = [
      ["o'neil", "o'neil@contoso.com"],
      ["x'~!#^", '"x onerror=1"@contoso.com'],
      ['tmpl', 'a+{{7*7}}@contoso.com'],
      ['js', '"javascript:window.__pwned=1"@contoso.com'],
    ];
    const addForm = page.getByRole('form', { name: 'Add a user' });
    for (const [i, [userId, email]] of users.entries()) {
      await pasteInto(page, field(page, 'userId'), userId, howToPaste(i, 0, userId));
      await pasteInto(page, field(page, 'email'), email, howToPaste(i, 1, email));
      await addForm.getByRole('button', { name: 'Add', exact: true }).click();
      await notice(page, `User '${userId}' added.`);
    }
    const userRows = async () => (await tableRows(page, 'Users')).map((cells) => cells.slice(0, 2));
    assert.deepEqual(await userRows(), users, 'the Users grid shows each User ID and Email exactly');

    // The search takes anything, finds nothing in the corpus, and keeps what was typed.
    const search = page.getByLabel('Search users');
    for (const [i, item] of CORPUS.entries()) {
      const how = howToPaste(i, 6, item.text);
      await pasteInto(page, search, item.text, how);
      await eventually(async () => (await tableRows(page, 'Users')).length === 0, { what: `no user to match ${item.key}` });
      assert.equal(await search.inputValue(), held(item.text, how, false), `the search box holds ${item.key} exactly`);
    }
    await pasteInto(page, search, '{{7*7}}', 'insertText');
    await eventually(async () => JSON.stringify(await userRows()) === JSON.stringify([users[2]]), { what: 'the search to find a+{{7*7}}' });
    await pasteInto(page, search, 'onerror=1', 'clipboard');
    await eventually(async () => JSON.stringify(await userRows()) === JSON.stringify([users[1]]), { what: 'the search to find onerror=1' });
    await search.fill('');
    await assertNothingInjected(page, 'the users\' search');

    // Many at once: one line per corpus item (the CRLF item is two lines of its own), one good line last.
    await page.getByText('Add many users', { exact: true }).click();
    const bulk = page.getByLabel('Users, one per line: User ID,Email');
    const lines = CORPUS.filter((item) => item.key !== 'CRLF').map((item, i) => `${item.text},bulk${i + 1}@contoso.com`);
    await bulk.fill([...lines, 'bulk-ok,bulk-ok@contoso.com'].join('\r\n'));
    await page.getByRole('button', { name: 'Add users', exact: true }).click();
    await page.getByText('1 user added.', { exact: true }).waitFor({ state: 'visible' });
    const result = page.locator('#bulk-users-result li');
    const problems = await result.evaluateAll((items) => items.map((li) => ({ text: li.textContent, markup: li.children.length })));
    assert.deepEqual(
      problems.map((p) => p.text.match(/^Line (\d+): /)?.[1]),
      lines.map((_, i) => String(i + 1)),
      `every corpus line is refused with its number: ${JSON.stringify(problems.map((p) => p.text.slice(0, 100)))}`,
    );
    assert.ok(problems.every((p) => p.markup === 0), 'the line messages are plain text');
    for (const [i, item] of CORPUS.filter((it) => it.key !== 'CRLF').entries()) {
      for (const part of SECRET_MESSAGES[item.key] ?? []) assert.ok(problems[i].text.includes(part), `line ${i + 1} (${item.key}) says ${part}`);
    }
    assert.equal(await bulk.inputValue(), lines.join('\n'), 'the refused lines are left in the box exactly, to correct');
    assert.deepEqual((await userRows()).map(([u]) => u), [...users.map(([u]) => u), 'bulk-ok']);
    await assertNothingInjected(page, 'Add many users');

    // Applications: four GUIDs refuse the corpus; the Justification takes free text.
    await pasteCorpus(page, field(page, 'applicationName'), { kind: 'name', where: 'application Name', j: 9 });
    for (const [j, [which, what]] of [
      ['tenantId', 'AAD Tenant ID'],
      ['lcsEnvironmentId', 'LCS Environment ID'],
      ['applicationId', 'Application (client) ID'],
      ['objectId', 'Object ID'],
    ].entries()) {
      await pasteCorpus(page, field(page, which), { kind: 'guid', where: what, j });
    }
    await pasteCorpus(page, field(page, 'justification'), { kind: 'justification', where: 'Justification', j: 4, multiline: true });
    const guid = (a, b) => `${String(a).padStart(8, '0')}-0000-4000-8000-${String(b).padStart(12, '0')}`;
    const applications = [];
    const appForm = page.getByRole('form', { name: 'Add an application' });
    for (const [i, item] of ACCEPTED_CORPUS.entries()) {
      const how = howToPaste(i, 5, item.text);
      const [tenant, lcs, client, object] = [1, 2, 3, 4].map((b) => guid(i + 1, b));
      await pasteInto(page, field(page, 'applicationName'), item.text, how);
      await field(page, 'tenantId').fill(tenant);
      await field(page, 'lcsEnvironmentId').fill(lcs);
      await field(page, 'applicationId').fill(client);
      await field(page, 'objectId').fill(object);
      await pasteInto(page, field(page, 'justification'), item.text, how);
      await appForm.getByRole('button', { name: 'Add', exact: true }).click();
      const name = held(item.text, how, false);
      await notice(page, `Application '${name}' added. Send its registration request to Microsoft.`);
      const justification = held(item.text, how, true);
      applications.push([name, client, object, justification]);
      // The registration request carries it as text, and the email link stays a mailto: link.
      const request = field(page, 'registrationRequest');
      assert.ok((await request.inputValue()).includes(`Justification: ${justification}\n`), `the request carries the justification of ${item.key}`);
      const href = await page.getByRole('link', { name: 'Open as an email' }).getAttribute('href');
      assert.match(href, /^mailto:DGXRegulatoryservicesengineering@service\.microsoft\.com\?subject=/);
      assert.ok(decodeURIComponent(href).includes(`Justification: ${justification}\n`), `the email body carries the justification of ${item.key}`);
    }
    const appRows = async () => (await tableRows(page, 'Applications')).map((cells) => cells.slice(0, 4));
    assert.deepEqual(await appRows(), applications, 'the Applications grid shows every justification exactly');

    // Number sequences: Name refuses the corpus, Description takes free text.
    await pasteCorpus(page, field(page, 'sequenceName'), { kind: 'identifier', where: 'number sequence Name', j: 6 });
    await pasteCorpus(page, field(page, 'sequenceDescription'), { kind: 'description', where: 'number sequence Description', j: 7 });
    const sequences = [];
    for (const [i, item] of ACCEPTED_CORPUS.entries()) {
      const how = howToPaste(i, 8, item.text);
      await field(page, 'sequenceName').fill(`SEQ-${i + 1}`);
      await pasteInto(page, field(page, 'sequenceDescription'), item.text, how);
      await page.getByRole('form', { name: 'New number sequence' }).getByRole('button', { name: 'New', exact: true }).click();
      await notice(page, `Number sequence 'SEQ-${i + 1}' created; it reaches the service with the first publish.`);
      sequences.push([`SEQ-${i + 1}`, held(item.text, how, false)]);
    }
    const sequenceRows = async () => (await tableRows(page, 'Number sequences')).map((cells) => cells.slice(0, 2));
    assert.deepEqual(await sequenceRows(), sequences, 'the Number sequences grid shows every description exactly');
    await assertNothingInjected(page, 'after the saves');

    // A reload brings every value back exactly.
    await reloadApp(page);
    await eventually(async () => (await field(page, 'environmentName').inputValue()) === open, { what: `${open} to open again` });
    assert.equal(await field(page, 'environmentDescription').inputValue(), environments.at(-1)[1]);
    assert.deepEqual(await envRows(), environments);
    assert.deepEqual(await userRows(), [...users, ['bulk-ok', 'bulk-ok@contoso.com']]);
    assert.deepEqual(await appRows(), applications);
    assert.deepEqual(await sequenceRows(), sequences);
    await openEnvironment(page, 'H1');
    assert.equal(await field(page, 'environmentDescription').inputValue(), environments[0][1]);
    await assertNothingInjected(page, 'after the reload');
    session.assertNoProblems();
  });

  test('Connected applications (Name, Application, Tenant) and Settings (custom endpoint URL, wait, access token, sign-in)', async (t) => {
    note = (line) => t.diagnostic(line);
    session = await hostileSession();
    const { page } = session;
    await gotoApp(session, '/#/connected-applications');
    await page.getByRole('button', { name: 'New', exact: true }).click();
    await pasteCorpus(page, field(page, 'connectedName'), { kind: 'name', where: 'connected application Name', j: 0 });
    await pasteCorpus(page, field(page, 'connectedUrl'), { kind: 'url', where: 'connected application Application', j: 1 });
    await pasteCorpus(page, field(page, 'connectedTenant'), { kind: 'tenant', where: 'connected application Tenant', j: 2 });

    const applications = [];
    for (const [i, item] of ACCEPTED_CORPUS.entries()) {
      if (i > 0) await page.getByRole('button', { name: 'New', exact: true }).click();
      const how = howToPaste(i, 3, item.text);
      await pasteInto(page, field(page, 'connectedName'), item.text, how);
      await field(page, 'connectedUrl').fill(`https://contoso-${i + 1}.operations.dynamics.com/`);
      await field(page, 'connectedTenant').fill('contoso.onmicrosoft.com');
      await page.getByRole('form', { name: 'New connected application' }).getByRole('button', { name: 'Save', exact: true }).click();
      const name = held(item.text, how, false);
      await notice(page, `Connected application '${name}' saved.`);
      applications.push([name, `https://contoso-${i + 1}.operations.dynamics.com/`]);
    }
    const appRows = async () => (await tableRows(page, 'Connected applications')).map(([name, , url]) => [name, url]);
    assert.deepEqual(await appRows(), applications, 'the list shows every name exactly');

    // Settings: the custom endpoint URL and the wait refuse the corpus; Save then saves nothing.
    await navigate(page, 'Settings');
    await page.getByLabel('Service endpoint').selectOption({ label: 'Custom URL' });
    await pasteCorpus(page, field(page, 'customEndpoint'), { kind: 'url', where: 'Custom endpoint URL', j: 4 });
    await pasteCorpus(page, field(page, 'timeout'), { kind: 'timeout', where: 'Wait for the service', j: 5 });
    await page.getByRole('button', { name: 'Save', exact: true }).first().click();
    await page.waitForTimeout(200);
    assert.equal(await page.getByText('Settings saved.').count(), 0, 'refused settings are not saved');
    assert.equal(await field(page, 'timeout').inputValue(), JWT, 'the wait keeps what was pasted');

    // The access token takes a JWT (it is one) and a long token, and shows only its length and last characters.
    const tokenForm = page.getByRole('form', { name: 'Access token' });
    const status = tokenForm.getByRole('status');
    await pasteCorpus(page, field(page, 'accessToken'), {
      kind: 'token',
      where: 'Access token',
      j: 6,
      submit: tokenForm.getByRole('button', { name: 'Use this token', exact: true }),
      afterAccepted: async (item, value, what) => {
        const shown = `A token is set (${value.length} characters, ending …${value.slice(-4)}`;
        await eventually(async () => (await status.textContent()).startsWith(shown), {
          what: `${what}: the token to be set ("${shown}…")`,
        }).catch(async (err) => {
          throw new Error(`${err.message}; the status says "${await status.textContent()}"`);
        });
        assert.equal(await field(page, 'accessToken').inputValue(), '', `${what}: the field is emptied once the token is kept`);
        await tokenForm.getByRole('button', { name: 'Forget the token', exact: true }).click();
        await eventually(async () => (await status.textContent()) === 'No token set: calls are sent without one.', { what: 'the token to be forgotten' });
      },
    });
    // Sign-in: the tenant, client ID, scope and authority refuse what they
    // must (a scope may hold most of ASCII), and nothing runs.
    await pasteCorpus(page, field(page, 'signInTenant'), { kind: 'tenant', where: 'Sign-in Tenant', j: 7 });
    await pasteCorpus(page, field(page, 'signInClientId'), { kind: 'guid', where: 'Sign-in Client ID', j: 8 });
    await pasteCorpus(page, field(page, 'signInScope'), { kind: 'scope', where: 'Sign-in Scope', j: 9 });
    await pasteCorpus(page, field(page, 'signInAuthority'), { kind: 'url', where: 'Sign-in Authority', j: 10 });
    await page.getByRole('form', { name: 'Sign-in' }).getByRole('button', { name: 'Save sign-in settings' }).click();
    await page.waitForTimeout(200);
    assert.equal(await page.getByText('Sign-in settings saved.').count(), 0, 'refused sign-in settings are not saved');
    await assertNothingInjected(page, 'Settings');

    // A reload: the open application (its name in the URL) and the list come back exactly.
    await navigate(page, 'Connected applications');
    await page.getByRole('table', { name: 'Connected applications' }).getByRole('button', { name: applications[0][0], exact: true }).click();
    await reloadApp(page);
    await eventually(async () => (await field(page, 'connectedName').inputValue()) === applications[0][0], {
      what: 'the reload to open the application the URL names',
    });
    assert.deepEqual(await appRows(), applications, 'after a reload the list shows every name exactly');
    await assertNothingInjected(page, 'after the reload');
    session.assertNoProblems();
  });
});

// ---- The layout -------------------------------------------------------------------

const W = (n) => 'W'.repeat(n);
const LONG = {
  reference: W(100),
  secret: `s${W(126)}`,
  certificate: `c${W(126)}`,
  chain: `chain-${W(94)}`,
  environment: `E${W(63)}`,
  userId: `u${W(63)}`,
  email: `${'e'.repeat(64)}@${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(50)}.com`,
  sequence: `S${W(63)}`,
  application: W(100),
  endpoint: `https://${'g'.repeat(63)}.${'h'.repeat(63)}.example.com/${'p'.repeat(400)}/`,
};

/** A workspace with the longest names and descriptions the rules allow, unbroken. */
const LONG_WORKSPACE = JSON.stringify({
  format: 'einvoicing-console/workspace',
  version: 2,
  keyVaultReferences: [
    {
      name: LONG.reference,
      description: W(1000),
      uri: `https://k${'w'.repeat(22)}z.vault.azure.net/`,
      certificates: [
        { name: LONG.secret, description: W(1000), type: 'secret' },
        { name: LONG.certificate, description: W(1000), type: 'certificate' },
      ],
      certificateChains: [{ name: LONG.chain, description: W(1000), certificates: [LONG.certificate] }],
    },
  ],
  environments: [
    {
      name: LONG.environment,
      description: W(1000),
      storageSasTokenSecret: { keyVaultReference: LONG.reference, secretName: LONG.secret },
      users: [{ userId: LONG.userId, email: LONG.email }],
      dataverseEndpointUri: `https://${'d'.repeat(63)}.crm.dynamics.com/api/data/v9.1/`,
      applications: [
        {
          name: LONG.application,
          tenantId: '11111111-1111-4111-8111-111111111111',
          lcsEnvironmentId: '22222222-2222-4222-8222-222222222222',
          applicationId: '33333333-3333-4333-8333-333333333333',
          objectId: '44444444-4444-4444-8444-444444444444',
          justification: W(2000),
        },
      ],
      numberSequences: [{ name: LONG.sequence, description: W(1000), inUse: false, current: null }],
    },
  ],
  connectedApplications: [
    {
      name: LONG.application,
      url: `https://${'a'.repeat(63)}.operations.dynamics.com/`,
      tenant: `${'t'.repeat(63)}.onmicrosoft.com`,
      environments: [LONG.environment],
    },
  ],
  settings: { serviceEndpoint: { url: LONG.endpoint } },
});

/** Every element the page shows as a message (notices, field messages, confirmations) lies within the viewport's width. */
async function assertMessagesInViewport(page, where) {
  const outside = await page.evaluate(() => {
    const width = (document.scrollingElement || document.documentElement).clientWidth;
    return [...document.querySelectorAll('.notice, .field-error, .confirm, [role="alert"], [role="status"], [role="alertdialog"]')]
      .map((el) => ({ el, r: el.getBoundingClientRect() }))
      .filter(({ r }) => r.width > 0 && r.height > 0 && (r.left < -0.5 || r.right > width + 0.5))
      .map(({ el, r }) => `${el.className || el.getAttribute('role')} (left ${Math.round(r.left)}, right ${Math.round(r.right)}): "${(el.textContent || '').slice(0, 60)}"`);
  });
  assert.deepEqual(outside, [], `${where}: messages stick out of the viewport`);
}

describe('the layout holds with the longest values stored', () => {
  let session;
  afterEach(async (t) => {
    if (session) {
      await saveScreenshot(session.page, `hostile-input-${t.name}`);
      await session.context.close();
      session = undefined;
    }
  });

  for (const width of [1280, 360]) {
    test(`${width} px: no horizontal scroll on any page, with objects open, deletions asked and a 10,000-character paste refused; messages stay in view`, async () => {
      session = await hostileSession({ viewport: { width, height: 900 } });
      const { page } = session;
      await gotoApp(session, '/#/settings');
      await importWorkspace(page, { text: LONG_WORKSPACE, replace: true });
      await page.getByText('Workspace imported.').waitFor({ state: 'visible' });
      const check = async (where) => {
        await assertNoHorizontalScroll(page, `${width} px, ${where}`);
        await assertMessagesInViewport(page, `${width} px, ${where}`);
      };
      await check('Settings with a long custom endpoint');

      // Key Vault parameters: the reference and its chain open, then its deletion asked.
      await navigate(page, 'Key Vault parameters');
      await check('the Key Vault references list');
      await page.getByRole('table', { name: 'Key Vault references' }).getByRole('button', { name: LONG.reference }).click();
      await page.getByRole('table', { name: 'Chains of certificates' }).getByRole('button', { name: LONG.chain }).click();
      await page.getByRole('form', { name: 'Chain of certificates' }).waitFor();
      await check('a reference open, with a chain');
      await page.getByRole('form', { name: 'Key Vault reference' }).getByRole('button', { name: 'Delete', exact: true }).click();
      await page.getByRole('alertdialog', { name: 'Confirm deletion' }).waitFor();
      await check('a reference\'s deletion asked');

      // Service environments: the environment open, a refused 10,000-character description, Clone, the bulk box, a registration request, deletions asked.
      await openEnvironment(page, LONG.environment);
      await check('an environment open');
      await field(page, 'environmentDescription').fill(W(10_000));
      await environmentForm(page).getByRole('button', { name: 'Save', exact: true }).click();
      await page.getByText('Correct these fields before saving:').waitFor({ state: 'visible' });
      await assertInvalidWith(field(page, 'environmentDescription'), 'at most 1000 characters');
      await check('a 10,000-character description refused');
      await environmentForm(page).getByRole('button', { name: 'Clone', exact: true }).click();
      await page.getByText('Add many users', { exact: true }).click();
      await page.getByRole('table', { name: 'Applications' }).getByRole('button').first().click();
      await field(page, 'registrationRequest').waitFor();
      await environmentForm(page).getByRole('button', { name: 'Delete', exact: true }).click();
      await page.getByRole('table', { name: 'Users' }).getByRole('button', { name: 'Delete', exact: true }).click();
      await check('Clone, the bulk box, a registration request and two deletions asked');

      // Connected applications: the application open, with its environment and the values for Finance.
      await navigate(page, 'Connected applications');
      await check('the connected applications list');
      await page.getByRole('table', { name: 'Connected applications' }).getByRole('button', { name: LONG.application }).click();
      await page.getByRole('table', { name: 'Values for Finance' }).waitFor();
      await check('a connected application open');

      await assertNothingInjected(page);
      session.assertNoProblems();
    });
  }
});
