// The package's contents, without a server: the three host configurations
// send the one list's headers (scripts/hosting/rules.mjs) for every packaged
// file, staticwebapp.config.json has its documented shape, the precompressed
// files are the files, the site is stamped coherently, and
// EINVOICING_CONNECT_SRC reaches the page and every configuration alike.
//
//   ./scripts/package --no-build && node --test tests/hosting/configs.test.mjs
//
// Checked on the archive scripts/package wrote and on a second package made
// with EINVOICING_CONNECT_SRC (tests/hosting/package.mjs).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import zlib from 'node:zlib';

import { unpack, packageAgain, pageOf } from './package.mjs';
import { nginxAnswers, caddyAnswers, azureAnswers } from './hosts.mjs';
import { securityHeaders, cacheControlFor, MIME_TYPES, PRECOMPRESSED } from '../../scripts/hosting/rules.mjs';

const GATEWAYS = ['https://gw.contoso.example', 'https://*.gw.fabrikam.example:8443'];

const packages = {};
before(async () => {
  packages.shipped = await unpack();
  packages.withGateways = await packageAgain({ EINVOICING_CONNECT_SRC: `${GATEWAYS[0]}, ${GATEWAYS[1].toUpperCase()}/` });
});
after(async () => {
  for (const p of Object.values(packages)) await p.remove();
});

/** Every file a browser may ask for: the site's files but the precompressed ones, and "/". */
async function requestPaths(site) {
  const files = (await readdir(site)).filter((f) => !/\.(br|gz)$/.test(f));
  return ['/', ...files.map((f) => `/${f}`)];
}

/** Files that are not there: one plain, one whose name looks hashed (a deploy still copying). */
const MISSING = ['/missing.js', '/einvoicing-console-0123456789abcdef_bg.wasm', '/main-0123456789abcdef.css'];

/** What the one list says a request for `urlPath` gets, on a page whose <meta> policy is `policy`. */
function expected(policy, urlPath) {
  const file = urlPath.endsWith('/') ? `${urlPath}index.html` : urlPath;
  return {
    ...Object.fromEntries(securityHeaders(policy)),
    'Cache-Control': cacheControlFor(file),
    'Content-Type': MIME_TYPES[path.extname(file).slice(1)],
  };
}

async function readers(hosting) {
  const text = (f) => readFile(path.join(hosting, f), 'utf8');
  return {
    'nginx.conf': nginxAnswers(await text('nginx.conf')),
    Caddyfile: caddyAnswers(await text('Caddyfile')),
    'staticwebapp.config.json': azureAnswers(JSON.parse(await text('staticwebapp.config.json'))),
  };
}

describe('the one list', () => {
  test('says what the issue asks: the page policy plus frame-ancestors, nosniff, no-referrer, a year for hashed names, no-cache for the rest', async () => {
    const { site } = packages.shipped;
    const { policy } = await pageOf(site);
    const headers = Object.fromEntries(securityHeaders(policy));
    assert.equal(headers['Content-Security-Policy'], `${policy}; frame-ancestors 'none'`);
    assert.equal(headers['X-Content-Type-Options'], 'nosniff');
    assert.equal(headers['Referrer-Policy'], 'no-referrer');
    assert.match(headers['Permissions-Policy'], /^([a-z-]+=\(\), )+[a-z-]+=\(\)$/);
    for (const off of ['camera', 'microphone', 'geolocation', 'payment', 'usb']) assert.ok(headers['Permissions-Policy'].includes(`${off}=()`), off);
    const names = await readdir(site);
    const hashed = names.filter((f) => /-[0-9a-f]{1,16}(_bg)?\.(js|wasm|css)$/.test(f));
    assert.equal(hashed.length, 3, `Trunk's three hashed files: ${hashed}`);
    for (const f of hashed) assert.equal(cacheControlFor(`/${f}`), 'public, max-age=31536000, immutable', f);
    for (const f of ['/index.html', '/sw.js', '/manifest.webmanifest', '/icon.svg', '/icon-192.png']) {
      assert.equal(cacheControlFor(f), 'no-cache', f);
    }
    assert.equal(MIME_TYPES.wasm, 'application/wasm');
  });
});

