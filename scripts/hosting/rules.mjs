// The one list of what a host must send with the packaged console: the
// response headers, the caching rules, the MIME types and which files are
// precompressed. scripts/package.mjs writes every host configuration
// (nginx.mjs, caddy.mjs, azure.mjs) from it, and tests/hosting/configs.test.mjs
// reads the three configurations back against it, so they cannot drift apart.
//
// Why each value (README, "Deploy"; docs/security.md):
// - Content-Security-Policy: the page's own policy (its <meta>, read from the
//   packaged index.html, with the inline loader's built sha256) plus
//   frame-ancestors 'none', which a <meta> policy cannot carry.
// - Permissions-Policy: off, every powerful feature the console never uses
//   (it uses none of them; signing in is a redirect to another page).
// - Strict-Transport-Security: once served over https, only https (a browser
//   ignores it over http).
// - Caching: a file whose name carries its content's hash (Trunk's JS, wasm
//   and CSS) never changes, so it is kept a year without asking again;
//   everything else keeps its name from build to build (index.html, sw.js, the
//   manifest, the icons) and is revalidated on every use (`no-cache`: a 304
//   when unchanged), so a deploy is seen at once and a page is never half old,
//   half new. Only a file that is there is kept a year: a hashed name that is
//   missing (say, while a deploy is still copying) answers 404 without it,
//   so no browser keeps that 404.

/** Cache-Control for the files whose name carries their content's hash. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Cache-Control for everything else. */
export const REVALIDATE = 'no-cache';

/**
 * Trunk's hashed file names: `einvoicing-console-<hash>.js`,
 * `einvoicing-console-<hash>_bg.wasm`, `main-<hash>.css`, where the hash is a
 * 64-bit number in hex without leading zeros (so 1 to 16 digits; one build in
 * sixteen has fewer than 16). One regular expression, valid as JavaScript,
 * PCRE (nginx) and RE2 (Caddy).
 */
export const HASHED_PATH = '^/(?:einvoicing-console-[0-9a-f]{1,16}(?:\\.js|_bg\\.wasm)|main-[0-9a-f]{1,16}\\.css)$';

/**
 * The same files for Azure Static Web Apps, whose routes are not regular
 * expressions but a path with a trailing wildcard, filtered by extension.
 * tests/hosting/configs.test.mjs checks that they give every packaged file
 * the Cache-Control HASHED_PATH gives it.
 */
export const AZURE_HASHED_ROUTES = ['/einvoicing-console-*.{js,wasm}', '/main-*.css'];

/** What each extension in the site is served as. */
export const MIME_TYPES = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  wasm: 'application/wasm',
  json: 'application/json; charset=utf-8',
  webmanifest: 'application/manifest+json; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
};

/** Files with these extensions get a .br (brotli 11) and a .gz (gzip -9) beside them. */
export const PRECOMPRESSED = ['html', 'js', 'css', 'wasm', 'json', 'webmanifest', 'svg'];

/**
 * Powerful features the console never uses, turned off for it: each one a
 * feature Chromium knows (tests/hosting/nginx.test.mjs checks; an unknown
 * one is a warning in the console, and protects nothing).
 */
export const PERMISSIONS_OFF = [
  'accelerometer',
  'autoplay',
  'camera',
  'display-capture',
  'encrypted-media',
  'fullscreen',
  'geolocation',
  'gyroscope',
  'hid',
  'idle-detection',
  'magnetometer',
  'microphone',
  'midi',
  'payment',
  'picture-in-picture',
  'publickey-credentials-get',
  'screen-wake-lock',
  'serial',
  'usb',
  'xr-spatial-tracking',
];

/**
 * The headers every response carries, in order, for a page whose <meta>
 * policy is `pagePolicy`. Cache-Control is not among them: see cacheControlFor.
 * @returns {[string, string][]}
 */
export function securityHeaders(pagePolicy) {
  return [
    ['Content-Security-Policy', headerPolicy(pagePolicy)],
    ['X-Content-Type-Options', 'nosniff'],
    ['Referrer-Policy', 'no-referrer'],
    ['Permissions-Policy', PERMISSIONS_OFF.map((f) => `${f}=()`).join(', ')],
    ['Strict-Transport-Security', 'max-age=31536000'],
  ];
}

/** The page's policy as a header: the same directives plus frame-ancestors 'none'. */
export function headerPolicy(pagePolicy) {
  const directives = pagePolicy
    .split(';')
    .map((d) => d.trim())
    .filter(Boolean);
  if (directives.some((d) => /^frame-ancestors\b/i.test(d))) {
    throw new Error('the page policy already has frame-ancestors (a <meta> policy cannot carry it)');
  }
  return [...directives, "frame-ancestors 'none'"].join('; ');
}

/** The Cache-Control a request for `urlPath` ("/", "/sw.js", …) is answered with. */
export function cacheControlFor(urlPath) {
  return new RegExp(HASHED_PATH).test(urlPath) ? IMMUTABLE : REVALIDATE;
}

/**
 * Every value written into a host configuration stays inside one quoted
 * string there: no double quote, backslash, `$` (an nginx variable, a Caddy
 * placeholder), brace, newline or other control character.
 */
export function assertConfigSafe(name, value) {
  if (/["\\$`{}\u0000-\u001f\u007f]/.test(value)) {
    throw new Error(`${name} holds a character no host configuration can quote safely: ${JSON.stringify(value)}`);
  }
  return value;
}
