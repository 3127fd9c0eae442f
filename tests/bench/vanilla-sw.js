// The vanilla reference page's service worker, served as sw.js beside it
// (tests/bench/vanilla-root.mjs copies it there; tests/bench/vanilla.html
// registers it once its list is rendered). It does for the page's own files
// what the console's worker (assets/sw.js) does for the console's, so that the
// benchmark's "returning visit" lines compare the two pages with their files
// cached the same way:
//
// - at install, the page ("./", its index.html) and app.css go into one cache
//   in one step (cache.addAll, `reload`: from the server, never from the HTTP
//   cache), then skipWaiting; at activation, clients.claim;
// - a navigation goes to the network first, as the console's does, and gets
//   the cached page when the network fails or has not answered in 4 s;
// - app.css (and the page itself, asked for as a file) comes from the cache
//   first, the network only when it is not there;
// - anything else (another origin, anything but GET) is not touched.

const CACHE = 'vanilla-shell';
/** The page's files, relative to this script ("./" is index.html). */
const SHELL = ['./', 'index.html', 'app.css'];
const SHELL_URLS = new Set(SHELL.map((file) => new URL(file, self.location.href).href));
const INDEX = new URL('./', self.location.href).href;
/** How long a navigation waits for the network before the cached page is used (the console's value). */
const NETWORK_WAIT_MS = 4000;

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      await cache.addAll(SHELL.map((file) => new Request(file, { cache: 'reload' })));
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(self.clients.claim());
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

/** The network first; the cached page when it fails or is slow (as the console's worker). */
async function navigation(request) {
  const network = fetch(request);
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

/** One of the page's files: the cache first, then the network. */
async function shellFile(request) {
  const cached = await caches.match(request, { cacheName: CACHE });
  return cached ?? fetch(request);
}
