/**
 * Vitest settings shared by the packages: resolve workspace packages from their TypeScript sources (the
 * `source` export condition), so tests never need a build first.
 */

import { playwright } from '@vitest/browser-playwright';
import { defaultClientConditions, defaultServerConditions } from 'vite';
import { chromiumLaunchOptions } from './scripts/chromium.mjs';

/** `resolve` options for Node-side (unit) tests. */
export const nodeResolve = { conditions: ['source', ...defaultServerConditions] };

/** `resolve` options for browser-side tests and Storybook. */
export const browserResolve = { conditions: ['source', ...defaultClientConditions] };

/**
 * Dependencies Vite would otherwise discover mid-run (reloading the page under a running test). Paths go
 * through @meshcall/core because pnpm only links them there.
 */
export const browserOptimizeDeps = {
  include: ['@meshcall/core > @xmpp/xml', '@meshcall/core > ltx/lib/parse.js', '@meshcall/core > webrtc-adapter'],
};

/** Vitest browser mode on Debian's Chromium, headless. */
export function chromiumBrowser() {
  return {
    enabled: true,
    headless: true,
    screenshotFailures: false,
    provider: playwright({ launchOptions: chromiumLaunchOptions }),
    instances: [{ browser: 'chromium' as const }],
  };
}
