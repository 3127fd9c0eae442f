// End-to-end: someone else published the environment since this browser
// did. The release build in Chromium publishes UAT to the real local
// development receiver; "someone else" (another administrator) then
// publishes another version straight to the receiver from node, with
// If-Match as the contract says. This browser's next publish is refused
// (412) and the page shows what the service holds, how this version
// differs, and the two ways out: overwrite, or reload the service's version.
//
//   trunk build --release && cargo build -p einvoicing-receiver
//   node --test tests/e2e/publish-conflict.test.mjs

import { describe, test, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';

import {
  addUser,
  environmentForm,
  label,
  listedUsers,
  publishButton,
  publishHistory,
  publishRegion,
  saveScreenshot,
  storedText,
  useConsole,
  waitForPublished,
  waitForPublishFailure,
  waitForStatus,
} from './console.mjs';
import { useReceiver, openUatSession, assertOnlyExpectedProblems } from './receiver.mjs';

const shared = useConsole();
const service = useReceiver();

const KEPT = 'Nothing changed here: the status and every edit are kept.';

describe('a conflict with someone else’s publish', () => {
  let current;

  beforeEach(async () => {
    await service.receiver.reset();
    current = undefined;
  });
  afterEach(async (t) => {
    if (current) {
      await saveScreenshot(current.page, `publish-conflict-${t.name}`);
      await current.session.context.close();
    }
  });

  /**
   * UAT published here (revision 1); Bea publishes revision 2 (another
   * description, user zed added); here user cy is added and Publish is
   * refused. Returns the conflict region and what Bea published.
   */
  async function conflictWithBea() {
    const receiver = service.receiver;
    current = await openUatSession(shared, receiver);
    const { page } = current;
    await publishButton(page).click();
    await waitForPublished(page, 'UAT', 1);

    const held = await receiver.held('UAT');
    const beas = {
      ...held.environment,
      description: 'Published by Bea',
      users: [...held.environment.users, { userId: 'zed', email: 'zed@contoso.com' }],
    };
    const receipt = await receiver.publishAsSomeoneElse(beas, '1');
    assert.equal(receipt.revision, '2');

    await addUser(page, 'cy', 'cy@contoso.com');
    await page.getByText("User 'cy' added.").waitFor({ state: 'visible' });
    await waitForStatus(page, 'UAT', 'Changed');
    await publishButton(page).click();
    const shown = await waitForPublishFailure(page);
    assert.ok(
      shown.includes('Someone else published this environment since this browser last did (412), so the service kept their version. Compare it below, then overwrite it with yours or reload theirs.'),
      shown,
    );
    assert.ok(shown.includes(KEPT), shown);
    assert.ok(shown.includes('The service said: “'), shown);
    await waitForStatus(page, 'UAT', 'Changed');
    assert.deepEqual(await listedUsers(page), ['ana', 'bo', 'cy']);
    assert.deepEqual(
      (await publishHistory(page)).map((h) => [h.revision, h.result]),
      [
        ['–', 'Published by someone else (412)'],
        ['1', 'Published'],
      ],
    );

    const region = publishRegion(page).getByRole('region', { name: 'What the service holds' });
    await region.waitFor({ state: 'visible' });
    const text = await region.innerText();
    assert.ok(text.includes(`The service holds revision 2, published at ${receipt.publishedAt}.`), text);
    assert.ok(text.includes('Publishing this version over it would change:'), text);
    const changes = (await region.getByRole('listitem').allInnerTexts()).map((s) => s.trim());
    assert.deepEqual(changes.sort(), [
      "Description changed from 'Published by Bea' to 'Validation before production'.",
      "User 'cy' (cy@contoso.com) added.",
      "User 'zed' (zed@contoso.com) removed.",
    ]);
    assert.equal(await receiver.applied('UAT'), 2, 'mine and Bea’s');
    return { region, beas, receipt };
  }

  test('412: the page shows the service’s revision 2 and the differences; "Overwrite with this version" publishes revision 3 over it', async () => {
    const { region } = await conflictWithBea();
    const { session, page, requests } = current;

    await region.getByRole('button', { name: 'Overwrite with this version', exact: true }).click();
    await waitForPublished(page, 'UAT', 3);
    await waitForStatus(page, 'UAT', 'Published');
    await region.waitFor({ state: 'detached' });
    const publishes = await requests.publishes();
    assert.equal(publishes.length, 3);
    const [, refused, overwrite] = publishes;
    assert.equal(refused.headers['if-match'], '"1"');
    assert.equal(overwrite.headers['if-match'], '"2"');
    assert.equal(overwrite.body, refused.body, 'this version, as it was');
    assert.notEqual(overwrite.headers['idempotency-key'], refused.headers['idempotency-key'], 'another request, another key');

    const held = await service.receiver.held('UAT');
    assert.equal(held.revision, '3');
    assert.equal(held.environment.description, 'Validation before production');
    assert.deepEqual(held.environment.users.map((u) => u.userId), ['ana', 'bo', 'cy']);
    assert.equal(await service.receiver.applied('UAT'), 3);
    assert.deepEqual(
      (await publishHistory(page)).map((h) => [h.revision, h.result]),
      [
        ['3', 'Published'],
        ['–', 'Published by someone else (412)'],
        ['1', 'Published'],
      ],
    );
    assertOnlyExpectedProblems(session, service.receiver.url, { statuses: [412] });
  });

  test('412: "Reload the service’s version" makes UAT what the service holds (revision 2, Published); the next publish goes over revision 2', async () => {
    const { region, beas } = await conflictWithBea();
    const { session, page, requests } = current;

    await region.getByRole('button', { name: "Reload the service's version", exact: true }).click();
    await publishRegion(page)
      .getByRole('status')
      .filter({ hasText: "Reloaded the service's version (revision 2): this environment is now as the service holds it." })
      .waitFor({ state: 'visible' });
    await waitForStatus(page, 'UAT', 'Published');
    assert.deepEqual(await listedUsers(page), ['ana', 'bo', 'zed']);
    await publishRegion(page).getByText(/^Published: revision 2 at /).waitFor({ state: 'visible' });
    const stored = await storedText(page);
    assert.match(stored, /zed@contoso\.com/);
    assert.doesNotMatch(stored, /cy@contoso\.com/);
    assert.equal(await service.receiver.applied('UAT'), 2, 'a reload sends nothing');

    // Publishing again goes over the service's revision.
    await addUser(page, 'dee', 'dee@contoso.com');
    await waitForStatus(page, 'UAT', 'Changed');
    await publishButton(page).click();
    await waitForPublished(page, 'UAT', 3);
    assert.equal((await requests.publishes()).at(-1).headers['if-match'], '"2"');
    const held = await service.receiver.held('UAT');
    assert.equal(held.environment.description, 'Published by Bea');
    assert.deepEqual(held.environment.users.map((u) => u.userId), ['ana', 'bo', 'zed', 'dee']);
    assertOnlyExpectedProblems(session, service.receiver.url, { statuses: [412] });
  });

  // The environment's form is rebuilt after Reload (as after "Discard
  // changes"), so it shows the service's values and a Save cannot write this
  // browser's old ones back over them.
  test(
    '412: after "Reload the service’s version" the form shows the service’s Description',
    async () => {
      const { region, beas } = await conflictWithBea();
      const { page } = current;
      await region.getByRole('button', { name: "Reload the service's version", exact: true }).click();
      await waitForStatus(page, 'UAT', 'Published');
      assert.equal(await environmentForm(page).getByLabel(label('Description')).inputValue(), beas.description);
    },
  );

  test('409 is a conflict too: the service still holds revision 1, which differs only by this browser’s edit; overwriting publishes revision 2', async () => {
    const receiver = service.receiver;
    current = await openUatSession(shared, receiver);
    const { session, page, requests } = current;
    await publishButton(page).click();
    await waitForPublished(page, 'UAT', 1);
    const { publishedAt } = await receiver.held('UAT');
    await addUser(page, 'cy', 'cy@contoso.com');
    await waitForStatus(page, 'UAT', 'Changed');

    await receiver.fault({
      match: { method: 'PUT', path: '/api/v1/environments/UAT' },
      kind: 'status',
      status: 409,
      body: JSON.stringify({ title: 'Conflict', status: 409, detail: 'Another publish of UAT is being applied.' }),
    });
    await publishButton(page).click();
    const shown = await waitForPublishFailure(page);
    assert.ok(shown.includes('Someone else published this environment since this browser last did (409)'), shown);
    assert.ok(shown.includes('The service said: “Conflict: Another publish of UAT is being applied.”'), shown);
    const region = publishRegion(page).getByRole('region', { name: 'What the service holds' });
    assert.ok((await region.innerText()).includes(`The service holds revision 1, published at ${publishedAt}.`));
    const changes = (await region.getByRole('listitem').allInnerTexts()).map((s) => s.trim());
    assert.deepEqual(changes, ["User 'cy' (cy@contoso.com) added."]);
    await waitForStatus(page, 'UAT', 'Changed');

    await region.getByRole('button', { name: 'Overwrite with this version', exact: true }).click();
    await waitForPublished(page, 'UAT', 2);
    await waitForStatus(page, 'UAT', 'Published');
    assert.equal((await requests.publishes()).at(-1).headers['if-match'], '"1"');
    assert.equal(await receiver.applied('UAT'), 2);
    assertOnlyExpectedProblems(session, receiver.url, { statuses: [409] });
  });
});
