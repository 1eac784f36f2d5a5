/**
 * Vitest settings shared by the packages: resolve workspace packages from their TypeScript sources (the
 * `source` export condition), so tests never need a build first.
 */

import path from 'node:path';
import { playwright } from '@vitest/browser-playwright';
import { defaultClientConditions, defaultServerConditions } from 'vite';
import type { BrowserCommand, BrowserCommandContext } from 'vitest/node';
import { chromiumLaunchOptions } from './scripts/chromium.mjs';

/** `resolve` options for Node-side (unit) tests. */
export const nodeResolve = { conditions: ['source', ...defaultServerConditions] };

/** Setup files of the Node-side suites: property-based tests draw from a fixed seed unless `FC_SEED` says otherwise. */
export const nodeSetupFiles = [path.join(import.meta.dirname, 'scripts/test-support/fast-check-seed.ts')];

/** `resolve` options for browser-side tests and Storybook. */
export const browserResolve = { conditions: ['source', ...defaultClientConditions] };

/**
 * Dependencies Vite would otherwise discover mid-run (reloading the page under a running test). Paths go
 * through @meshcall/core because pnpm only links them there.
 */
export const browserOptimizeDeps = {
  include: [
    '@meshcall/core > @xmpp/xml',
    '@meshcall/core > ltx/lib/parse.js',
    '@meshcall/core > webrtc-adapter',
    // the chaos tests' property-based driver
    'fast-check',
  ],
};

/**
 * `CHAOS_RUNS` reaches browser tests as `import.meta.env.CHAOS_RUNS` (there is no `process` there), so
 * `CHAOS_RUNS=100 pnpm test browser` runs the chaos tests longer, as it does for the Node ones.
 */
/**
 * `expect.poll` with room for a real browser on a busy 2-core machine: its default gives up after 1 s, which a
 * camera opening or a peer connection settling can take there when other suites run beside it.
 */
export const patientExpect = { poll: { timeout: 10_000 } };

export const chaosEnv = { CHAOS_RUNS: process.env.CHAOS_RUNS ?? '' };

type EmulatedMedia = Parameters<BrowserCommandContext['page']['emulateMedia']>[0];

/**
 * `commands.emulateMedia({ forcedColors: 'active' })` in a browser test: Playwright's `page.emulateMedia`
 * (forced colours, reduced motion, colour scheme). Pass `null` for a feature to go back to the default.
 */
const emulateMedia: BrowserCommand<[media: EmulatedMedia]> = async ({ page }, media) => {
  await page.emulateMedia(media);
};

/** Safe-area insets in CSS px, as a phone with a notch and a home indicator has them. */
interface SafeAreaInsets {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

/**
 * `commands.emulateSafeArea({ top: 47, right: 0, bottom: 34, left: 0 })` in a browser test: what CSS's
 * `env(safe-area-inset-*)` gives (Chromium's DevTools protocol); `null` goes back to none.
 */
const emulateSafeArea: BrowserCommand<[insets: SafeAreaInsets | null]> = async ({ page }, insets) => {
  // One session per page, kept: an override lasts only as long as the session that set it.
  let session = safeAreaSessions.get(page);
  if (!session) {
    session = await page.context().newCDPSession(page);
    safeAreaSessions.set(page, session);
  }
  await session.send('Emulation.setSafeAreaInsetsOverride', {
    insets: insets ?? { top: 0, right: 0, bottom: 0, left: 0 },
  });
};

type BrowserPage = BrowserCommandContext['page'];
const safeAreaSessions = new WeakMap<
  BrowserPage,
  Awaited<ReturnType<ReturnType<BrowserPage['context']>['newCDPSession']>>
>();

/**
 * Vitest browser mode on Debian's Chromium, headless. `{ touch: true }`: a touch screen (Playwright's `hasTouch`:
 * `(pointer: coarse)` and `(hover: none)` match), for the tests of what phones get.
 */
export function chromiumBrowser({ touch = false }: { touch?: boolean } = {}) {
  return {
    enabled: true,
    headless: true,
    screenshotFailures: false,
    provider: playwright({
      launchOptions: chromiumLaunchOptions,
      ...(touch ? { contextOptions: { hasTouch: true } } : {}),
    }),
    instances: [{ browser: 'chromium' as const }],
    commands: { emulateMedia, emulateSafeArea },
  };
}

/**
 * Resolution for browser tests that render React through the workspace packages: one React for everything
 * (zustand is reached through @meshcall/hooks' sources; without dedupe its pre-bundle would import a second
 * copy, "Invalid hook call"), and every dependency pre-bundled up front from the test files, because one
 * discovered mid-run makes Vite reload the page under the running test.
 */
export const reactBrowserDeps = {
  resolve: { ...browserResolve, dedupe: ['react', 'react-dom'] },
  optimizeDeps: {
    entries: ['src/**/*.browser.test.{ts,tsx}'],
    include: [
      ...browserOptimizeDeps.include,
      'react',
      'react-dom',
      'react-dom/client',
      'react/jsx-dev-runtime',
      '@meshcall/hooks > zustand',
      '@meshcall/hooks > zustand/vanilla',
    ],
  },
};

/**
 * A package's browser tests once more, on React 18 (the peer range is ^18.2 || ^19). Every import of `react` /
 * `react-dom` (ours, zustand's, Testing Library's and react-dom's own) is pointed at the React 18 copies the
 * package installs as `react-18` / `react-dom-18`; Vite's dependency optimizer applies the aliases inside
 * dependencies too. `packageDir` is the package's folder; `include` picks the tests.
 */
export function react18BrowserConfig(packageDir: string, include: string[], extraDeps: string[] = []) {
  const react18 = path.join(packageDir, 'node_modules/react-18');
  const reactDom18 = path.join(packageDir, 'node_modules/react-dom-18');
  return {
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
      include: [
        'react-18',
        'react-dom-18',
        'react-dom-18/client',
        'react-18/jsx-runtime',
        'react-18/jsx-dev-runtime',
        ...extraDeps,
      ],
    },
    cacheDir: path.join(packageDir, 'node_modules/.vite-react18'),
    define: { 'import.meta.env.VITE_EXPECT_REACT_MAJOR': JSON.stringify('18') },
    test: {
      name: 'react18',
      include,
      expect: patientExpect,
      testTimeout: 30_000,
      hookTimeout: 30_000,
      fileParallelism: false,
      env: chaosEnv,
      browser: chromiumBrowser(),
    },
  };
}
