// End-to-end: the draft kept in this browser when storage misbehaves, and
// workspace files with every kind of damage, in the release build, in
// Chromium. From the hardening issue:
//
// - "localStorage full (quota exceeded): the page says the draft could not
//   be saved and keeps it in memory; nothing silently lost";
// - "Storage unavailable (private mode, disabled): the page works with a
//   visible warning";
// - "Corrupted or tampered stored data, and imported files with every kind
//   of damage (truncated JSON, wrong types, huge arrays, duplicate names,
//   unknown schema version, deeply nested JSON): a clear message, the
//   current workspace untouched, no panic."
//
//   node --test tests/e2e/storage-faults.test.mjs
//
// How the faults are made: an init script (run before the app in every
// page of the context) wraps Storage.prototype.setItem so it throws a
// QuotaExceededError while `window.__storageFull` is true, or makes
// `window.localStorage` throw a SecurityError (or be null); a damaged draft
// is put in localStorage before the app first starts (console.mjs's
// seedLocalStorageOnce); a damaged file goes through Settings' "Import
// workspace" like any file.
//
// What administration.test.mjs already covers is not repeated here: its
// step 5 (a file with a bad email and an unknown field) and its test 6 (the
// recovery screen's download and "Start with an empty workspace" for one
// broken draft).
//
// Every test fails on any console error (a Rust panic prints one),
// uncaught page error (a wasm trap such as `unreachable`), failed request
// or dialog, and leaves a screenshot in tests/e2e/artifacts/.

import { describe, test, afterEach } from 'node:test';
import assert from 'node:assert/strict';

import {
  useConsole,
  openSession,
  seedLocalStorageOnce,
  reloadWhenSettled,
  gotoApp,
  navigate,
  createReference,
  addEntry,
  createEnvironment,
  openEnvironment,
  environmentsTable,
  addUser,
  listedUsers,
  storedText,
  importWorkspace,
  download,
  saveScreenshot,
  eventually,
  STORAGE_KEY,
  UAT_WORKSPACE,
} from './console.mjs';
import { storedWorkspace } from '../bench/workspace.mjs';

const shared = useConsole();

const REFERENCE = { name: 'ContosoKV', uri: 'https://contoso-einvoicing.vault.azure.net/' };
const SECRET = 'einvoicing-sas';
const SECRET_CHOICE = `${REFERENCE.name}/${SECRET}`;

const NOT_SAVED =
  "Your latest changes could not be saved in this browser: this browser's storage for the page is full. They are kept in this tab; export the workspace to keep a copy.";
const UNAVAILABLE =
  'This browser does not keep data for this page (storage is disabled or private browsing is on). Your work stays in this tab only: export it before closing the tab.';
const RECOVERY = 'Your saved workspace could not be opened';

/** Init script: Storage.prototype.setItem throws QuotaExceededError while window.__storageFull is true. */
function storageQuotaSwitch() {
  const setItem = Storage.prototype.setItem;
  Storage.prototype.setItem = function setItemUnlessFull(key, value) {
    if (window.__storageFull) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    return setItem.call(this, key, value);
  };
}

/** Init script: window.localStorage throws a SecurityError on access ('throws') or is null ('null'). */
function storageUnavailable(how) {
  Object.defineProperty(window, 'localStorage', {
    configurable: true,
    get() {
      if (how === 'null') return null;
      throw new DOMException("Failed to read the 'localStorage' property from 'Window': Access is denied for this document.", 'SecurityError');
    },
  });
}

/** What a person sees of where the work is kept: the banner above the page, if any. */
function keepingNotice(page, text) {
  return page.locator('main .notice').filter({ hasText: text });
}

/** Every console message of the session, whatever its type (a panic or a trap may be logged as anything). */
function recordConsole(session) {
  const lines = [];
  session.page.on('console', (msg) => lines.push(`${msg.type()}: ${msg.text()}`));
  return lines;
}

