// The console's service worker: keeps this build's app shell (index.html,
// the wasm-bindgen JS, the wasm, the CSS, the icons and the manifest) in one
// cache, so the console opens and validates with the network gone.
//
// - Build-stamped: scripts/stamp-build.mjs (a Trunk post_build hook) puts the
//   build's version and its list of shell files in place of the two
//   placeholders below; the build fails if either is missing. A new build is
//   a new sw.js, which the browser installs on the next load.
// - One cache per build, `einvoicing-shell-<version>`, filled at install in
//   one step (cache.addAll: all of the build's files or none), and only when
//   the index.html it got is this build's (the site may have moved on while
//   it installed). On activation every other einvoicing-shell-* cache goes.
// - Never a half-old, half-new page: every shell file but index.html has its
//   content's hash in its name (Trunk), and a page loads no code after it
//   started. Online, a navigation gets the newest index.html from the
//   network, which names its own build's files; offline (or when the network
//   has not answered in 4 s), index.html and the files it names come from the
//   same cache. So taking over at once
//   (skipWaiting, clients.claim) is safe.
// - Only same-origin GETs of this build's shell are answered from the cache.
//   Anything else (the publish and number-sequence calls to the service,
//   which go to another origin, and every PUT, DELETE or POST) is not touched:
//   it goes to the network as if there were no service worker, and nothing of
//   it (bodies, answers, the access token) is ever stored.

const VERSION = '__EINVOICING_BUILD_VERSION__';
/** This build's shell files, relative to this script ("./" is index.html). */
const SHELL = __EINVOICING_SHELL_FILES__;

const PREFIX = 'einvoicing-shell-';
const CACHE = PREFIX + VERSION;
const SHELL_URLS = new Set(SHELL.map((file) => new URL(file, self.location.href).href));
const INDEX = new URL('./', self.location.href).href;

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      try {
        // `reload`: from the server, never from the HTTP cache.
        await cache.addAll(SHELL.map((file) => new Request(file, { cache: 'reload' })));
        const page = await cache.match(INDEX);
        const html = page ? await page.text() : '';
        if (!html.includes(`<meta name="einvoicing-build" content="${VERSION}"`)) {
          throw new Error(`the server's index.html is not build ${VERSION}`);
        }
      } catch (err) {
        // Nothing half-filled stays behind; the worker already active (if
        // any) keeps its own cache and goes on serving.
        await caches.delete(CACHE);
        throw err;
      }
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    event.respondWith(navigation(request));
  } else if (SHELL_URLS.has(url.href)) {
    event.respondWith(shellFile(request));
  }
});

/** How long a navigation waits for the network before this build's copy is used. */
const NETWORK_WAIT_MS = 4000;

/**
 * Network first, so an online load gets the newest index.html; this build's
 * copy when the network fails, or has not answered within NETWORK_WAIT_MS (a
 * network that hangs must not keep the console from opening; the next load
 * tries the network again).
 */
async function navigation(request) {
  const network = fetch(request);
  // Answered later or never: either way nothing waits on it any more.
  network.catch(() => {});
  let timer;
  const slow = new Promise((resolve) => {
    timer = setTimeout(() => resolve(null), NETWORK_WAIT_MS);
  });
  try {
    const answer = await Promise.race([network, slow]);
    if (answer) return answer;
    const cached = await caches.match(INDEX, { cacheName: CACHE });
    return cached ?? (await network);
  } catch (err) {
    const cached = await caches.match(INDEX, { cacheName: CACHE });
    if (cached) return cached;
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * One of this build's files: the cache first, then the network (when a newer
 * build's worker has already removed this cache). `caches.match` with a
 * cacheName never creates the cache again, as `caches.open` would.
 */
async function shellFile(request) {
  const cached = await caches.match(request, { cacheName: CACHE });
  return cached ?? fetch(request);
}
