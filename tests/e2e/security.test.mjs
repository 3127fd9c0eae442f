// End-to-end: what the page promises about security (README, "Security"),
// checked on the release build in Chromium.
//
//   trunk build --release && cargo build -p einvoicing-receiver
//   node --test tests/e2e/security.test.mjs
//
// - The built index.html carries a strict Content Security Policy whose
//   inline-loader hash matches, and the console starts and works under it
//   (every other e2e file also fails on any CSP violation: console.mjs
//   reports them as console errors); a planted inline script and an inline
//   event handler are refused and reported, so the check can fail.
// - A page served over https refuses an http endpoint, and an origin its
//   policy does not allow, in Settings.
// - The access token goes to the endpoint it was given for and nowhere
//   else, is forgotten when the endpoint moves, and is never exported,
//   stored or logged.
// - A panic shows "Something went wrong" with the work saved, and a reload
//   finds the work there.

import { describe, test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

import {
  useConsole,
  openSession,
  navigate,
  label,
  typeLikeAPerson,
  openWithUat,
  useEndpoint,
  useAccessToken,
  openEnvironment,
  environmentForm,
  publishButton,
  waitForPublished,
  waitForPublishFailure,
  storedText,
  download,
  distDir,
  saveScreenshot,
  eventually,
  NAV_LINKS,
} from './console.mjs';
import { mimeTypeFor } from './static-server.mjs';
import { useReceiver, recordRequests } from './receiver.mjs';

const shared = useConsole();
const service = useReceiver();

const TOKEN = 'abc.def-ghi_jkl~mno+pqr/stu';

/** The policy of the built index.html and the hashes of its inline scripts. */
async function builtPolicy() {
  const html = await readFile(path.join(distDir, 'index.html'), 'utf8');
  const meta = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]*)"/);
  assert.ok(meta, 'dist/index.html has a Content-Security-Policy meta tag');
  const directives = new Map(
    meta[1]
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...sources]) => [name, sources]),
  );
  const inline = [...html.matchAll(/<script(\s[^>]*)?>([\s\S]*?)<\/script>/g)]
    .filter((m) => !/\ssrc\s*=/.test(m[1] ?? ''))
    .map((m) => `'sha256-${createHash('sha256').update(m[2], 'utf8').digest('base64')}'`);
  return { text: meta[1], directives, inline };
}

let current;
afterEach(async (t) => {
  if (current) {
    await saveScreenshot(current.page, `security-${t.name}`);
    await current.context.close();
    current = undefined;
  }
});

describe('the Content Security Policy', () => {
  test('the built page carries a strict policy whose hash matches its one inline loader', async () => {
    const { text, directives, inline } = await builtPolicy();
    assert.ok(!text.includes('TRUNK-INLINE-SCRIPT-HASHES'), 'the post-build hook replaced the placeholder');
    assert.deepEqual(directives.get('default-src'), ["'self'"]);
    assert.deepEqual(directives.get('style-src'), ["'self'"]);
    assert.deepEqual(directives.get('object-src'), ["'none'"]);
    assert.deepEqual(directives.get('base-uri'), ["'none'"]);
    assert.deepEqual(directives.get('connect-src'), [
      "'self'",
      'https://*.gateway.prod.island.powerapps.com',
      'https://login.microsoftonline.com',
      'https://login.microsoftonline.us',
      'https://login.chinacloudapi.cn',
      'http://127.0.0.1:*',
      'http://localhost:*',
    ]);
    const scripts = directives.get('script-src');
    assert.deepEqual(scripts.slice(0, 2), ["'self'", "'wasm-unsafe-eval'"]);
    assert.ok(inline.length >= 1, 'Trunk wrote an inline loader');
    assert.deepEqual(scripts.slice(2), inline, 'script-src lists exactly the inline scripts, by hash');
    for (const [name, sources] of directives) {
      for (const forbidden of ["'unsafe-inline'", "'unsafe-eval'", '*', 'data:', 'blob:']) {
        assert.ok(!sources.includes(forbidden), `${name} does not allow ${forbidden}`);
      }
    }
  });

  test('the console starts and is used under it with no violation, and what it forbids is refused', async () => {
    const session = await openSession(shared);
    current = session;
    const { page } = session;
    await openWithUat(session);
    for (const name of NAV_LINKS) await navigate(page, name);
    await openEnvironment(page, 'UAT');
    session.assertNoProblems('no CSP violation (nor any other problem) while the console is used');

    // The check itself: an injected inline script and an inline event
    // handler (the usual injection vectors) are refused, and the violation
    // is reported as a problem.
    const outcome = await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.__ranInline = true;';
      document.head.append(script);
      const button = document.createElement('button');
      button.setAttribute('onclick', 'window.__ranHandler = true');
      document.body.append(button);
      button.click();
      button.remove();
      return { inline: window.__ranInline === true, handler: window.__ranHandler === true };
    });
    assert.deepEqual(outcome, { inline: false, handler: false });
    await eventually(
      async () =>
        session.problems.some((p) => p.includes('CSP violation: script-src-elem')) &&
        session.problems.some((p) => p.includes('CSP violation: script-src-attr')),
      { what: 'the planted script and handler to be reported as CSP violations' },
    );
  });
});