function assertNoPanic(session, lines) {
  const panics = lines.filter((l) => /panicked at|unreachable|RuntimeError/i.test(l));
  assert.deepEqual(panics, [], 'no panic or wasm trap was logged');
  session.assertNoProblems();
}

// The session of the running test (storage full / unavailable, imports),
// screenshotted and closed after it.
let session;
afterEach(async (t) => {
  if (session) {
    await saveScreenshot(session.page, `storage-faults-${t.name}`);
    await session.context.close();
    session = undefined;
  }
});

// ---- Storage full or unavailable --------------------------------------------------

describe('the draft when this browser cannot keep it', () => {

  test('localStorage full: the page says the change was not saved and keeps it on screen, usable and exportable; with room again the next change saves everything', async () => {
    session = await openSession(shared, { initScripts: [storageQuotaSwitch] });
    const { page } = session;
    const consoleLines = recordConsole(session);
    await gotoApp(session, '/#/key-vaults');
    await createReference(page, REFERENCE);
    await addEntry(page, { name: SECRET, type: 'Secret' });
    const before = await storedText(page);
    assert.match(before, /"name":"einvoicing-sas"/, 'the reference was saved while there was room');

    // Storage full: UAT is created, and the page says it was not saved.
    await page.evaluate(() => {
      window.__storageFull = true;
    });
    await createEnvironment(page, { name: 'UAT', secret: SECRET_CHOICE });
    const full = keepingNotice(page, 'could not be saved');
    await full.waitFor({ state: 'visible' });
    assert.equal((await full.innerText()).trim(), NOT_SAVED);
    assert.equal(await full.getAttribute('role'), 'alert', 'the message is announced');
    assert.equal(await storedText(page), before, 'the stored draft is the one before the failed save');

    // The edit stays on screen and usable: a user is added to it.
    await addUser(page, 'ana', 'ana@contoso.com');
    await page.getByText("User 'ana' added.").waitFor({ state: 'visible' });
    assert.deepEqual(await listedUsers(page), ['ana']);
    await full.waitFor({ state: 'visible' });
    await navigate(page, 'Key Vault parameters');
    await full.waitFor({ state: 'visible' });
    assert.equal(await storedText(page), before, 'still nothing new is stored');

    // Export, as the message advises, holds the unsaved work.
    await navigate(page, 'Settings');
    const { text } = await download(page, page.getByRole('button', { name: 'Export workspace', exact: true }));
    const exported = JSON.parse(text);
    assert.deepEqual(
      exported.environments.map((e) => [e.name, e.users.map((u) => u.userId), e.storageSasTokenSecret?.secretName]),
      [['UAT', ['ana'], SECRET]],
      'the export holds the edits the storage could not keep',
    );

    // Room again: the next change saves it all, the earlier edits included, and the message goes.
    await page.evaluate(() => {
      window.__storageFull = false;
    });
    await openEnvironment(page, 'UAT');
    await addUser(page, 'bo', 'bo@contoso.com');
    await page.getByText("User 'bo' added.").waitFor({ state: 'visible' });
    await full.waitFor({ state: 'hidden' });
    const saved = JSON.parse(await storedText(page));
    assert.deepEqual(saved.workspace.keyVaultReferences.map((r) => r.name), [REFERENCE.name]);
    assert.deepEqual(
      saved.workspace.environments.map((e) => [e.name, e.users.map((u) => u.userId)]),
      [['UAT', ['ana', 'bo']]],
      'the stored draft now holds the edits made while the storage was full',
    );

    await reloadWhenSettled(page);
    await openEnvironment(page, 'UAT');
    assert.deepEqual(await listedUsers(page), ['ana', 'bo'], 'a reload shows everything');
    assert.equal(await keepingNotice(page, 'could not be saved').count(), 0);
    assertNoPanic(session, consoleLines);
  });

  test('localStorage full from the first change: the message shows at once, and nothing is lost once there is room', async () => {
    session = await openSession(shared, {
      initScripts: [
        storageQuotaSwitch,
        () => {
          window.__storageFull = true;
        },
      ],
    });
    const { page } = session;
    const consoleLines = recordConsole(session);
    await gotoApp(session, '/#/environments');
    await createEnvironment(page, { name: 'UAT' });
    const full = keepingNotice(page, 'could not be saved');
    await full.waitFor({ state: 'visible' });
    assert.equal((await full.innerText()).trim(), NOT_SAVED);
    assert.equal(await storedText(page), null, 'nothing is stored');
    await page.evaluate(() => {
      window.__storageFull = false;
    });
    await createEnvironment(page, { name: 'PROD' });
    await full.waitFor({ state: 'hidden' });
    assert.deepEqual(JSON.parse(await storedText(page)).workspace.environments.map((e) => e.name), ['UAT', 'PROD']);
    assertNoPanic(session, consoleLines);
  });

  for (const [how, what] of [
    ['throws', 'reading window.localStorage throws a SecurityError (storage disabled)'],
    ['null', 'window.localStorage is null'],
  ]) {
    test(`storage unavailable (${what}): a visible warning on every page, and the console works`, async () => {
      session = await openSession(shared, { initScripts: [[storageUnavailable, how]] });
      const { page } = session;
      const consoleLines = recordConsole(session);
      await gotoApp(session, '/#/environments');
      const warning = keepingNotice(page, 'does not keep data');
      await warning.waitFor({ state: 'visible' });
      assert.equal((await warning.innerText()).trim(), UNAVAILABLE);

      await createReference(page, REFERENCE);
      await addEntry(page, { name: SECRET, type: 'Secret' });
      await createEnvironment(page, { name: 'UAT', secret: SECRET_CHOICE });
      await addUser(page, 'ana', 'ana@contoso.com');
      await page.getByText("User 'ana' added.").waitFor({ state: 'visible' });
      assert.deepEqual(await listedUsers(page), ['ana']);
      await environmentsTable(page).getByRole('button', { name: 'UAT', exact: true }).waitFor();
      for (const name of ['Key Vault parameters', 'Connected applications', 'Settings']) {
        await navigate(page, name);
        await warning.waitFor({ state: 'visible' });
      }
      // Export, as the warning advises, works and holds the work.
      const { text } = await download(page, page.getByRole('button', { name: 'Export workspace', exact: true }));
      assert.deepEqual(JSON.parse(text).environments.map((e) => [e.name, e.users.map((u) => u.userId)]), [['UAT', ['ana']]]);
      assertNoPanic(session, consoleLines);
    });
  }
});

