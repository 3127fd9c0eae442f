// Launch helper for the end-to-end tests: Debian's Chromium driven by
// playwright-core (no browser download: `npx playwright install` is never run).
//
// - CHROMIUM_PATH overrides the executable (default /usr/bin/chromium);
// - HEADED=1 shows the window (needs a display);
// - every page opened through `openPage` records console errors, uncaught page
//   errors and failed requests, so a test can assert that none happened;
// - `saveScreenshot` writes tests/e2e/artifacts/<name>.png (git-ignored) for
//   a failing test.

import { chromium } from 'playwright-core';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

// We run as root on a machine whose network is closed: no sandbox, no GPU, and
// none of Chromium's background connections (they would be refused and logged).
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const ARTIFACTS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'artifacts');

/** Launch Chromium. Close it with `await browser.close()`. */
export async function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: process.env.HEADED !== '1',
    args: CHROMIUM_ARGS,
  });
}

/**
 * Open a page in a fresh context (clean storage) and collect problems on it.
 * @param {import('playwright-core').Browser} browser
 * @returns {Promise<{ context: import('playwright-core').BrowserContext,
 *   page: import('playwright-core').Page,
 *   problems: { consoleErrors: string[], pageErrors: string[], failedRequests: string[] },
 *   allProblems: () => string[] }>}
 */
export async function openPage(browser, { viewport = { width: 1280, height: 900 } } = {}) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  page.setDefaultTimeout(Number(process.env.E2E_TIMEOUT_MS || 15_000));

  const problems = { consoleErrors: [], pageErrors: [], failedRequests: [] };
  page.on('console', (msg) => {
    if (msg.type() === 'error') {
      const loc = msg.location();
      const where = loc?.url ? ` (${loc.url}:${loc.lineNumber})` : '';
      problems.consoleErrors.push(`${msg.text()}${where}`);
    }
  });
  page.on('pageerror', (err) => {
    problems.pageErrors.push(err.stack || String(err));
  });
  page.on('requestfailed', (req) => {
    problems.failedRequests.push(`${req.method()} ${req.url()}: ${req.failure()?.errorText ?? 'failed'}`);
  });
  page.on('response', (res) => {
    if (res.status() >= 400) problems.failedRequests.push(`${res.request().method()} ${res.url()}: HTTP ${res.status()}`);
  });

  const allProblems = () => [
    ...problems.pageErrors.map((e) => `page error: ${e}`),
    ...problems.consoleErrors.map((e) => `console error: ${e}`),
    ...problems.failedRequests.map((e) => `failed request: ${e}`),
  ];
  return { context, page, problems, allProblems };
}

/** Save a full-page screenshot to tests/e2e/artifacts/<name>.png; returns the path (or null). */
export async function saveScreenshot(page, name) {
  try {
    await mkdir(ARTIFACTS_DIR, { recursive: true });
    const file = path.join(ARTIFACTS_DIR, `${name.replace(/[^a-z0-9_-]+/gi, '_')}.png`);
    await page.screenshot({ path: file, fullPage: true });
    return file;
  } catch {
    return null;
  }
}

/**
 * Poll `fn` until it returns a truthy value (returned) or `timeoutMs` passes
 * (then the last error, or a timeout error naming `what`, is thrown).
 */
export async function eventually(fn, { timeoutMs = 10_000, intervalMs = 100, what = 'condition' } = {}) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  for (;;) {
    try {
      const value = await fn();
      if (value) return value;
      lastError = undefined;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      if (lastError) throw lastError;
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
