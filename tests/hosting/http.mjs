// One GET as the bytes arrive: fetch() would decompress a br or gzip answer
// on its own, and the hosting tests check the compressed bytes themselves.
import http from 'node:http';

/** GET `url` with `headers`: `{ status, headers, body }` (body: the bytes as sent, a Buffer). */
export function rawGet(url, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error(`GET ${url}: no answer within 10 s`)));
  });
}