// ---- Damaged or tampered drafts in storage ----------------------------------------

/**
 * A draft as this console stores it (src/storage/envelope.rs): the
 * benchmark's stored workspace (tests/bench/workspace.mjs) with ContosoKV and
 * its secret, and UAT with ana and bo.
 */
const GOOD_DRAFT = (() => {
  const envelope = storedWorkspace({ users: 0 });
  const { workspace } = envelope;
  workspace.keyVaultReferences[0].certificates[0].description = "The storage account's SAS URL";
  workspace.environments[0].users = [
    { userId: 'ana', email: 'ana@contoso.com' },
    { userId: 'bo', email: 'bo@contoso.com' },
  ];
  workspace.settings = { endpoint: null, timeout: 30 };
  return JSON.stringify(envelope);
})();

/** GOOD_DRAFT with its parsed form changed by `change`. */
function draft(change) {
  const envelope = JSON.parse(GOOD_DRAFT);
  change(envelope, envelope.workspace, envelope.workspace.environments[0]);
  return JSON.stringify(envelope);
}

/** GOOD_DRAFT with one piece of its text replaced (for what JSON.stringify cannot write). */
function draftText(from, to) {
  assert.ok(GOOD_DRAFT.includes(from), `the draft holds ${from}`);
  return GOOD_DRAFT.replace(from, to);
}

