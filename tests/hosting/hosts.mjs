// Reads each shipped host configuration back, as its server would apply it,
// to say which headers a request for a path gets from it: for
// tests/hosting/configs.test.mjs, which holds all three to the one list
// (scripts/hosting/rules.mjs). Each reader knows only its own file's syntax,
// as scripts/package writes it, and fails on anything it cannot place.
//
//   const answer = nginxAnswers(text); answer('/sw.js')  // { 'Cache-Control': 'no-cache', … }
//   answer('/gone.js', { found: false })                 // what a 404 carries
//
// Header names are kept as written; `'/'` is answered as index.html; a 404's
// Content-Type (the server's own error page) is left out.
import path from 'node:path';

const indexed = (urlPath) => (urlPath.endsWith('/') ? `${urlPath}index.html` : urlPath);
const extension = (urlPath) => path.posix.extname(urlPath).slice(1);

/**
 * nginx.conf: the types block, and the add_header lines of the location nginx
 * picks (a matching regex beats the prefix "/"); on a 404 only those marked
 * `always`.
 */
export function nginxAnswers(text) {
  const conf = text.replace(/^\s*#.*$/gm, '');
  const types = {};
  const typesBlock = conf.match(/^types \{([^}]*)\}/m);
  if (!typesBlock) throw new Error('nginx.conf: no types block');
  for (const [, type, exts] of typesBlock[1].matchAll(/^\s*(\S+)\s+([^;]+);/gm)) {
    for (const ext of exts.trim().split(/\s+/)) types[ext] = type;
  }
  const charset = conf.match(/^charset (\S+);/m)?.[1];
  const charsetTypes = ['text/html', ...(conf.match(/^charset_types ([^;]+);/m)?.[1].split(/\s+/) ?? [])];
  const locations = [];
  for (const [, regex, prefix, body] of conf.matchAll(/^location\s+(?:~\s+"([^"]+)"|(\/))\s*\{\n([^}]*)\}/gm)) {
    const headers = [];
    for (const line of body.split('\n').filter((l) => l.trim())) {
      const m = line.match(/^\s+add_header (\S+) "([^"]*)"( always)?;$/);
      if (!m) throw new Error(`nginx.conf: a line the reader cannot place: ${line}`);
      headers.push({ name: m[1], value: m[2], always: Boolean(m[3]) });
    }
    locations.push({ regex: regex && new RegExp(regex), prefix, headers });
  }
  if (/^\s*add_header/m.test(conf.replace(/^location\b[\s\S]*?^\}$/gm, ''))) {
    throw new Error('nginx.conf: an add_header outside a location (nginx drops it wherever a location has its own)');
  }
  return (urlPath, { found = true } = {}) => {
    const file = indexed(urlPath);
    const location = locations.find((l) => l.regex?.test(file)) ?? locations.find((l) => l.prefix && file.startsWith(l.prefix));
    if (!location) throw new Error(`nginx.conf: no location for ${file}`);
    const headers = Object.fromEntries(location.headers.filter((h) => found || h.always).map((h) => [h.name, h.value]));
    if (!found) return headers;
    const type = types[extension(file)];
    return { ...headers, 'Content-Type': type && charsetTypes.includes(type) && charset ? `${type}; charset=${charset}` : type };
  };
}

/**
 * Caddyfile: the site's `header { }` block, each `header @matcher Field
 * "value"` whose matcher matches the path, and on a 404 the `header` lines
 * of handle_errors over them.
 */
export function caddyAnswers(text) {
  const conf = text.replace(/^\s*#.*$/gm, '');
  const block = conf.match(/^\theader \{\n([^}]*)\n\t\}/m);
  if (!block) throw new Error('Caddyfile: no header { } block');
  const always = {};
  for (const line of block[1].split('\n')) {
    const m = line.match(/^\t\t(\S+) "([^"]*)"$/);
    if (!m) throw new Error(`Caddyfile: a header line the reader cannot place: ${line}`);
    always[m[1]] = m[2];
  }
  const matchers = {};
  for (const [, name, not, kind, arg] of conf.matchAll(/^\t@(\S+) (not )?(path_regexp|path) "?([^"\n]+)"?$/gm)) {
    const test =
      kind === 'path_regexp'
        ? (p) => new RegExp(arg).test(p)
        : (p) => new RegExp(`^${arg.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`).test(p);
    matchers[name] = not ? (p) => !test(p) : test;
  }
  const rules = [...conf.matchAll(/^\theader @(\S+) (\S+) "([^"]*)"$/gm)].map(([, matcher, field, value]) => {
    if (!matchers[matcher]) throw new Error(`Caddyfile: header @${matcher} has no matcher`);
    return { matches: matchers[matcher], field, value };
  });
  const onErrors = {};
  const errorsBlock = conf.match(/^\thandle_errors \{\n([^}]*)\n\t\}/m);
  for (const line of errorsBlock?.[1].split('\n') ?? []) {
    const m = line.match(/^\t\theader (\S+) "([^"]*)"$/);
    if (!m) throw new Error(`Caddyfile: a handle_errors line the reader cannot place: ${line}`);
    onErrors[m[1]] = m[2];
  }
  return (urlPath, { found = true } = {}) => {
    const file = indexed(urlPath);
    const headers = { ...always };
    for (const rule of rules.filter((r) => r.matches(file))) {
      if (rule.field in headers) throw new Error(`Caddyfile: ${file} gets ${rule.field} twice`);
      headers[rule.field] = rule.value;
    }
    if (found) return headers;
    const { 'Content-Type': _type, ...kept } = { ...headers, ...onErrors };
    return kept;
  };
}

/** A Static Web Apps route pattern as a regular expression: `*` anything, `{a,b}` either. */
export function azureRoutePattern(route) {
  const source = route
    .replace(/[.+?^$()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\{([^}]*)\}/g, (_, alts) => `(?:${alts.split(',').join('|')})`);
  return new RegExp(`^${source}$`);
}

/** staticwebapp.config.json: globalHeaders, overridden by the first matching route's headers; mimeTypes by extension. */
export function azureAnswers(config) {
  return (urlPath) => {
    const file = indexed(urlPath);
    const route = (config.routes ?? []).find((r) => azureRoutePattern(r.route).test(file));
    return { ...config.globalHeaders, ...route?.headers, 'Content-Type': config.mimeTypes?.[`.${extension(file)}`] };
  };
}
