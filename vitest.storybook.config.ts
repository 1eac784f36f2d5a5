/**
 * Story tests: every story of packages/ui renders in headless Chromium through the Storybook Vitest addon,
 * its `play` function runs, and axe accessibility checks fail the test on any violation
 * (`parameters.a11y.test = 'error'` in .storybook/preview.tsx).
 * Run from the repo root inside the loopback-only namespace:
 *   node scripts/netns.mjs pnpm exec vitest run -c vitest.storybook.config.ts
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { storybookTest } from '@storybook/addon-vitest/vitest-plugin';
import { playwright } from '@vitest/browser-playwright';
import { defaultClientConditions } from 'vite';
import { defineConfig } from 'vitest/config';
import { chromiumLaunchOptions } from './scripts/chromium.mjs';

const dirname = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  // One React for everything: zustand is reached through @meshcall/hooks' sources and must share it.
  resolve: { conditions: ['source', ...defaultClientConditions], dedupe: ['react', 'react-dom'] },
  // Scan every story up front, so the dependencies reached through workspace sources (e.g. @meshcall/core's
  // @xmpp/client, @meshcall/hooks' zustand) are pre-bundled before the first test; a late discovery makes
  // Vite reload mid-run.
  optimizeDeps: { entries: ['packages/ui/src/**/*.stories.tsx', '.storybook/preview.tsx'] },
  test: {
    projects: [
      {
        extends: true,
        plugins: [storybookTest({ configDir: path.join(dirname, '.storybook') })],
        test: {
          name: 'storybook',
          testTimeout: 30_000,
          browser: {
            enabled: true,
            headless: true,
            screenshotFailures: false,
            // Reduced motion switches off the entrance animations, so axe never measures contrast mid-fade.
            provider: playwright({ launchOptions: chromiumLaunchOptions, contextOptions: { reducedMotion: 'reduce' } }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
    ],
  },
});
