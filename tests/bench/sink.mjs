// Where the console publishes during the benchmark (bench.mjs): a local
// server that answers CORS preflights, counts the bytes of each PUT body and
// answers 500, so the console records a failed publish and changes nothing.
// Keeps a real receiver's data, and any service on 127.0.0.1:8081, out of it.

import { createServer } from 'node:http';

/** Starts the sink on 127.0.0.1 (an ephemeral port): { url, received: [{ method, url, bytes }], close() }. */
export async function startSink() {
  const received = [];
  const server = createServer((req, res) => {
    const cors = {
      'Access-Control-Allow-Origin': req.headers.origin ?? '*',
      'Access-Control-Allow-Methods': 'GET, PUT, POST, DELETE, OPTIONS',
      'Access-Control-Allow-Headers': req.headers['access-control-request-headers'] ?? '*',
      'Access-Control-Max-Age': '0',
    };
    if (req.method === 'OPTIONS') {
      res.writeHead(204, cors);
      res.end();
      return;
    }
    let bytes = 0;
    req.on('data', (chunk) => { bytes += chunk.length; });
    req.on('end', () => {
      received.push({ method: req.method, url: req.url, bytes });
      res.writeHead(500, { ...cors, 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('benchmark sink: nothing is stored here\n');
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}/`;
  return {
    url,
    received,
    close: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(() => resolve()); }),
  };
}
