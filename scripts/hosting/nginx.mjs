// hosting/nginx.conf: the directives to include inside an nginx `server { }`
// that sets `root` to the packaged site (hosting/README.md), written from
// rules.mjs.
//
// nginx drops every inherited add_header as soon as a location has one of its
// own, so each location repeats the whole list, with `always` so that errors
// carry them too; but a year's Cache-Control only on a file that is there
// (without `always`, nginx leaves it off a 404). The site's types are listed here, not taken from the host's
// mime.types, so application/wasm never depends on the host. The
// precompressed .br and .gz files are served by brotli_static (Debian:
// libnginx-mod-http-brotli-static) and gzip_static, with the original file's
// type and headers.
import { HASHED_PATH, IMMUTABLE, MIME_TYPES, REVALIDATE, assertConfigSafe, securityHeaders } from './rules.mjs';

export function nginxConf({ policy, banner }) {
  const headers = (cacheControl) =>
    [...securityHeaders(policy), ['Cache-Control', cacheControl]]
      .map(([name, value]) => {
        const always = name === 'Cache-Control' && value === IMMUTABLE ? '' : ' always';
        return `    add_header ${name} "${assertConfigSafe(name, value)}"${always};`;
      })
      .join('\n');
  const types = Object.entries(MIME_TYPES)
    .map(([ext, type]) => `    ${type.split(';')[0]} ${ext};`)
    .join('\n');
  // text/html always is one: nginx warns when it is listed.
  const charsetTypes = Object.values(MIME_TYPES)
    .filter((t) => t.includes('charset=') && !t.startsWith('text/html'))
    .map((t) => t.split(';')[0]);
  return `${banner.map((l) => `# ${l}`.trimEnd()).join('\n')}
#
# Inside your server block, after root:
#
#   server {
#       listen 443 ssl;            # your certificate, server_name, ...
#       root /srv/einvoicing-console/site;
#       include /srv/einvoicing-console/hosting/nginx.conf;
#   }
#
# Needs the brotli_static module loaded at the top level (Debian:
# apt-get install libnginx-mod-http-brotli-static, which loads it).

index index.html;
types {
${types}
}
default_type application/octet-stream;
charset utf-8;
charset_types ${charsetTypes.join(' ')};

# The precompressed file when the browser accepts it, the plain one otherwise;
# Vary: Accept-Encoding either way, for caches on the way.
brotli_static on;
gzip_static on;
gzip_vary on;

# Files whose name carries their content's hash: kept a year, never asked again.
location ~ "${HASHED_PATH}" {
${headers(IMMUTABLE)}
}

# Everything else (index.html, sw.js, the manifest, the icons) keeps its name
# from build to build: revalidated on every use.
location / {
${headers(REVALIDATE)}
}
`;
}
