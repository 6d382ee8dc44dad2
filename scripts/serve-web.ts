/**
 * `npm run web`: serves the built page (dist/site) on this machine only (127.0.0.1). Web Serial works on
 * localhost without https. Options: --port N (default 8080; the next free one is taken when busy).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { repoRoot } from './repo-root.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json',
};

/** A static server of `root` on 127.0.0.1; resolves once listening, with the port it got. */
export function serveStatic(root: string, port: number): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname)).replace(/^(\.\.[/\\])+/, '');
    const file = join(root, path.endsWith('/') ? `${path}index.html` : path);
    if (!file.startsWith(root) || !existsSync(file)) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' }).end(readFileSync(file));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      resolve({ server, port: typeof address === 'object' && address ? address.port : port });
    });
  });
}

async function main(): Promise<void> {
  const site = join(repoRoot, 'dist/site');
  if (!existsSync(join(site, 'index.html'))) {
    console.error('dist/site is missing: run npm run build first');
    process.exit(2);
  }
  const at = process.argv.indexOf('--port');
  let port = at > 0 ? Number(process.argv[at + 1]) : 8080;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port ${process.argv[at + 1]}: give a port number (0-65535)`);
    process.exit(2);
  }
  for (let tries = 0; ; tries++) {
    try {
      const { port: listening } = await serveStatic(site, port);
      console.log(`fwkit web page: http://localhost:${listening}/ (Chrome or Edge; Ctrl-C to stop)`);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || tries >= 20) throw error;
      port++;
    }
  }
}

if (process.argv[1]?.endsWith('serve-web.js')) await main();