describe('where the page may send', () => {
  test('a page served over https refuses an http endpoint, and an origin its policy does not allow', async () => {
    const session = await openSession(shared);
    current = session;
    const { page, context } = session;
    // The release build, served at an https origin (answered by the test,
    // so no certificate is needed).
    await context.route('https://console.contoso.test/**', async (route) => {
      const { pathname } = new URL(route.request().url());
      const file = path.join(distDir, pathname === '/' ? 'index.html' : pathname);
      route.fulfill({ status: 200, contentType: mimeTypeFor(file), body: await readFile(file) });
    });
    await page.goto('https://console.contoso.test/', { waitUntil: 'load' });
    await page.getByRole('navigation').getByRole('link', { name: NAV_LINKS[0] }).waitFor({ state: 'visible' });
    assert.equal(await page.evaluate(() => location.protocol), 'https:');

    await navigate(page, 'Settings');
    await page.getByText('In use: not chosen yet').waitFor({ state: 'visible' });
    const endpoint = page.getByLabel(label('Service endpoint'));
    const save = page.getByRole('button', { name: 'Save', exact: true }).first();

    await endpoint.selectOption({ label: 'Local development receiver: http://127.0.0.1:8081/' });
    await save.click();
    await page
      .getByText('This page is served over https, so it never sends to http://127.0.0.1:8081/, an http:// endpoint')
      .waitFor({ state: 'visible' });
    await page.getByText('In use: not chosen yet').waitFor({ state: 'visible' });

    await endpoint.selectOption({ label: 'Custom URL' });
    await typeLikeAPerson(page.getByLabel(label('Custom endpoint URL')), 'https://gw.contoso.com/einvoicing/');
    await save.click();
    await page
      .getByText("This page's Content Security Policy does not allow it to connect to https://gw.contoso.com")
      .waitFor({ state: 'visible' });
    await page.getByText('In use: not chosen yet').waitFor({ state: 'visible' });
    assert.ok(!(await storedText(page) ?? '').includes('gw.contoso.com'), 'the refused endpoint was not saved');

    const gateway = 'https://gw.eu-il101.gateway.prod.island.powerapps.com/electronicinvoicing/';
    await endpoint.selectOption({ label: `Europe (eu-il101): ${gateway}` });
    await save.click();
    await page.getByText('Settings saved.').waitFor({ state: 'visible' });
    await page.getByText(`In use: ${gateway}`).waitFor({ state: 'visible' });
    session.assertNoProblems();
  });
});

