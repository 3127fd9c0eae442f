// The local development receiver (crates/receiver, docs/receiver.md) for the
// end-to-end tests of publishing. Not a test file itself.
//
// - `startReceiver()` runs the real program (target/debug/einvoicing-receiver,
//   or RECEIVER_BIN) on 127.0.0.1 with `--port 0` and a fresh data directory,
//   and waits for its "listening on" line;
// - `useReceiver()` does that once per test file (node:test before/after)
//   and removes the data directory after;
// - a receiver can be stopped (SIGTERM) and started again on the same port
//   with the same data directory, to test an unreachable service and a
//   restart that keeps its state;
// - its test hooks (/_admin/: faults, sequence usage, who signs in, stats,
//   reset) and the contract's API (for "someone else" publishing) are
//   called from node;
// - `recordRequests()` keeps every request a browser context sends to the
//   receiver, with all its headers, so a test can check preconditions and
//   idempotency keys; `assertOnlyExpectedProblems()` checks a session's
//   problems when some failures are intended.
//
// Build the receiver first: `cargo build -p einvoicing-receiver`.

import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { access, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { openSession, openWithUat, useEndpoint, openEnvironment } from './console.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const RECEIVER_BIN = process.env.RECEIVER_BIN || path.join(repoRoot, 'target', 'debug', 'einvoicing-receiver');

const LISTENING = /einvoicing-receiver listening on (http:\/\/127\.0\.0\.1:(\d+)\/)/;

/** A version 4 UUID, as the contract's Idempotency-Key. */
export const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

class Receiver {
  constructor({ dataDir, token, args = [] }) {
    this.dataDir = dataDir;
    this.token = token;
    /** More command-line arguments, such as ['--require-sign-in']. */
    this.extraArgs = args;
    this.port = 0;
    this.url = '';
    this.child = undefined;
    /** Its standard error, line by line: one line per request (never the token). */
    this.log = [];
  }

  /** Starts the program (again on the same port once it has one) and waits until it listens. */
  async start() {
    assert.equal(this.child, undefined, 'the receiver is already running');
    try {
      await access(RECEIVER_BIN);
    } catch {
      throw new Error(`${RECEIVER_BIN} is missing: build it with \`cargo build -p einvoicing-receiver\` (or set RECEIVER_BIN)`);
    }
    const args = ['--port', String(this.port), '--data', this.dataDir];
    if (this.token) args.push('--token', this.token);
    args.push(...this.extraArgs);
    const env = { ...process.env };
    for (const name of ['RECEIVER_PORT', 'RECEIVER_DATA', 'RECEIVER_TOKEN']) delete env[name];
    const child = spawn(RECEIVER_BIN, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk) => this.log.push(...chunk.split('\n').filter(Boolean)));
    child.stdout.setEncoding('utf8');
    const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    this.exited = exited;

    const url = await new Promise((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`the receiver did not say it listens within 10 s; stderr: ${this.log.join('\n')}`)), 10_000);
      child.stdout.on('data', (chunk) => {
        out += chunk;
        const m = LISTENING.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
      exited.then(({ code, signal }) => {
        clearTimeout(timer);
        reject(new Error(`the receiver exited (${code ?? signal}) before listening; stderr: ${this.log.join('\n')}`));
      });
    });
    this.url = url;
    this.port = Number(new URL(url).port);
    return this;
  }

  /** SIGTERM, and waits for it to exit (SIGKILL after 5 s). */
  async stop() {
    const child = this.child;
    if (!child) return;
    this.child = undefined;
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await this.exited;
      clearTimeout(killer);
    }
  }

  /** Stops it and starts it again: same port, same data directory (binding the port again may need a moment). */
  async restart() {
    await this.stop();
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await this.start();
      } catch (err) {
        this.child = undefined;
        if (attempt >= 5) throw err;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  }

  /** A request to the receiver from node: `{ status, headers, text, json }`. */
  async request(method, route, { headers = {}, body } = {}) {
    const res = await fetch(new URL(route.replace(/^\//, ''), this.url), {
      method,
      headers,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let json;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, text, json };
  }

  async admin(method, route, body) {
    const res = await this.request(method, `/_admin/${route}`, {
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body,
    });
    assert.ok(res.status < 300, `${method} /_admin/${route} answered ${res.status}: ${res.text}`);
    return res.json;
  }

  /** Queues a fault (docs/receiver.md, "Faults"). */
  fault(fault) {
    return this.admin('POST', 'faults', fault);
  }

  clearFaults() {
    return this.admin('DELETE', 'faults');
  }

  /** `{ applied: { uat: N }, requests, faultsQueued }` */
  stats() {
    return this.admin('GET', 'stats');
  }

  /** Applied publishes of one environment (0 when none). */
  async applied(name) {
    return (await this.stats()).applied[name.toLowerCase()] ?? 0;
  }

  reset() {
    return this.admin('POST', 'reset');
  }

  /**
   * The following sign-ins sign this user in (docs/receiver.md, "Sign-in"):
   * `signInAs('ben@contoso.com', 'Ben Walker')` (the name is optional); the
   * ID token names them and their publishes carry `publishedBy` = email.
   * `signInAs()` goes back to the default test user. Returns the user.
   */
  signInAs(email, name) {
    if (email === undefined) return this.admin('DELETE', 'sign-in/as');
    return this.admin('POST', 'sign-in/as', name === undefined ? { email } : { email, name });
  }

  /** Marks a held sequence in use and/or sets its current value. */
  setSequence(environment, sequence, usage) {
    return this.admin('POST', `sequences/${encodeURIComponent(environment)}/${encodeURIComponent(sequence)}`, usage);
  }

  authorization() {
    return this.token ? { Authorization: `Bearer ${this.token}` } : {};
  }

  /** `GET api/v1/environments/{name}`: `{ revision, publishedAt, publishedBy?, environment }` or undefined (404). */
  async held(name) {
    const res = await this.request('GET', `/api/v1/environments/${encodeURIComponent(name)}`, { headers: this.authorization() });
    if (res.status === 404) return undefined;
    assert.equal(res.status, 200, res.text);
    return res.json;
  }

  /** `GET api/v1/environments/{name}/number-sequences`. */
  async sequences(name) {
    const res = await this.request('GET', `/api/v1/environments/${encodeURIComponent(name)}/number-sequences`, {
      headers: this.authorization(),
    });
    assert.equal(res.status, 200, res.text);
    return res.json;
  }

  /**
   * Someone else publishes `body` (the contract's environment body): over
   * `revision` (If-Match), or as a first publish when it is undefined.
   * Returns the receipt.
   */
  async publishAsSomeoneElse(body, revision) {
    const res = await this.request('PUT', `/api/v1/environments/${encodeURIComponent(body.name)}`, {
      headers: {
        ...this.authorization(),
        Accept: 'application/json',
        'Content-Type': 'application/json',
        'Idempotency-Key': randomUUID(),
        ...(revision === undefined ? { 'If-None-Match': '*' } : { 'If-Match': `"${revision}"` }),
      },
      body,
    });
    assert.ok(res.status === 200 || res.status === 201, `someone else's publish answered ${res.status}: ${res.text}`);
    return res.json;
  }
}

/** Starts a receiver with a fresh data directory (removed by `dispose()`). */
export async function startReceiver({ token, args } = {}) {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'einvoicing-receiver-e2e-'));
  const receiver = new Receiver({ dataDir, token, args });
  receiver.dispose = async () => {
    await receiver.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
  return receiver.start();
}

