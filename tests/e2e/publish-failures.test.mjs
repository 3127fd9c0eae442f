// End-to-end: every way a publish can fail, in the release build, in
// Chromium, against the real local development receiver whose test hooks
// inject the failure (POST /_admin/faults), stop it, or require a token.
//
//   trunk build --release && cargo build -p einvoicing-receiver
//   node --test tests/e2e/publish-failures.test.mjs
//
// Each failure test: UAT is published (revision 1), a user is added (UAT
// is Changed), the failure is caused, and Publish must then show the
// failure in plain words (explain.rs), keep the Changed status and the
// edit (on screen and in the stored draft), add a line to the publish
// history, and apply nothing; a retry afterwards must publish revision 2,
// applied exactly once, with the failed attempt's Idempotency-Key.

import { describe, test, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { mkdtemp, writeFile } from 'node:fs/promises';
import path from 'node:path';

import {
  useConsole,
  addUser,
  navigate,
  listedUsers,
  storedText,
  useAccessToken,
  useEndpoint,
  openEnvironment,
  waitForStatus,
  publishRegion,
  publishButton,
  publishHistory,
  waitForPublished,
  waitForPublishFailure,
  saveScreenshot,
} from './console.mjs';
import { startStaticServer } from './static-server.mjs';
import { useReceiver, startReceiver, openUatSession, assertOnlyExpectedProblems, UUID_V4 } from './receiver.mjs';

const shared = useConsole();
const service = useReceiver();

const KEPT = 'Nothing changed here: the status and every edit are kept.';
const PUT_UAT = { method: 'PUT', path: '/api/v1/environments/UAT' };

describe('a publish that fails changes nothing, says why, and a retry publishes once', () => {
  let current; // { session, page, requests } of the running test
  let extra; // a second receiver started by a test

  beforeEach(async () => {
    await service.receiver.reset();
    current = undefined;
    extra = undefined;
  });
  afterEach(async (t) => {
    if (current) {
      await saveScreenshot(current.page, `publish-failures-${t.name}`);
      await current.session.context.close();
    }
    await extra?.dispose();
  });

  /**
   * The common story. `cause()` makes the next publish fail (a fault by
   * default); `during(page)` runs while it is under way; `beforeRetry()`
   * lets the service work again.
   */
  async function failThenRetry({
    fault,
    cause = () => service.receiver.fault(fault),
    timeoutSeconds,
    during,
    message,
    history,
    beforeRetry = () => service.receiver.clearFaults(),
    attempts = 1,
    problems,
  }) {
    const receiver = service.receiver;
    current = await openUatSession(shared, receiver, { timeoutSeconds });
    const { session, page, requests } = current;
    await publishButton(page).click();
    await waitForPublished(page, 'UAT', 1);
    await addUser(page, 'cy', 'cy@contoso.com');
    await page.getByText("User 'cy' added.").waitFor({ state: 'visible' });
    await waitForStatus(page, 'UAT', 'Changed');
    const stored = await storedText(page);
    assert.match(stored, /cy@contoso\.com/);

    await cause();
    await publishButton(page).click();
    if (during) await during(page);
    const shown = await waitForPublishFailure(page);
    for (const part of [...message, KEPT]) assert.ok(shown.includes(part), `the message says "${part}"; it is: ${shown}`);

    // Nothing changed: the status, the edit on screen and in the draft.
    await waitForStatus(page, 'UAT', 'Changed');
    assert.deepEqual(await listedUsers(page), ['ana', 'bo', 'cy']);
    assert.match(await storedText(page), /cy@contoso\.com/, 'the edit is still in the stored draft');
    const lines = await publishHistory(page);
    assert.deepEqual(
      lines.map((h) => [h.revision, h.result]),
      [
        ['–', history],
        ['1', 'Published'],
      ],
    );
    await publishRegion(page).getByText(/^Published: revision 1 at /).waitFor();

    await beforeRetry();
    assert.equal(await service.receiver.applied('UAT'), 1, 'the failed publish was not applied');
    const failed = (await requests.publishes()).slice(1);
    assert.equal(failed.length, attempts, `the failed publish was sent ${attempts} time(s)`);

    // The retry: revision 2, applied once, with the same key.
    await publishButton(page).click();
    await waitForPublished(page, 'UAT', 2);
    await waitForStatus(page, 'UAT', 'Published');
    assert.equal(await service.receiver.applied('UAT'), 2, 'the retry was applied exactly once');
    const publishes = await requests.publishes();
    assert.equal(publishes.length, 2 + attempts);
    const retry = publishes.at(-1);
    assert.equal(retry.headers['if-match'], '"1"');
    assert.match(retry.headers['idempotency-key'], UUID_V4);
    for (const f of failed) {
      assert.equal(f.headers['idempotency-key'], retry.headers['idempotency-key'], 'the retry reuses the key of the failed attempt');
      assert.equal(f.body, retry.body, 'the same content is sent again');
    }
    assert.notEqual(retry.headers['idempotency-key'], publishes[0].headers['idempotency-key']);
    assert.deepEqual(
      (await publishHistory(page)).map((h) => [h.revision, h.result]),
      [
        ['2', 'Published'],
        ['–', history],
        ['1', 'Published'],
      ],
    );
    assert.deepEqual((await service.receiver.held('UAT')).environment.users.map((u) => u.userId), ['ana', 'bo', 'cy']);
    assertOnlyExpectedProblems(session, service.receiver.url, problems);
    return { page, requests };
  }

  test('500: "The publish failed: the service answered with status 500"', async () => {
    await failThenRetry({
      fault: { match: PUT_UAT, kind: 'status', status: 500 },
      message: ['The publish failed: the service answered with status 500.', 'Check the service endpoint in Settings and publish again'],
      history: 'Unexpected answer (500)',
      problems: { statuses: [500] },
    });
  });

  for (const status of [503, 429]) {
    test(`${status} with Retry-After: 1, once: retried automatically after 1 s with the same key, applied once`, async () => {
      const receiver = service.receiver;
      current = await openUatSession(shared, receiver);
      const { session, page, requests } = current;
      await receiver.fault({ match: PUT_UAT, kind: 'status', status, retryAfter: 1 });
      await publishButton(page).click();
      await publishRegion(page)
        .getByRole('status')
        .filter({ hasText: `The service is busy (${status}); publishing UAT again in 1 s (automatic retry 1 of 3).` })
        .waitFor({ state: 'visible' });
      assert.equal((await publishButton(page).innerText()).trim(), 'Publishing…');
      assert.equal(await publishButton(page).isDisabled(), true, 'it cannot be sent twice');
      await waitForStatus(page, 'UAT', 'Not published');
      await waitForPublished(page, 'UAT', 1);
      await waitForStatus(page, 'UAT', 'Published');
      assert.deepEqual(
        (await publishHistory(page)).map((h) => [h.revision, h.result]),
        [['1', 'Published']],
      );
      const publishes = await requests.publishes();
      assert.equal(publishes.length, 2);
      assert.equal(publishes[0].headers['idempotency-key'], publishes[1].headers['idempotency-key']);
      assert.equal(publishes[1].headers['if-none-match'], '*');
      assert.deepEqual((await receiver.stats()).applied, { uat: 1 });
      assertOnlyExpectedProblems(session, receiver.url, { statuses: [status] });
    });
  }

  test('503 five times: gives up after 3 automatic retries ("still was after 3 automatic retries")', async () => {
    await failThenRetry({
      fault: { count: 5, match: PUT_UAT, kind: 'status', status: 503, retryAfter: 1 },
      during: (page) =>
        publishRegion(page)
          .getByRole('status')
          .filter({ hasText: 'The service is busy (503); publishing UAT again in 1 s (automatic retry 3 of 3).' })
          .waitFor({ state: 'visible' }),
      message: ['The service is busy (503) and still was after 3 automatic retries.', 'the same publish is sent again, so it cannot be applied twice'],
      history: 'Service busy (503)',
      attempts: 4,
      problems: { statuses: [503] },
    });
    assert.equal((await service.receiver.stats()).faultsQueued, 0);
  });

  test('429 asking to wait 120 s: not retried automatically; "busy (429) and asked to wait 120 seconds"', async () => {
    await failThenRetry({
      fault: { match: PUT_UAT, kind: 'status', status: 429, retryAfter: 120 },
      message: ['The service is busy (429) and asked to wait 120 seconds.', 'Publish again later'],
      history: 'Service busy (429)',
      problems: { statuses: [429] },
    });
  });

  test('403: "The access token is valid but lacks the rights for this (403)"', async () => {
    await failThenRetry({
      fault: { match: PUT_UAT, kind: 'status', status: 403 },
      message: ['The access token is valid but lacks the rights for this (403).', 'The service said: “'],
      history: 'Not authorised (403)',
      problems: { statuses: [403] },
    });
  });

  test('200 with a body that is not JSON: "not the expected receipt", nothing applied', async () => {
    await failThenRetry({
      fault: { match: PUT_UAT, kind: 'badBody' },
      message: ['The publish failed: the service said the publish succeeded, but its answer is not the expected receipt'],
      history: 'Unexpected answer (200)',
    });
  });

  test('no answer within 2 s: "did not answer within 2 seconds"; the retry carries the same Idempotency-Key and is applied once', async () => {
    await failThenRetry({
      timeoutSeconds: 2,
      fault: { match: PUT_UAT, kind: 'hang', seconds: 5 },
      message: ['The service did not answer within 2 seconds, so the request was stopped.', 'the retry carries the same idempotency key'],
      history: 'No answer within 2 s',
      problems: { transport: ['net::ERR_ABORTED'] },
    });
  });

  test('the service is unreachable (receiver stopped): "could not be reached"; started again on the same port and data, the retry publishes', async () => {
    const receiver = service.receiver;
    const port = receiver.port;
    await failThenRetry({
      cause: () => receiver.stop(),
      message: ['The service endpoint could not be reached'],
      history: 'Service unreachable',
      beforeRetry: async () => {
        await receiver.restart();
        assert.equal(receiver.port, port);
      },
      attempts: 1,
      problems: { transport: ['net::ERR_CONNECTION_REFUSED'] },
    });
  });

  test('401 from a receiver that requires a token: "did not accept the access token"; with the token set in Settings the publish goes through', async () => {
    const TOKEN = 'e2e-Secret.token_42';
    extra = await startReceiver({ token: TOKEN });
    current = await openUatSession(shared, extra);
    const { session, page, requests } = current;

    await publishButton(page).click();
    const shown = await waitForPublishFailure(page);
    assert.ok(shown.includes('The service did not accept the access token (401): it is missing, mistyped or has expired. Enter a new token in Settings, then try again.'), shown);
    assert.ok(shown.includes(KEPT), shown);
    assert.ok(shown.includes('The service said: “'), shown);
    await waitForStatus(page, 'UAT', 'Not published');
    assert.deepEqual(
      (await publishHistory(page)).map((h) => [h.revision, h.result]),
      [['–', 'Not authorised (401)']],
    );

    const status = await useAccessToken(page, TOKEN);
    assert.equal(
      status,
      `A token is set (${TOKEN.length} characters, ending …${TOKEN.slice(-4)}; sent only to ${new URL(extra.url).origin}).`,
    );
    assert.ok(!(await storedText(page)).includes(TOKEN), 'the token is never stored');
    await openEnvironment(page, 'UAT');
    await publishButton(page).click();
    await waitForPublished(page, 'UAT', 1);
    await waitForStatus(page, 'UAT', 'Published');

    const [refused, accepted] = await requests.publishes();
    assert.equal(refused.headers.authorization, undefined);
    assert.equal(accepted.headers.authorization, `Bearer ${TOKEN}`);
    assert.equal(accepted.headers['idempotency-key'], refused.headers['idempotency-key'], 'the same content, the same key');
    assert.deepEqual((await extra.stats()).applied, { uat: 1 });
    assert.ok(!extra.log.some((line) => line.includes(TOKEN)), 'the receiver never logs the token');

    // A reload forgets the token: the next publish is refused again.
    await page.reload({ waitUntil: 'load' });
    await navigate(page, 'Settings');
    await page.getByRole('form', { name: 'Access token' }).getByText('No token set: calls are sent without one.').waitFor();
    await openEnvironment(page, 'UAT');
    await addUser(page, 'cy', 'cy@contoso.com');
    await waitForStatus(page, 'UAT', 'Changed');
    await publishButton(page).click();
    assert.ok((await waitForPublishFailure(page)).includes('did not accept the access token (401)'));
    await waitForStatus(page, 'UAT', 'Changed');
    assert.deepEqual((await extra.stats()).applied, { uat: 1 });
    assertOnlyExpectedProblems(session, extra.url, { statuses: [401] });
  });

  test('a CORS refusal (an endpoint that does not allow this page\'s origin): "refused this page\'s cross-origin request (CORS)"; the right endpoint then publishes', async () => {
    // A web server that answers, but without any CORS header: the browser
    // refuses the page its answer.
    const root = await mkdtemp(path.join(tmpdir(), 'corsless-'));
    await writeFile(path.join(root, 'index.html'), '<!doctype html><title>not the service</title>');
    const corsless = await startStaticServer({ root });
    try {
      current = await openUatSession(shared, { url: corsless.url });
      const { session, page } = current;
      await publishButton(page).click();
      const shown = await waitForPublishFailure(page);
      assert.ok(shown.includes('or the service refused this page\'s cross-origin request (CORS)'), shown);
      assert.ok(shown.includes(KEPT), shown);
      await waitForStatus(page, 'UAT', 'Not published');
      assert.deepEqual((await publishHistory(page)).map((h) => [h.revision, h.result]), [['–', 'Service unreachable']]);

      await useEndpoint(page, service.receiver.url);
      await openEnvironment(page, 'UAT');
      await publishButton(page).click();
      await waitForPublished(page, 'UAT', 1);
      await waitForStatus(page, 'UAT', 'Published');
      assert.deepEqual((await service.receiver.stats()).applied, { uat: 1 });
      const pageErrors = session.problems.filter((p) => p.startsWith('page error'));
      assert.deepEqual(pageErrors, [], 'no uncaught exception or panic in the page');
      assert.ok(
        session.problems.some((p) => p.includes(corsless.url) && p.includes('CORS policy')),
        `the browser reported the CORS refusal: ${JSON.stringify(session.problems)}`,
      );
      assert.deepEqual(
        session.problems.filter((p) => !p.includes(corsless.url.replace(/\/$/, ''))),
        [],
        'nothing else went wrong',
      );
    } finally {
      await corsless.close();
    }
  });

  test('the browser is offline: "This browser is offline, so nothing was sent"; back online, the publish goes through', async () => {
    current = await openUatSession(shared, service.receiver);
    const { session, page, requests } = current;
    await session.context.setOffline(true);
    await publishButton(page).click();
    const shown = await waitForPublishFailure(page);
    assert.ok(shown.includes('This browser is offline, so nothing was sent.'), shown);
    assert.ok(shown.includes(KEPT), shown);
    await waitForStatus(page, 'UAT', 'Not published');
    assert.deepEqual((await publishHistory(page)).map((h) => [h.revision, h.result]), [['–', 'Offline']]);
    assert.equal((await requests.publishes()).length, 0, 'nothing was sent');

    await session.context.setOffline(false);
    await publishButton(page).click();
    await waitForPublished(page, 'UAT', 1);
    assert.deepEqual((await service.receiver.stats()).applied, { uat: 1 });
    assertOnlyExpectedProblems(session, service.receiver.url);
  });
});
