/** The hooks' real-engine browser tests once more, on React 18 (see `react18BrowserConfig`). */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { react18BrowserConfig } from '../../vitest.shared.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig(react18BrowserConfig(here, ['src/**/*.browser.test.{ts,tsx}']));
