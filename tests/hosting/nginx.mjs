// Debian's nginx (scripts/setup --nginx) serving a packaged site on
// 127.0.0.1 for the hosting tests, the way a host runs the shipped file: a
// top-level configuration of the test's own (no daemon, its pid, logs and
// temporary files in a folder of its own, the brotli_static module loaded),
// whose one server block sets `root` and includes the package's
// hosting/nginx.conf unchanged.
//
//   const server = await startNginx({ root, include });  // server.url, server.stop()
//   server.reload()   // reads its configuration (and so the included file) again, as `nginx -s reload`
//
// Not the system's nginx service: it is never started or touched.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const NGINX = process.env.NGINX_PATH || '/usr/sbin/nginx';
export const BROTLI_STATIC_MODULE = '/usr/lib/nginx/modules/ngx_http_brotli_static_module.so';

/** A port free on 127.0.0.1 right now. */
async function freePort() {
  const probe = createServer();
  await new Promise((resolve, reject) => probe.listen(0, '127.0.0.1', resolve).once('error', reject));
  const { port } = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** The top-level configuration: everything but the shipped file's directives. */
function topLevel({ dir, port, root, include }) {
  const asRoot = process.getuid?.() === 0;
  return `# Written by tests/hosting/nginx.mjs for one test run.
${asRoot ? 'user root;  # the workers read the test\'s own temporary folders\n' : ''}daemon off;
master_process on;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
load_module ${BROTLI_STATIC_MODULE};
events { worker_connections 64; }
http {
    access_log ${dir}/access.log;
    client_body_temp_path ${dir}/client_body;
    proxy_temp_path ${dir}/proxy;
    fastcgi_temp_path ${dir}/fastcgi;
    uwsgi_temp_path ${dir}/uwsgi;
    scgi_temp_path ${dir}/scgi;
    server {
        listen 127.0.0.1:${port};
        server_name localhost;
        root ${root};
        include ${include};
    }
}
`;
}

/**
 * Starts nginx for `root` with the shipped `include` file; resolves once it
 * answers. Tries another port if the one picked was taken meanwhile.
 */
export async function startNginx({ root, include }) {
  for (const f of [NGINX, BROTLI_STATIC_MODULE]) {
    if (!existsSync(f)) throw new Error(`${f} is missing: run ./scripts/setup --nginx`);
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), 'einvoicing-nginx-'));
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const conf = path.join(dir, 'nginx.conf');
    await writeFile(conf, topLevel({ dir, port, root, include }));
    await mkdir(path.join(dir, 'client_body'), { recursive: true });
    const child = spawn(NGINX, ['-p', dir, '-c', conf, '-e', path.join(dir, 'error.log')], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    const url = `http://127.0.0.1:${port}`;
    const up = await Promise.race([answers(url), exited.then(() => false)]);
    if (up) {
      return {
        url,
        port,
        dir,
        async stop() {
          if (child.exitCode === null) child.kill('SIGQUIT');
          await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
          if (child.exitCode === null) child.kill('SIGKILL');
          await rm(dir, { recursive: true, force: true });
        },
        reload() {
          child.kill('SIGHUP');
        },
        errorLog: () => readFile(path.join(dir, 'error.log'), 'utf8').catch(() => ''),
      };
    }
    if (child.exitCode === null) child.kill('SIGKILL');
    await exited;
    const log = await readFile(path.join(dir, 'error.log'), 'utf8').catch(() => '');
    if (attempt >= 3 || !/Address already in use/.test(stderr + log)) {
      await rm(dir, { recursive: true, force: true });
      throw new Error(`nginx did not start:\n${stderr}${log}`);
    }
  }
}

/** Whether `url` answers within 10 s. */
async function answers(url) {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    try {
      await fetch(url, { method: 'HEAD' });
      return true;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return false;
}
