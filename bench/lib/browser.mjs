// Launches Debian's Chromium the way every test does (flags from scripts/chromium.mjs), with playwright-core:
// no browser download.
import { chromium } from 'playwright-core';
import { chromiumLaunchOptions } from '../../scripts/chromium.mjs';

/** @returns {Promise<import('playwright-core').Browser>} */
export async function launchChromium() {
  return chromium.launch({ headless: true, ...chromiumLaunchOptions });
}
