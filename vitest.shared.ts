/**
 * Vitest settings shared by the packages: resolve workspace packages from their TypeScript sources (the
 * `source` export condition), so tests never need a build first.
 */
import { defaultClientConditions, defaultServerConditions } from 'vite';
import { playwright } from '@vitest/browser-playwright';
import { chromiumLaunchOptions } from './scripts/chromium.ts';

/** `resolve` options for Node-side (unit) tests. */
export const nodeResolve = { conditions: ['source', ...defaultServerConditions] };

/** `resolve` options for browser-side tests and Storybook. */
export const browserResolve = { conditions: ['source', ...defaultClientConditions] };

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