for (const which of ['shipped', 'withGateways']) {
  describe(`the ${which === 'shipped' ? 'shipped package' : 'package made with EINVOICING_CONNECT_SRC'}`, () => {
    test('nginx.conf, Caddyfile and staticwebapp.config.json each send the one list for every file', async () => {
      const { site, hosting } = packages[which];
      const { policy } = await pageOf(site);
      for (const [name, answer] of Object.entries(await readers(hosting))) {
        for (const urlPath of await requestPaths(site)) {
          assert.deepEqual(answer(urlPath), expected(policy, urlPath), `${name}: ${urlPath}`);
        }
      }
    });

    test('a missing file gets the security headers from nginx.conf and Caddyfile, and is never kept a year', async () => {
      const { site, hosting } = packages[which];
      const { policy } = await pageOf(site);
      const { 'Cache-Control': _, 'Content-Type': __, ...security } = expected(policy, '/');
      const answers = await readers(hosting);
      for (const name of ['nginx.conf', 'Caddyfile']) {
        for (const urlPath of MISSING) {
          const { 'Cache-Control': cache, ...rest } = answers[name](urlPath, { found: false });
          assert.deepEqual(rest, security, `${name}: ${urlPath}`);
          assert.ok(cache === undefined || cache === 'no-cache', `${name}: ${urlPath} gets Cache-Control ${cache}`);
        }
      }
    });

    test('nginx.conf and Caddyfile serve the precompressed files', async () => {
      const { hosting } = packages[which];
      const nginx = (await readFile(path.join(hosting, 'nginx.conf'), 'utf8')).replace(/^\s*#.*$/gm, '');
      for (const line of ['brotli_static on;', 'gzip_static on;', 'gzip_vary on;']) assert.match(nginx, new RegExp(`^${line}$`, 'm'));
      const caddy = (await readFile(path.join(hosting, 'Caddyfile'), 'utf8')).replace(/^\s*#.*$/gm, '');
      assert.match(caddy, /^\tfile_server \{\n\t\tprecompressed br gzip\n\t\}$/m);
    });

    test('a .br and a .gz beside every html, js, css, wasm, json, webmanifest and svg file, each the file itself', async () => {
      const { site } = packages[which];
      const names = await readdir(site);
      const plain = names.filter((f) => !/\.(br|gz)$/.test(f));
      const compressible = plain.filter((f) => PRECOMPRESSED.includes(path.extname(f).slice(1)));
      assert.ok(compressible.some((f) => f.endsWith('.wasm')) && compressible.includes('index.html'));
      for (const f of compressible) {
        const data = await readFile(path.join(site, f));
        assert.ok(zlib.brotliDecompressSync(await readFile(path.join(site, `${f}.br`))).equals(data), `${f}.br`);
        assert.ok(zlib.gunzipSync(await readFile(path.join(site, `${f}.gz`))).equals(data), `${f}.gz`);
      }
      const others = names.filter((f) => /\.(br|gz)$/.test(f) && !compressible.includes(f.replace(/\.(br|gz)$/, '')));
      assert.deepEqual(others, [], 'nothing else is precompressed (the PNGs are compressed already)');
    });

    test("the site is one build: the page's version is the worker's, whose list is the site's files (no .br or .gz)", async () => {
      const { site } = packages[which];
      const { build } = await pageOf(site);
      const worker = await readFile(path.join(site, 'sw.js'), 'utf8');
      assert.equal(worker.match(/^const VERSION = "([0-9a-f]{12})";$/m)?.[1], build);
      const listed = JSON.parse(worker.match(/^const SHELL = (\[.*\]);$/m)[1]);
      const files = (await readdir(site)).filter((f) => !/\.(br|gz)$/.test(f) && f !== 'sw.js').map((f) => (f === 'index.html' ? './' : f));
      assert.deepEqual([...listed].sort(), files.sort());
    });
  });
}

describe('connect-src', () => {
  test("the shipped page's policy allows no local development receiver", async () => {
    const { policy } = await pageOf(packages.shipped.site);
    const connect = policy.match(/connect-src ([^;]*)/)[1].split(' ');
    assert.deepEqual(connect, [
      "'self'",
      'https://*.gateway.prod.island.powerapps.com',
      'https://login.microsoftonline.com',
      'https://login.microsoftonline.us',
      'https://login.chinacloudapi.cn',
    ]);
  });

  test('EINVOICING_CONNECT_SRC adds the gateways to the page and to all three configurations, and makes a new build', async () => {
    const { site, hosting, output } = packages.withGateways;
    const { policy, build } = await pageOf(site);
    assert.match(policy, new RegExp(`connect-src [^;]* ${GATEWAYS.map((g) => g.replace(/[.*]/g, '\\$&')).join(' ')};`));
    for (const file of ['nginx.conf', 'Caddyfile', 'staticwebapp.config.json']) {
      const text = await readFile(path.join(hosting, file), 'utf8');
      for (const gateway of GATEWAYS) assert.ok(text.includes(` ${gateway}`), `${file} names ${gateway}`);
    }
    assert.notEqual(build, (await pageOf(packages.shipped.site)).build, 'another page, another build version');
    assert.match(output, new RegExp(`adds ${GATEWAYS[0].replace(/[.]/g, '\\.')} `));
  });

  for (const wrong of ['http://gw.contoso.example', 'https://gw.contoso.example/einvoicing', "https://gw.contoso.example; script-src 'unsafe-inline'", 'gw.contoso.example']) {
    test(`EINVOICING_CONNECT_SRC="${wrong}" is refused, and nothing is written`, async () => {
      await assert.rejects(packageAgain({ EINVOICING_CONNECT_SRC: wrong }), (err) => {
        assert.equal(err.code, 1);
        assert.match(err.stderr, /EINVOICING_CONNECT_SRC: .* is not an https origin/);
        assert.equal(err.stdout, '');
        return true;
      });
    });
  }
});

describe('staticwebapp.config.json', () => {
  test('has the documented shape of Azure Static Web Apps configuration', async () => {
    const file = path.join(packages.shipped.hosting, 'staticwebapp.config.json');
    const text = await readFile(file, 'utf8');
    assert.ok(Buffer.byteLength(text) < 20 * 1024, 'at most 20 KB (the documented limit)');
    const config = JSON.parse(text);
    const TOP = ['routes', 'navigationFallback', 'responseOverrides', 'globalHeaders', 'mimeTypes', 'networking', 'forwardingGateway', 'auth', 'platform', 'trailingSlash'];
    for (const key of Object.keys(config)) assert.ok(TOP.includes(key), `"${key}" is a documented section`);
    const headerObject = (where, headers) => {
      assert.equal(typeof headers, 'object', where);
      for (const [name, value] of Object.entries(headers)) {
        assert.match(name, /^[A-Za-z0-9-]+$/, `${where}: header name ${name}`);
        assert.equal(typeof value, 'string', `${where}: ${name} is a string`);
      }
    };
    headerObject('globalHeaders', config.globalHeaders);
    assert.ok(Array.isArray(config.routes));
    const RULE = ['route', 'methods', 'rewrite', 'redirect', 'statusCode', 'headers', 'allowedRoles'];
    for (const rule of config.routes) {
      for (const key of Object.keys(rule)) assert.ok(RULE.includes(key), `"${key}" is a documented route property`);
      // A route: a path, with a wildcard only in its last segment, filtered by extension at most.
      assert.match(rule.route, /^\/([^*/]+\/)*([^*/{}]*\*?(\.([a-z0-9]+|\{[a-z0-9]+(,[a-z0-9]+)*\}))?)$/, rule.route);
      headerObject(`route ${rule.route}`, rule.headers);
    }
    for (const [ext, type] of Object.entries(config.mimeTypes)) {
      assert.match(ext, /^\.[a-z0-9]+$/);
      assert.match(type, /^[a-z]+\/[a-z0-9.+-]+(; charset=utf-8)?$/);
    }
  });
});