/** [what, stored text, parts of the reason shown] */
const DAMAGED_DRAFTS = [
  ['truncated half-way', GOOD_DRAFT.slice(0, Math.floor(GOOD_DRAFT.length / 2)), ['it is not valid JSON']],
  ['an empty text', '', ['it is not valid JSON']],
  ['trailing garbage after the JSON', `${GOOD_DRAFT}}garbage`, ['it is not valid JSON', 'trailing characters']],
  ['another application\'s data under the key', '{"theme":"dark","sidebar":true}', ['it is not a workspace saved by this console']],
  ['a draft of a newer console (version 3)', draft((e) => (e.version = 3)), ['saved by a newer version of this console (format version 3; this one reads 2)']],
  ['a draft with no version', draft((e) => delete e.version), ['its format version is missing or unknown']],
  ['wrong types: users as an object', draft((e, w, uat) => (uat.users = { ana: 'ana@contoso.com' })), ['it is damaged', 'expected a sequence']],
  ['wrong types: the id counter as text', draft((e, w) => (w.nextId = '3')), ['it is damaged']],
  ['a huge array: 200,000 numbers as applications', draft((e, w, uat) => (uat.applications = new Array(200_000).fill(0))), ['it is damaged']],
  ['deeply nested: 100,000 "["', '['.repeat(100_000), ['it is not valid JSON']],
  [
    'deeply nested inside the draft: 100,000 balanced brackets',
    draftText('"applications":[]', `"applications":${'['.repeat(100_000)}${']'.repeat(100_000)}`),
    ['it is damaged'],
  ],
  ['a field named twice', draftText('"name":"UAT"', '"name":"UAT","name":"PROD"'), ['it is damaged', 'duplicate field']],
];

