// hosting/Caddyfile: a whole Caddy (v2.6 or newer) configuration for the
// packaged site, written from rules.mjs. The site's address and root come
// from the environment (hosting/README.md), so the file ships as it is.
//
// file_server's `precompressed br gzip` serves the .br or .gz beside a file
// when the browser accepts it (with Vary: Accept-Encoding); the two Cache-Control
// matchers split every path in two, so no request gets both, and an error
// (a 404) is never kept a year; Content-Type is
// set from the one list for the site's extensions, not left to the host's
// mime.types.
import { HASHED_PATH, IMMUTABLE, MIME_TYPES, REVALIDATE, assertConfigSafe, securityHeaders } from './rules.mjs';

export function caddyfile({ policy, banner }) {
  const quoted = (name, value) => `"${assertConfigSafe(name, value)}"`;
  const headers = securityHeaders(policy)
    .map(([name, value]) => `\t\t${name} ${quoted(name, value)}`)
    .join('\n');
  const types = Object.entries(MIME_TYPES)
    .map(([ext, type]) => `\t@type_${ext} path *.${ext}\n\theader @type_${ext} Content-Type ${quoted('Content-Type', type)}`)
    .join('\n');
  return `${banner.map((l) => `# ${l}`.trimEnd()).join('\n')}
#
#   EINVOICING_SITE_ADDRESS=console.contoso.com \\
#   EINVOICING_SITE_ROOT=/srv/einvoicing-console/site \\
#   caddy run --config /srv/einvoicing-console/hosting/Caddyfile
#
# With a domain name as the address, Caddy gets its certificate and serves
# https; without one it serves plain http on :8080.

{$EINVOICING_SITE_ADDRESS::8080} {
\troot * {$EINVOICING_SITE_ROOT:/srv/einvoicing-console/site}
\tfile_server {
\t\tprecompressed br gzip
\t}

\theader {
${headers}
\t}

\t# Files whose name carries their content's hash: kept a year, never asked again.
\t@hashed path_regexp "${HASHED_PATH}"
\theader @hashed Cache-Control ${quoted('Cache-Control', IMMUTABLE)}
\t# Everything else (index.html, sw.js, the manifest, the icons): revalidated on every use.
\t@revalidated not path_regexp "${HASHED_PATH}"
\theader @revalidated Cache-Control ${quoted('Cache-Control', REVALIDATE)}
\t# A missing file, a hashed name too (say, while a deploy is still copying), is not kept.
\thandle_errors {
\t\theader Cache-Control ${quoted('Cache-Control', REVALIDATE)}
\t}

${types}
}
`;
}
