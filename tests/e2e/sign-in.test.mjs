// End-to-end: signing in with the authorization code flow + PKCE, in the
// release build, in Chromium, against the local development receiver
// started with --require-sign-in (its authorization server double signs a
// test user in; /api/ answers 401 without one of its tokens).
//
//   trunk build --release && cargo build -p einvoicing-receiver
//   node --test tests/e2e/sign-in.test.mjs
//
// Sign in → back on the same page with the edits intact → Publish carries
// the bearer token; a wrong state is refused; a reused code is refused; an
// expired token → 401 → Sign in again → the same publish, same key, applied
// exactly once. localStorage (and sessionStorage) never hold a token.

import { describe, test, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';

import {
  useConsole,
  openSession,
  navigate,
  label,
  typeLikeAPerson,
  addUser,
  listedUsers,
  useEndpoint,
  openEnvironment,
  openWithUat,
  publishButton,
  publishRegion,
  waitForPublished,
  waitForStatus,
  saveScreenshot,
  eventually,
  setUpSignIn as setUpSignInWith,
  SIGN_IN_TENANT,
} from './console.mjs';
import { useReceiver, recordRequests, assertOnlyExpectedProblems } from './receiver.mjs';

const shared = useConsole();
const service = useReceiver({ args: ['--require-sign-in', '--token-lifetime', '600'] });

const TENANT = SIGN_IN_TENANT;
const WHO = 'Test Administrator (admin@contoso.test)';

/** The shared set-up (console.mjs), and the Redirect URI it shows: this page. */
async function setUpSignIn(page, receiver) {
  const form = await setUpSignInWith(page, receiver.url);
  assert.equal(await form.getByLabel('Redirect URI').inputValue(), new URL('/', shared.server.url).href);
  return form;
}

/** Everything this origin keeps in the browser, as one text. */
async function everythingStored(page) {
  return page.evaluate(() => {
    const dump = (s) => Object.fromEntries(Array.from({ length: s.length }, (_, i) => [s.key(i), s.getItem(s.key(i))]));
    return JSON.stringify({ local: dump(localStorage), session: dump(sessionStorage) });
  });
}

/** The token the double issued, from the requests that carried it. */
async function tokensSent(requests) {
  return [...new Set((await requests()).map((r) => r.headers.authorization).filter(Boolean))];
}

async function assertNoTokenStored(page, tokens, when) {
  const stored = await everythingStored(page);
  for (const header of tokens) {
    const token = header.replace(/^Bearer /, '');
    assert.ok(token.length > 10, 'a real token');
    assert.ok(!stored.includes(token), `no token in localStorage or sessionStorage ${when}`);
  }
  assert.doesNotMatch(stored, /rx\.[0-9a-f]{32}/, `nothing shaped like the double's tokens is stored ${when}`);
}

describe('signing in (authorization code + PKCE) against the receiver requiring sign-in', () => {
  let current;
  beforeEach(async () => {
    await service.receiver.reset();
    current = undefined;
  });
  afterEach(async (t) => {
    if (current) {
      await saveScreenshot(current.page, `sign-in-${t.name}`);
      await current.context.close();
    }
  });

  test('sign in → back on the same page with the edits intact → Publish succeeds with the bearer token', async () => {
    const receiver = service.receiver;
    const session = await openSession(shared);
    const { page } = session;
    current = session;
    const requests = recordRequests(session.context, receiver.url);
    const logged = [];
    session.context.on('console', (msg) => logged.push(msg.text()));
    await openWithUat(session);
    await useEndpoint(page, receiver.url);
    const form = await setUpSignIn(page, receiver);
    assert.equal(await form.getByRole('status').first().innerText(), 'Not signed in.');

    // An edit, not yet published, then leave for the sign-in.
    await openEnvironment(page, 'UAT');
    await addUser(page, 'ben', 'ben@contoso.com');
    await page.getByText("User 'ben' added.").waitFor({ state: 'visible' });
    await navigate(page, 'Settings');
    const before = await everythingStored(page);
    await form.getByRole('button', { name: 'Sign in', exact: true }).click();

    // Back from the double: on Settings again, signed in, the address clean.
    await page.getByText(`Signed in as ${WHO}.`).waitFor({ state: 'visible' });
    assert.equal(new URL(page.url()).search, '', 'the code and state left the address');
    assert.equal(new URL(page.url()).hash, '#/settings', 'back on the page the sign-in started from');
    assert.equal(
      await page.getByRole('navigation').getByRole('link', { name: 'Settings' }).getAttribute('aria-current'),
      'page',
    );
    assert.match(
      await page.getByRole('form', { name: 'Sign-in' }).getByRole('status').first().innerText(),
      new RegExp(`^Signed in as ${WHO.replace(/[()]/g, '\\$&')}; the sign-in expires in (9|10) minutes\\.$`),
    );
    const stats = await receiver.stats();
    assert.deepEqual([stats.signIn.authorizations, stats.signIn.tokensIssued], [1, 1]);
    assert.equal(JSON.parse(await everythingStored(page)).local['einvoicing-console/workspace'], JSON.parse(before).local['einvoicing-console/workspace'], 'the draft is as it was left');

    await openEnvironment(page, 'UAT');
    assert.ok((await listedUsers(page)).includes('ben'), 'the edit made before leaving is there');
    await publishButton(page).click();
    await waitForPublished(page, 'UAT', 1);
    const publishes = await requests.publishes();
    assert.equal(publishes.length, 1);
    assert.match(publishes[0].headers.authorization, /^Bearer rx\.[0-9a-f]{32}$/);
    assert.deepEqual((await receiver.stats()).applied, { uat: 1 });
    assert.ok(JSON.parse(publishes[0].body).users.some((u) => u.userId === 'ben'), 'the edit was published');

    // The number-sequence calls carry it too.
    await page.getByRole('button', { name: 'Refresh In use and Current value' }).click();
    await page.getByText(/^In use and Current value read from the service/).waitFor({ state: 'visible' });
    const listed = (await requests()).filter((r) => r.method === 'GET' && r.path.endsWith('/number-sequences'));
    assert.equal(listed.length, 1);
    assert.equal(listed[0].headers.authorization, publishes[0].headers.authorization);

    await assertNoTokenStored(page, await tokensSent(requests), 'after publishing');
    const token = publishes[0].headers.authorization.replace(/^Bearer /, '');
    assert.ok(!logged.some((line) => line.includes(token)), 'the token never reaches the console');

    // Sign out forgets who signed in and the token.
    await navigate(page, 'Settings');
    await page.getByRole('form', { name: 'Sign-in' }).getByRole('button', { name: 'Sign out' }).click();
    assert.equal(await page.getByRole('form', { name: 'Sign-in' }).getByRole('status').first().innerText(), 'Not signed in.');
    await page.getByRole('form', { name: 'Access token' }).getByText('No token set: calls are sent without one.').waitFor({ state: 'visible' });
    await page.reload({ waitUntil: 'load' });
    await navigate(page, 'Settings');
    assert.equal(
      await page.getByRole('form', { name: 'Sign-in' }).getByRole('status').first().innerText(),
      'Not signed in.',
      'a reload forgets the sign-in (memory only)',
    );
    await assertNoTokenStored(page, await tokensSent(requests), 'after a reload');
    session.assertNoProblems();
  });

  test('a redirect back with a wrong state is refused, and no code is exchanged', async () => {
    const receiver = service.receiver;
    const session = await openSession(shared);
    const { page, context } = session;
    current = session;
    const requests = recordRequests(context, receiver.url);
    await openWithUat(session);
    await useEndpoint(page, receiver.url);
    const form = await setUpSignIn(page, receiver);
    // The double's real answer, its state replaced on the way back.
    await context.route(`${receiver.url}${TENANT}/oauth2/v2.0/authorize?*`, async (route) => {
      const response = await route.fetch({ maxRedirects: 0 });
      const location = new URL(response.headers().location);
      assert.ok(location.searchParams.get('code'), 'the double issued a code');
      location.searchParams.set('state', 'forged-by-someone-else');
      await route.fulfill({ status: 302, headers: { location: location.href } });
    });
    await form.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page
      .getByText('Sign-in failed. The sign-in answer does not belong to the sign-in started here (its state does not match), so it was refused.', { exact: false })
      .waitFor({ state: 'visible' });
    assert.equal(new URL(page.url()).search, '', 'the forged code left the address');
    await navigate(page, 'Settings');
    assert.equal(await page.getByRole('form', { name: 'Sign-in' }).getByRole('status').first().innerText(), 'Not signed in.');
    const tokenRequests = (await requests()).filter((r) => r.path.endsWith('/oauth2/v2.0/token'));
    assert.deepEqual(tokenRequests, [], 'the code was never sent to the token endpoint');
    assert.equal((await receiver.stats()).signIn.tokensIssued, 0);
    session.assertNoProblems();
  });

  test('a reused code is refused by the token endpoint, and signs no one in', async () => {
    const receiver = service.receiver;
    const session = await openSession(shared);
    const { page, context } = session;
    current = session;
    await openWithUat(session);
    await useEndpoint(page, receiver.url);
    const form = await setUpSignIn(page, receiver);
    const callbacks = [];
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame() && new URL(frame.url()).searchParams.has('code')) callbacks.push(frame.url());
    });
    await form.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByText(`Signed in as ${WHO}.`).waitFor({ state: 'visible' });
    const firstCode = new URL(callbacks[0]).searchParams.get('code');

    // The second sign-in gets the first one's code back (its own state):
    // someone replaying a code they saw.
    await context.route(`${receiver.url}${TENANT}/oauth2/v2.0/authorize?*`, async (route) => {
      const asked = new URL(route.request().url());
      const back = new URL(asked.searchParams.get('redirect_uri'));
      back.searchParams.set('code', firstCode);
      back.searchParams.set('state', asked.searchParams.get('state'));
      await route.fulfill({ status: 302, headers: { location: back.href } });
    });
    await navigate(page, 'Settings');
    await page.getByRole('form', { name: 'Sign-in' }).getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByText(/^Sign-in failed\. The sign-in code was already used or has expired \(The authorization code was already redeemed\)/).waitFor({ state: 'visible' });
    await navigate(page, 'Settings');
    assert.equal(await page.getByRole('form', { name: 'Sign-in' }).getByRole('status').first().innerText(), 'Not signed in.');
    const stats = await receiver.stats();
    assert.equal(stats.signIn.codesRefused, 1);
    assert.equal(stats.signIn.tokensIssued, 1, 'no second token');
    assertOnlyExpectedProblems(session, receiver.url, { statuses: [400] });
  });

  test('an expired token: 401, "Sign in again", and the same publish is applied exactly once with the same key', async () => {
    const receiver = service.receiver;
    const session = await openSession(shared);
    const { page } = session;
    current = session;
    const requests = recordRequests(session.context, receiver.url);
    await openWithUat(session);
    await useEndpoint(page, receiver.url);
    const form = await setUpSignIn(page, receiver);
    await form.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByText(`Signed in as ${WHO}.`).waitFor({ state: 'visible' });
    await openEnvironment(page, 'UAT');
    await publishButton(page).click();
    await waitForPublished(page, 'UAT', 1);

    // An edit, and the sign-in expires on the service's side.
    await addUser(page, 'carla', 'carla@contoso.com');
    await page.getByText("User 'carla' added.").waitFor({ state: 'visible' });
    await waitForStatus(page, 'UAT', 'Changed');
    await receiver.admin('POST', 'sign-in/expire-tokens');
    await page.getByRole('button', { name: 'Refresh In use and Current value' }).click();
    await page
      .getByText('Could not read the number sequences the service holds: the sign-in has expired or the service did not accept it (401). Nothing changed. Sign in again in Settings, then try again.')
      .waitFor({ state: 'visible' });
    // The page offers to sign in again wherever it is.
    await page
      .getByRole('status')
      .filter({ hasText: 'Your sign-in has expired: the service refuses calls until you sign in again.' })
      .getByRole('button', { name: 'Sign in again' })
      .waitFor({ state: 'visible' });
    await publishButton(page).click();
    const region = publishRegion(page);
    await region.getByText(/^The service did not accept the sign-in \(401\): it has expired or was revoked\. Nothing was published and nothing changed here/).waitFor({ state: 'visible' });
    await waitForStatus(page, 'UAT', 'Changed');
    assert.deepEqual((await receiver.stats()).applied, { uat: 1 });

    await region.getByRole('button', { name: 'Sign in again' }).click();
    await page.getByText(`Signed in as ${WHO}. Publishing UAT again, with the same idempotency key.`).waitFor({ state: 'visible' });
    assert.equal(new URL(page.url()).hash, '#/environments/UAT', 'back on UAT');
    await waitForPublished(page, 'UAT', 2);
    await waitForStatus(page, 'UAT', 'Published');
    assert.ok((await listedUsers(page)).includes('carla'), 'the edit is intact');

    const publishes = await requests.publishes();
    assert.equal(publishes.length, 3, 'the first publish, the refused one, the retry');
    assert.equal(publishes[2].headers['idempotency-key'], publishes[1].headers['idempotency-key'], 'the retry carries the refused publish\'s key');
    assert.notEqual(publishes[2].headers.authorization, publishes[1].headers.authorization, 'with the new token');
    const stats = await receiver.stats();
    assert.deepEqual(stats.applied, { uat: 2 }, 'the change was applied exactly once');
    assert.equal(stats.signIn.tokensIssued, 2);
    assert.ok(JSON.parse(publishes[2].body).users.some((u) => u.userId === 'carla'), 'the edit was published');
    await assertNoTokenStored(page, await tokensSent(requests), 'after signing in again');
    assertOnlyExpectedProblems(session, receiver.url, { statuses: [401] });
  });
});
