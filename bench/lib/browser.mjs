// Launches Debian's Chromium the way every test does (flags from scripts/chromium.ts, loaded through Vite's
// module runner because Node 20 cannot import .ts), with playwright-core: no browser download.
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { runnerImport } from 'vite';

const ROOT = resolve(import.meta.dirname, '..', '..');

/** @returns {Promise<import('playwright-core').Browser>} */
export async function launchChromium() {
  const { module } = await runnerImport(resolve(ROOT, 'scripts', 'chromium.ts'));
  return chromium.launch({ headless: true, ...module.chromiumLaunchOptions });
}
