/**
 * The components' browser tests once more, on React 18 (see `react18BrowserConfig`): everything but the
 * random-click chaos test, which exercises the engine more than React and runs on React 19 only.
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
  test: { ...config.test, exclude: ['src/**/*.chaos.browser.test.tsx', 'src/**/*.touch.browser.test.tsx'] },
});