describe('the access token', () => {
  test('goes to the endpoint it was given for and nowhere else, is forgotten when the endpoint moves, and is never logged', async () => {
    const receiver = service.receiver;
    await receiver.reset();
    const session = await openSession(shared);
    current = session;
    const { page, context } = session;
    const logged = [];
    page.on('console', (m) => logged.push(m.text()));
    const withAuthorization = [];
    context.on('request', (req) => {
      const headers = req.headers();
      const asked = headers['access-control-request-headers'] ?? '';
      if (headers.authorization || /authorization/i.test(asked)) withAuthorization.push(new URL(req.url()).origin);
    });
    const gatewayCalls = [];
    await context.route('https://*.gateway.prod.island.powerapps.com/**', async (route) => {
      gatewayCalls.push({ method: route.request().method(), headers: await route.request().allHeaders() });
      await route.abort('connectionrefused');
    });
    const requests = recordRequests(context, receiver.url);

    await openWithUat(session);
    await useEndpoint(page, receiver.url);
    const status = await useAccessToken(page, TOKEN);
    const receiverOrigin = new URL(receiver.url).origin;
    assert.match(status, new RegExp(`sent only to ${receiverOrigin.replace(/[.]/g, '\\.')}`));
    assert.ok(!status.includes(TOKEN) && !(await page.content()).includes(TOKEN), 'the page never shows the token');

    await openEnvironment(page, 'UAT');
    await publishButton(page).click();
    await waitForPublished(page, 'UAT', '1');
    const [publish] = await requests.publishes();
    assert.equal(publish.headers.authorization, `Bearer ${TOKEN}`);
    // Never exported, never stored, while it is set.
    await navigate(page, 'Settings');
    const exported = await download(page, page.getByRole('button', { name: 'Export workspace', exact: true }));
    assert.ok(exported.text.includes('"UAT"') && !exported.text.includes(TOKEN), 'the export holds the workspace, not the token');
    assert.ok(!(await storedText(page)).includes(TOKEN), 'localStorage does not hold the token');
    assert.equal(await page.evaluate(() => sessionStorage.length), 0, 'nor does sessionStorage');

    // The endpoint moves to another origin: the token is forgotten.
    await navigate(page, 'Settings');
    const gateway = 'https://gw.eu-il101.gateway.prod.island.powerapps.com/electronicinvoicing/';
    await page.getByLabel(label('Service endpoint')).selectOption({ label: `Europe (eu-il101): ${gateway}` });
    await page.getByRole('button', { name: 'Save', exact: true }).first().click();
    await page.getByText('The access token was forgotten').waitFor({ state: 'visible' });
    await page.getByRole('form', { name: 'Access token' }).getByText('No token set').waitFor({ state: 'visible' });

    await openEnvironment(page, 'UAT');
    await typeLikeAPerson(environmentForm(page).getByLabel(label('Description')), 'Moved to the EU gateway');
    await environmentForm(page).getByRole('button', { name: 'Save', exact: true }).click();
    await publishButton(page).click();
    await waitForPublishFailure(page);
    assert.ok(gatewayCalls.length >= 1, 'the publish went to the gateway');
    for (const call of gatewayCalls) {
      assert.equal(call.headers.authorization, undefined, `${call.method} to the gateway carried no token`);
    }
    assert.deepEqual([...new Set(withAuthorization)], [receiverOrigin], 'the token went to the receiver only');
    assert.ok(!logged.some((l) => l.includes(TOKEN)), 'the token never reached the console log');
    assert.ok(!(await storedText(page)).includes(TOKEN), 'nor the stored workspace');
    const others = session.problems.filter((p) => !p.includes('gateway.prod.island.powerapps.com') && !p.includes('Failed to fetch'));
    assert.deepEqual(others, [], 'no problem but the refused gateway call');
  });
});

describe('a panic', () => {
  test('shows "Something went wrong" with the work saved, and a reload finds it', async () => {
    const session = await openSession(shared);
    current = session;
    const { page } = session;
    await openWithUat(session);
    await openEnvironment(page, 'UAT');
    const form = environmentForm(page);
    await typeLikeAPerson(form.getByLabel(label('Description')), 'Saved just before the crash');

    // Save, and panic in the same task: the save the page schedules for
    // after the next frame has not run yet, so only the panic hook can
    // write this change.
    await page.evaluate(() => {
      const save = [...document.querySelectorAll('button')].find(
        (b) => b.textContent.trim() === 'Save' && b.closest('form')?.querySelector('input'),
      );
      save.click();
      dispatchEvent(new Event('einvoicing:simulate-panic'));
    });
    const screen = page.getByRole('alertdialog', { name: 'Something went wrong' });
    await screen.waitFor({ state: 'visible' });
    await eventually(
      async () => (await screen.getByRole('status').innerText()).startsWith('Your work is saved in this browser.'),
      { what: 'the screen to say the work is saved' },
    );
    assert.ok((await storedText(page)).includes('Saved just before the crash'), 'the change is in storage');
    await screen.getByText('Details for a bug report').click();
    await screen.getByText('simulated panic').waitFor({ state: 'visible' });

    await screen.getByRole('link', { name: 'Reload the page' }).click();
    await page.getByRole('navigation').getByRole('link', { name: NAV_LINKS[0] }).waitFor({ state: 'visible' });
    assert.equal(await page.getByRole('alertdialog').count(), 0, 'the reloaded page works');
    await openEnvironment(page, 'UAT');
    assert.equal(await environmentForm(page).getByLabel(label('Description')).inputValue(), 'Saved just before the crash');

    const unexpected = session.problems.filter(
      (p) => !/simulated panic|RuntimeError: unreachable|unreachable/.test(p),
    );
    assert.deepEqual(unexpected, [], 'no problem but the simulated panic');
  });
});