/**
 * A receiver for the calling test file, started before its tests and
 * stopped (its data removed) after. Read `.receiver` inside a test.
 */
export function useReceiver(options = {}) {
  const shared = { receiver: undefined };
  before(async () => {
    shared.receiver = await startReceiver(options);
  });
  after(async () => {
    await shared.receiver?.dispose();
  });
  return shared;
}

/**
 * Keeps every request the browser `context` sends to `receiverUrl` (its
 * preflights aside): `await requests()` → `[{ method, path, headers, body }]`
 * (header names lowercase), in the order they were sent.
 */
export function recordRequests(context, receiverUrl) {
  const pending = [];
  context.on('request', (req) => {
    if (!req.url().startsWith(receiverUrl) || req.method() === 'OPTIONS') return;
    pending.push(
      req.allHeaders().then(
        (headers) => ({ method: req.method(), path: new URL(req.url()).pathname, headers, body: req.postData() }),
        () => ({ method: req.method(), path: new URL(req.url()).pathname, headers: req.headers(), body: req.postData() }),
      ),
    );
  });
  const requests = () => Promise.all(pending);
  /** The publishes (PUT of an environment) sent so far. */
  requests.publishes = async () =>
    (await requests()).filter((r) => r.method === 'PUT' && /^\/api\/v1\/environments\/[^/]+$/.test(r.path));
  return requests;
}

/**
 * The session had no uncaught page error, and every other problem it
 * recorded (openSession in console.mjs) is one the test caused on purpose:
 * an answer of the receiver with one of `statuses`, or a request to it that
 * failed with one of the `transport` errors (e.g. "net::ERR_ABORTED",
 * "net::ERR_CONNECTION_REFUSED"), and Chromium's console line about it;
 * and each of those statuses and transport errors was seen at least once.
 */
export function assertOnlyExpectedProblems(session, receiverUrl, { statuses = [], transport = [] } = {}) {
  const expected = (problem) => {
    if (!problem.includes(receiverUrl)) return false;
    if (statuses.some((s) => problem.endsWith(`: HTTP ${s}`))) return true;
    if (statuses.some((s) => problem.includes(`Failed to load resource: the server responded with a status of ${s} `))) return true;
    return transport.some((t) => problem.includes(t));
  };
  const pageErrors = session.problems.filter((p) => p.startsWith('page error'));
  assert.deepEqual(pageErrors, [], 'no uncaught exception or panic in the page');
  assert.deepEqual(
    session.problems.filter((p) => !expected(p)),
    [],
    `only the intended failures (statuses ${JSON.stringify(statuses)}, transport ${JSON.stringify(transport)} from ${receiverUrl})`,
  );
  // And they did happen: the failure came from the receiver, as intended.
  for (const s of statuses) {
    assert.ok(session.problems.some((p) => p.includes(receiverUrl) && p.endsWith(`: HTTP ${s}`)), `an answer ${s} from the receiver was seen`);
  }
  for (const t of transport) {
    assert.ok(session.problems.some((p) => p.includes(receiverUrl) && p.includes(t)), `a request to the receiver failed with ${t}`);
  }
}

/**
 * A fresh browser context whose requests to the receiver are recorded, with
 * UAT_WORKSPACE imported through Settings, the endpoint set to the receiver
 * (and the wait, if given), and UAT open: `{ session, page, requests }`.
 */
export async function openUatSession(shared, receiver, { timeoutSeconds } = {}) {
  const session = await openSession(shared);
  const requests = recordRequests(session.context, receiver.url);
  const { page } = session;
  await openWithUat(session);
  await useEndpoint(page, receiver.url, { timeoutSeconds });
  await openEnvironment(page, 'UAT');
  return { session, page, requests };
}
