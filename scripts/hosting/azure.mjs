// hosting/staticwebapp.config.json: the configuration of Azure Static Web
// Apps (its documented shape: globalHeaders, routes, mimeTypes), written from
// rules.mjs.
//
// globalHeaders go on every response; a route's headers override a global
// header of the same name, so the default Cache-Control is global and the
// hashed files' routes set theirs. No navigationFallback: the console's routes are in the
// address's fragment (#/…), so the host only ever sees "/", and a missing file
// stays a 404.
import { AZURE_HASHED_ROUTES, IMMUTABLE, MIME_TYPES, REVALIDATE, securityHeaders } from './rules.mjs';

export function staticWebAppConfig({ policy }) {
  return {
    globalHeaders: Object.fromEntries([...securityHeaders(policy), ['Cache-Control', REVALIDATE]]),
    routes: AZURE_HASHED_ROUTES.map((route) => ({ route, headers: { 'Cache-Control': IMMUTABLE } })),
    mimeTypes: Object.fromEntries(Object.entries(MIME_TYPES).map(([ext, type]) => [`.${ext}`, type])),
  };
}