/** Valid JSON of the right shape whose values break the domain's rules: [what, stored text, parts of the reason shown]. */
const TAMPERED_DRAFTS = [
  [
    'a SAS token as the secret\'s name',
    draft((e, w) => (w.keyVaultReferences[0].certificates[0].name = 'sv=2022-11-02&se=2030-01-01&sig=AbCd%2Bef%3D')),
    ['it is damaged', 'This looks like a SAS token', 'store it in Key Vault'],
  ],
  [
    'a JWT as a description',
    draft((e, w, uat) => (uat.description = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl')),
    ['it is damaged', 'This looks like an access token (JWT)', 'store it in Key Vault'],
  ],
  ['a bad email', draft((e, w, uat) => (uat.users[1].email = 'bo@@contoso')), ['it is damaged', "'bo@@contoso' is not a valid email address"]],
  [
    'a duplicate environment name (another case)',
    draft((e, w, uat) => {
      w.environments.push({ ...structuredClone(uat), id: 4, name: 'uat' });
      w.nextId = 4;
    }),
    ['it is damaged', "two service environments named 'uat'", 'without regard to case'],
  ],
  [
    'a dangling Storage SAS token secret',
    draft((e, w, uat) => (uat.storageSasSecret = { reference: 9, entry: 2 })),
    ['it is damaged', "Service environment 'UAT': its Storage SAS token secret is not a Secret-type entry of an existing Key Vault reference"],
  ],
  [
    'a Storage SAS token secret that is a certificate',
    draft((e, w) => (w.keyVaultReferences[0].certificates[0].type = 'certificate')),
    ['it is damaged', 'is not a Secret-type entry'],
  ],
  [
    'a user listed twice (another case)',
    draft((e, w, uat) => (uat.users[1] = { userId: 'ANA', email: 'bo@contoso.com' })),
    ['it is damaged', "Service environment 'UAT': a User ID or an Email is listed twice"],
  ],
  ['two objects with one id', draft((e, w, uat) => (uat.id = 1)), ['it is damaged', 'uses the id 1 for two objects']],
  ['an environment name with spaces', draft((e, w, uat) => (uat.name = 'U A T')), ['it is damaged', "'U A T' contains ' '"]],
  [
    'an endpoint over http:// to another machine',
    draft((e, w) => (w.settings.endpoint = { kind: 'custom', url: 'http://evil.example/' })),
    ['it is damaged', 'http:// is allowed only for localhost or 127.0.0.1'],
  ],
  [
    'a javascript: endpoint',
    draft((e, w) => (w.settings.endpoint = { kind: 'custom', url: 'javascript:alert(1)' })),
    ['it is damaged', 'The endpoint URL must start with https://'],
  ],
  ['a wait of 0 seconds', draft((e, w) => (w.settings.timeout = 0)), ['it is damaged', 'Wait from 1 to 300 seconds for the service; 0 is out of range']],
  ['a NUL in a description', draft((e, w, uat) => (uat.description = 'a\u0000b')), ['it is damaged', "'a\\0b' contains '\\0'"]],
];

/**
 * Opens the console over `text` put in storage before it starts; returns
 * the session, the console lines and the recovery screen's reason (or
 * null when the console opened instead).
 */
async function openOver(text) {
  const session = await openSession(shared, { initScripts: [[seedLocalStorageOnce, [STORAGE_KEY, text]]] });
  const consoleLines = recordConsole(session);
  const { page } = session;
  await page.goto(session.url('/#/environments'), { waitUntil: 'load' });
  const recovery = page.getByRole('heading', { name: RECOVERY });
  const console_ = page.getByRole('navigation');
  await recovery.or(console_).first().waitFor({ state: 'visible' });
  const reason = (await recovery.isVisible()) ? await page.locator('.recovery p').first().textContent() : null;
  return { session, consoleLines, reason };
}

/** The recovery screen shows, with a reason holding `parts`; the text is still stored, byte for byte, after the save loop had its frames. */
async function assertRecovery({ session, consoleLines, reason }, text, parts) {
  const { page } = session;
  assert.notEqual(reason, null, 'the recovery screen is shown, not the console');
  assert.ok(reason.startsWith('The workspace saved in this browser could not be read: '), reason);
  for (const part of parts) assert.ok(reason.includes(part), `the reason says "${part}": ${reason.slice(0, 400)}`);
  assert.equal(await page.getByRole('navigation').count(), 0, 'the console is not shown over the unreadable draft');
  assert.equal(await page.locator('.crash-screen').count(), 0, 'no crash screen');
  assert.equal(await storedText(page), text, 'the stored text is untouched until the administrator decides');
  assertNoPanic(session, consoleLines);
  return reason;
}

describe('a damaged or tampered draft in storage: a clear reason, the text untouched, no panic', () => {
  let current;
  afterEach(async (t) => {
    if (current) {
      await saveScreenshot(current.session.page, `storage-faults-${t.name}`);
      await current.session.context.close();
      current = undefined;
    }
  });

  test('the recovery screen\'s download is the stored text, byte for byte, for a 400 kB damaged draft', async () => {
    const text = DAMAGED_DRAFTS.find(([what]) => what.startsWith('a huge array'))[1];
    current = await openOver(text);
    await assertRecovery(current, text, ['it is damaged']);
    const { text: downloaded } = await download(current.session.page, current.session.page.getByRole('button', { name: 'Download it as it is' }));
    assert.equal(downloaded.length, text.length);
    assert.ok(downloaded === text, 'the download is the stored text');
  });

  for (const [what, text, parts] of DAMAGED_DRAFTS) {
    test(`damaged: ${what}`, async () => {
      current = await openOver(text);
      await assertRecovery(current, text, parts);
    });
  }

  for (const [what, text, parts] of TAMPERED_DRAFTS) {
    test(`tampered: ${what}`, async () => {
      current = await openOver(text);
      await assertRecovery(current, text, parts);
    });
  }

  test('untouched: a markup-looking Key Vault reference name is valid, so the draft opens and shows it as text', async () => {
    const name = '<img src=x onerror="window.__pwned=1">';
    const text = draft((e, w) => (w.keyVaultReferences[0].name = name));
    current = await openOver(text);
    assert.equal(current.reason, null, 'the console opens');
    const { page } = current.session;
    await navigate(page, 'Key Vault parameters');
    const cell = page.getByRole('table', { name: 'Key Vault references' }).getByRole('button', { name, exact: true });
    assert.equal(await cell.textContent(), name);
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    assert.equal(await storedText(page), text, 'an unchanged draft is not rewritten');
    assertNoPanic(current.session, current.consoleLines);
  });

  test(
    'valid JSON that is not this console\'s draft is called so, not "not valid JSON", and the reason names no Rust type',
    async () => {
      for (const [text, part] of [
        ['null', 'it is not a workspace saved by this console'],
        ['42', 'it is not a workspace saved by this console'],
        ['[]', 'it is not a workspace saved by this console'],
        ['"einvoicing-console/stored-workspace"', 'it is not a workspace saved by this console'],
        [draft((e) => (e.version = '1')), 'its format version is missing or unknown'],
      ]) {
        current = await openOver(text);
        const reason = await assertRecovery(current, text, [part]);
        assert.doesNotMatch(reason, /not valid JSON|struct Head|u32/, `the reason for ${text.slice(0, 40)} is in plain words: ${reason}`);
        await current.session.context.close();
        current = undefined;
      }
    },
  );

  test(
    'a field this console does not know (tampered, or from a newer console) is not silently dropped',
    async () => {
      for (const [where, text] of [
        ['the workspace', draft((e, w) => (w.retention = { days: 30 }))],
        ['an environment', draft((e, w, uat) => (uat.region = 'eu'))],
        ['a user', draft((e, w, uat) => (uat.users[0].role = 'admin'))],
        ['the workspace, 100,000 brackets deep', draftText('"nextId":3', `"nextId":3,"extra":${'['.repeat(100_000)}${']'.repeat(100_000)}`)],
      ]) {
        current = await openOver(text);
        const { page } = current.session;
        // Give the save loop its frames, then look.
        await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 50))));
        assert.equal(await storedText(page), text, `a draft with an unknown field in ${where} is not rewritten without it`);
        await assertRecovery(current, text, ['it is damaged']);
        await current.session.context.close();
        current = undefined;
      }
    },
  );

  test(
    'a tampered id counter at the top of its range: new objects still get ids of their own, or the draft is refused',
    async () => {
      const text = draft((e, w) => (w.nextId = 2 ** 64 - 1)).replace('"nextId":18446744073709552000', '"nextId":18446744073709551615');
      assert.match(text, /"nextId":18446744073709551615/);
      current = await openOver(text);
      if (current.reason !== null) {
        await assertRecovery(current, text, ['it is damaged']);
        return;
      }
      const { page } = current.session;
      await createEnvironment(page, { name: 'PROD' });
      await createEnvironment(page, { name: 'DEV' });
      const ids = (JSON.parse(await storedText(page)).workspace);
      const all = [
        ...ids.keyVaultReferences.flatMap((r) => [r.id, ...r.certificates.map((c) => c.id)]),
        ...ids.environments.map((e) => e.id),
      ];
      assert.equal(new Set(all).size, all.length, `every object has an id of its own: ${JSON.stringify(all)}`);
      await reloadWhenSettled(page);
      assert.equal(await page.getByRole('heading', { name: RECOVERY }).count(), 0, 'the draft still opens after a reload');
      assert.deepEqual(
        await environmentsTable(page).locator('tbody tr td:first-child').allTextContents(),
        ['UAT', 'PROD', 'DEV'],
      );
      assertNoPanic(current.session, current.consoleLines);
    },
  );
});

