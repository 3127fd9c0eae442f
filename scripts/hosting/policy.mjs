// The packaged page's own Content Security Policy: read from index.html's
// <meta http-equiv="Content-Security-Policy"> and rewritten for production.
//
// The page reads this <meta> to refuse an endpoint its policy would block
// (crates/domain/src/publish/policy.rs), and every host configuration sends
// the same policy as a header (rules.mjs), so a gateway added here is
// accepted by the page and allowed by the host alike:
// - the local development receiver's sources (http://127.0.0.1:* and
//   http://localhost:*, for scripts/serve and the tests) are dropped: a
//   console served to administrators never talks to a receiver on their own
//   machine;
// - an organisation's own gateways (EINVOICING_CONNECT_SRC) are added to
//   connect-src.

/** connect-src sources that only the local development receiver needs. */
export const DEV_ONLY_CONNECT_SOURCES = ['http://127.0.0.1:*', 'http://localhost:*'];

const META = /(<meta http-equiv="Content-Security-Policy" content=")([^"]*)(")/;

/** The policy text of a built index.html; throws when the page has none or its hash placeholder is still there. */
export function pagePolicy(html) {
  const m = html.match(META);
  if (!m) throw new Error('index.html has no <meta http-equiv="Content-Security-Policy">');
  if (m[2].includes('TRUNK-INLINE-SCRIPT-HASHES')) {
    throw new Error("index.html's policy still has TRUNK-INLINE-SCRIPT-HASHES: it was not built by trunk build");
  }
  if (!/'sha256-[A-Za-z0-9+/]+=*'/.test(m[2])) throw new Error("index.html's policy has no sha256 source for its loader");
  return m[2];
}

/**
 * The origins of EINVOICING_CONNECT_SRC: separated by spaces or commas, each
 * `https://host[:port]` (a leading `*.` allowed, as in CSP), lowercased.
 * Anything else is refused with the reason, since it is written into the
 * page and into every host configuration.
 */
export function parseConnectSrc(text = '') {
  const origins = [];
  for (const item of text.split(/[\s,]+/).filter(Boolean)) {
    const origin = item.toLowerCase().replace(/\/$/, '');
    if (!/^https:\/\/(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+(:[0-9]{1,5})?$/.test(origin)) {
      throw new Error(
        `EINVOICING_CONNECT_SRC: "${item}" is not an https origin such as https://gw.contoso.example or https://*.contoso.example:8443 (no path, no http)`,
      );
    }
    if (!origins.includes(origin)) origins.push(origin);
  }
  return origins;
}

/** `policy` with connect-src rewritten: the dev-only sources out, `extra` origins in (after the others). */
export function productionPolicy(policy, extra = []) {
  let found = false;
  const directives = policy
    .split(';')
    .map((d) => d.trim())
    .filter(Boolean)
    .map((directive) => {
      const [name, ...sources] = directive.split(/\s+/);
      if (name.toLowerCase() !== 'connect-src') return directive;
      found = true;
      const kept = sources.filter((s) => !DEV_ONLY_CONNECT_SOURCES.includes(s));
      return [name, ...kept, ...extra.filter((o) => !kept.includes(o))].join(' ');
    });
  if (!found) throw new Error("the page's policy has no connect-src to rewrite");
  return directives.join('; ');
}

/** `html` with its <meta> policy replaced by `policy`. */
export function withPolicy(html, policy) {
  if (!META.test(html)) throw new Error('index.html has no <meta http-equiv="Content-Security-Policy">');
  return html.replace(META, (_, open, _old, close) => open + policy + close);
}
