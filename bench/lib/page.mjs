// Builds the benchmark page (bench/page) with Vite, importing @meshcall/core from its TypeScript sources, and
// serves the result on 127.0.0.1. A production build keeps timings free of dev-server transforms and of
// dependency re-optimisation reloads.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { build, defaultClientConditions } from 'vite';

const ROOT = resolve(import.meta.dirname, '..', '..');
const PAGE_DIR = join(ROOT, 'bench', 'page');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
};

/**
 * Builds the page into `outDir` and serves it. Resolves with the page URL and a `close()`.
 * @param {string} outDir
 * @returns {Promise<{ url: string, close(): Promise<void> }>}
 */
export async function servePage(outDir) {
  await build({
    root: PAGE_DIR,
    logLevel: 'error',
    configFile: false,
    resolve: {
      conditions: ['source', ...defaultClientConditions],
      alias: { '@meshcall/core': join(ROOT, 'packages', 'core', 'src', 'index.ts') },
    },
    build: { outDir, emptyOutDir: true, target: 'es2022', sourcemap: false },
  });
  const server = createServer(async (request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname));
    const file = join(outDir, path === '/' ? 'index.html' : path);
    if (!file.startsWith(outDir)) {
      response.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((done) => server.close(() => done())),
  };
}