// ---- Damaged workspace files ------------------------------------------------------------

const UAT_FILE = JSON.parse(UAT_WORKSPACE);

/** UAT_WORKSPACE with its parsed form changed by `change`, written with `indent`. */
function file(change, indent = 2) {
  const f = structuredClone(UAT_FILE);
  change(f, f.environments[0]);
  return JSON.stringify(f, null, indent);
}

/** [what, file content (text or bytes), parts every one of which some listed problem holds] */
const DAMAGED_FILES = [
  ['truncated JSON', UAT_WORKSPACE.slice(0, Math.floor(UAT_WORKSPACE.length / 2)), ['This is not valid JSON', 'line']],
  ['an empty file', '', ['The file is empty']],
  ['null', 'null', ['This is not a workspace file', 'this file holds null']],
  ['a list instead of an object', '[{"format":"einvoicing-console/workspace"}]', ['This is not a workspace file', 'this file holds an array']],
  [
    'wrong types (a list as text, a name as a number, a description as a list)',
    file((f, uat) => {
      uat.users = 'ana,bo';
      f.keyVaultReferences[0].certificates[0].name = 42;
      uat.description = ['Validation'];
    }),
    ['/environments/0/users', '/keyVaultReferences/0/certificates/0/name', '/environments/0/description'],
  ],
  ['the version as text', file((f) => (f.version = '1')), ['/version', 'whole number']],
  ['an unknown schema version (3)', file((f) => (f.version = 3)), ['/version', 'newer version of the console']],
  ['another file format', file((f) => (f.format = 'einvoicing-console/stored-workspace')), ['/format', 'This is not a workspace file']],
  [
    'a huge array: 200,000 users (7 MB)',
    file((f, uat) => (uat.users = Array.from({ length: 200_000 }, (_, i) => ({ userId: `u${i}`, email: `u${i}@c.io` }))), 0),
    ['more than 100000 values'],
  ],
  ['more than 10 MiB', JSON.stringify({ ...UAT_FILE, padding: 'x'.repeat(10 * 1024 * 1024) }), ['may be at most 10485760 bytes (10 MiB)']],
  [
    'duplicate names (UAT and uat)',
    file((f, uat) => f.environments.push({ ...structuredClone(uat), name: 'uat' })),
    ['/environments/1/name', "A service environment named 'uat' already exists"],
  ],
  [
    'duplicate Key Vault references (contosokv)',
    file((f) => f.keyVaultReferences.push({ ...structuredClone(f.keyVaultReferences[0]), name: 'contosokv' })),
    ['/keyVaultReferences/1/name'],
  ],
  ['a field named twice', UAT_WORKSPACE.replace('"name": "UAT",', '"name": "UAT",\n      "name": "PROD",'), ['/environments/0/name', 'twice']],
  ['deeply nested: 100,000 "["', '['.repeat(100_000), ['nest more than 64 levels deep']],
  [
    'deeply nested inside an environment, balanced',
    file((f, uat) => (uat.applications = JSON.parse(`${'['.repeat(200)}${']'.repeat(200)}`))),
    ['/environments/0/applications/0/0/0', 'nest more than 64 levels deep'],
  ],
  ['bytes that are not UTF-8', Buffer.from([0xff, 0xfe, 0x7b, 0x00, 0x22, 0x00, 0xc3, 0x28, 0x80, 0x81]), ['This is not valid JSON']],
  [
    'a SAS token as the secret\'s name',
    file((f) => (f.keyVaultReferences[0].certificates[0].name = 'sv=2022-11-02&se=2030-01-01&sig=AbCd%2Bef%3D')),
    ['/keyVaultReferences/0/certificates/0/name', 'store it in Key Vault'],
  ],
  [
    'markup as an environment name',
    file((f, uat) => (uat.name = '<img src=x onerror="window.__pwned=1">')),
    ['/environments/0/name', `'<img src=x onerror="window.__pwned=1">' contains '<'`],
  ],
];

