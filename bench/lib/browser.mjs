// Launches Debian's Chromium the way every test does (flags from scripts/chromium.mjs), with playwright-core:
// no browser download.
import { chromium } from 'playwright-core';
import { chromiumLaunchOptions } from '../../scripts/chromium.mjs';

/** @returns {Promise<import('playwright-core').Browser>} */
export async function launchChromium() {
  // Signals are bench/run.mjs's to handle: it closes the browser along with everything else. Playwright's own
  // handlers would close it and exit at once, before Prosody's and the page's folders are removed.
  return chromium.launch({
    headless: true,
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    ...chromiumLaunchOptions,
  });
}
