/**
 * The components' browser tests once more, on React 18 (see `react18BrowserConfig`): everything but the
 * random-click chaos test and the Playground's outcome matrix, which exercise the engine and the simulation more
 * than React and run on React 19 only (the Playground's view itself runs on both).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { react18BrowserConfig } from '../../vitest.shared.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const config = react18BrowserConfig(
  here,
  ['src/**/*.browser.test.{ts,tsx}'],
  ['@testing-library/react', '@testing-library/user-event'],
);

export default defineConfig({
  ...config,
  test: {
    ...config.test,
    exclude: [
      'src/**/*.chaos.browser.test.tsx',
      'src/**/*.touch.browser.test.tsx',
      'src/playground/playground-outcomes.browser.test.tsx',
    ],
  },
});