describe('an imported file with damage of every kind is refused with a clear message; the workspace and its stored text stay as they were', () => {

  test('into a workspace holding UAT: every damaged file is refused, listing its problems; nothing changes', async () => {
    session = await openSession(shared);
    const { page } = session;
    const consoleLines = recordConsole(session);
    await gotoApp(session, '/#/settings');
    await importWorkspace(page, { text: UAT_WORKSPACE, replace: true });
    const before = await storedText(page);
    assert.match(before, /"name":"UAT"/);

    const refusal = page.getByRole('alert').filter({ hasText: 'The file was not imported' });
    for (const [i, [what, content, parts]] of DAMAGED_FILES.entries()) {
      await importWorkspace(page, { name: `damaged-${i + 1}.json`, text: content });
      const shown = await eventually(
        async () => {
          if (!(await refusal.isVisible())) return null;
          const problems = await refusal.locator('li').allTextContents();
          return parts.every((p) => problems.some((line) => line.includes(p))) ? problems : null;
        },
        { timeoutMs: 20_000, what: `${what}: the refusal listing ${JSON.stringify(parts)}` },
      ).catch(async (err) => {
        throw new Error(`${err.message}; the page says: ${(await page.locator('form[aria-labelledby="file-title"]').innerText()).slice(0, 600)}`);
      });
      const heading = await refusal.locator('p').first().textContent();
      assert.match(heading, /^The file was not imported: \d+ problems? \(your workspace is unchanged\)\.$/, `${what}: ${heading}`);
      assert.ok(shown.every((line) => line.length < 2000), `${what}: every problem is short enough to read`);
      assert.equal(await refusal.locator('li *').count(), 0, `${what}: the problems are plain text`);
      assert.equal(await page.getByText('Replace the current workspace?').count(), 0, `${what}: a damaged file is not offered for import`);
      assert.equal(await storedText(page), before, `${what}: the stored workspace is untouched, byte for byte`);
    }

    // What the pages show is UAT as it was.
    await openEnvironment(page, 'UAT');
    assert.deepEqual(await listedUsers(page), ['ana', 'bo']);
    assert.deepEqual(await environmentsTable(page).locator('tbody tr td:first-child').allTextContents(), ['UAT']);
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    assertNoPanic(session, consoleLines);
  });

  test(
    'an environment with 1,001 users (the console allows it) exports a file that imports back',
    async () => {
      session = await openSession(shared);
      const { page } = session;
      await gotoApp(session, '/#/settings');
      await importWorkspace(page, { text: UAT_WORKSPACE, replace: true });
      await openEnvironment(page, 'UAT');
      await page.getByText('Add many users', { exact: true }).click();
      const lines = Array.from({ length: 999 }, (_, i) => `user${i + 1},user${i + 1}@contoso.com`);
      await page.getByLabel('Users, one per line: User ID,Email').fill(lines.join('\n'));
      await page.getByRole('button', { name: 'Add users', exact: true }).click();
      await page.getByText('999 users added.', { exact: true }).waitFor({ state: 'visible' });
      await page.getByRole('heading', { name: 'Users (1001)', exact: true }).waitFor();

      await navigate(page, 'Settings');
      const { text } = await download(page, page.getByRole('button', { name: 'Export workspace', exact: true }));
      assert.equal(JSON.parse(text).environments[0].users.length, 1001);
      await importWorkspace(page, { name: 'einvoicing-workspace.json', text });
      const outcome = page.getByText('Replace the current workspace?').or(page.getByRole('alert').filter({ hasText: 'The file was not imported' }));
      await outcome.first().waitFor({ state: 'visible' });
      assert.equal(
        await page.getByText('Replace the current workspace?').count(),
        1,
        `the console's own export is offered for import; the page says: ${(await page.locator('form[aria-labelledby="file-title"]').innerText()).slice(0, 400)}`,
      );
      session.assertNoProblems();
    },
  );
});
