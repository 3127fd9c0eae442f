// A tiny static file server for the end-to-end tests: serves the release build
// in `dist/` (what `trunk build --release` produced) on 127.0.0.1.
//
// - binds to 127.0.0.1 only, on an ephemeral port by default (port 0);
// - correct MIME types, including `application/wasm` (required for
//   `WebAssembly.instantiateStreaming`);
// - SPA fallback: a GET for a path that is not a file and has no file
//   extension (a client-side route such as `/key-vault`) gets `index.html`;
//   a missing asset (`/missing.js`) is a real 404, so a broken bundle fails
//   loudly instead of being answered with HTML;
// - no directory listings, no path traversal outside the root.
//
// Use from a test:   const srv = await startStaticServer({ root: 'dist' });
//                    ... srv.url ...; await srv.close();
// Or by hand:        node tests/e2e/static-server.mjs [root=dist] [port=0]

import { createServer } from 'node:http';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const MIME_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.webmanifest': 'application/manifest+json',
};

export function mimeTypeFor(filePath) {
  return MIME_TYPES[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

async function fileStat(p) {
  try {
    return await stat(p);
  } catch {
    return null;
  }
}

/**
 * Start serving `root`. Resolves once listening.
 * @param {{ root?: string, host?: string, port?: number, log?: boolean }} [options]
 * @returns {Promise<{ url: string, port: number, root: string, close: () => Promise<void> }>}
 */
export async function startStaticServer({ root = 'dist', host = '127.0.0.1', port = 0, log = false } = {}) {
  const rootDir = path.resolve(root);
  const indexHtml = path.join(rootDir, 'index.html');
  const rootStat = await fileStat(indexHtml);
  if (!rootStat?.isFile()) {
    throw new Error(`static-server: ${indexHtml} not found; build the site first (trunk build --release)`);
  }

  const send = (req, res, status, filePath, size) => {
    res.writeHead(status, {
      'Content-Type': mimeTypeFor(filePath),
      'Content-Length': size,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    createReadStream(filePath).pipe(res);
  };

  const notFound = (res, status = 404, text = 'Not Found') => {
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(`${text}\n`);
  };

  const server = createServer(async (req, res) => {
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' });
        res.end('Method Not Allowed\n');
        return;
      }
      let pathname;
      try {
        pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
      } catch {
        notFound(res, 400, 'Bad Request');
        return;
      }
      if (pathname.includes('\0')) {
        notFound(res, 400, 'Bad Request');
        return;
      }
      const filePath = path.resolve(rootDir, `.${pathname}`);
      if (filePath !== rootDir && !filePath.startsWith(rootDir + path.sep)) {
        notFound(res, 403, 'Forbidden');
        return;
      }

      let candidate = filePath;
      let st = await fileStat(candidate);
      if (st?.isDirectory()) {
        candidate = path.join(candidate, 'index.html');
        st = await fileStat(candidate);
      }
      if (st?.isFile()) {
        if (log) console.log(`200 ${req.method} ${req.url}`);
        send(req, res, 200, candidate, st.size);
        return;
      }

      // SPA fallback for client-side routes: extension-less paths only.
      if (path.extname(pathname) === '') {
        const indexStat = await fileStat(indexHtml);
        if (indexStat?.isFile()) {
          if (log) console.log(`200 ${req.method} ${req.url} -> /index.html (SPA fallback)`);
          send(req, res, 200, indexHtml, indexStat.size);
          return;
        }
      }
      if (log) console.log(`404 ${req.method} ${req.url}`);
      notFound(res);
    } catch (err) {
      if (!res.headersSent) notFound(res, 500, 'Internal Server Error');
      else res.destroy(err);
    }
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port: boundPort } = server.address();
  const url = `http://${host}:${boundPort}`;

  return {
    url,
    port: boundPort,
    root: rootDir,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

// CLI: node tests/e2e/static-server.mjs [root] [port]
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = process.argv[2] ?? 'dist';
  const port = Number(process.argv[3] ?? 0);
  const srv = await startStaticServer({ root, port, log: true });
  console.log(`serving ${srv.root} at ${srv.url}/ (Ctrl+C to stop)`);
  const stop = async () => {
    await srv.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
