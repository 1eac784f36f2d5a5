/**
 * The hooks' real-engine browser tests once more, on React 18 (the peer range is ^18.2 || ^19). Every import of
 * `react` / `react-dom` — ours, zustand's and react-dom's own — is pointed at the React 18 copies installed
 * as `react-18` / `react-dom-18`; Vite's dependency optimizer applies the aliases inside dependencies too.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { browserResolve, chromiumBrowser } from '../../vitest.shared.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const react18 = path.join(here, 'node_modules/react-18');
const reactDom18 = path.join(here, 'node_modules/react-dom-18');

export default defineConfig({
  resolve: {
    ...browserResolve,
    alias: [
      { find: /^react$/, replacement: react18 },
      { find: /^react\/(.*)$/, replacement: `${react18}/$1` },
      { find: /^react-dom$/, replacement: reactDom18 },
      { find: /^react-dom\/(.*)$/, replacement: `${reactDom18}/$1` },
    ],
  },
  optimizeDeps: {
    include: ['react-18', 'react-dom-18', 'react-dom-18/client', 'react-18/jsx-runtime', 'react-18/jsx-dev-runtime'],
  },
  cacheDir: path.join(here, 'node_modules/.vite-react18'),
  define: { 'import.meta.env.VITE_EXPECT_REACT_MAJOR': JSON.stringify('18') },
  test: {
    name: 'react18',
    include: ['src/**/*.browser.test.{ts,tsx}'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    fileParallelism: false,
    browser: chromiumBrowser(),
  },
});
