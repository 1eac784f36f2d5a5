/**
 * The back/forward cache. Chromium keeps a page whose peer connections were closed on `pagehide` (meshcall hangs
 * up there) in the back/forward cache, its WebSockets closed; pressing Back restores that very page (`pageshow`
 * with `persisted: true`), its JavaScript state as it was. Playwright turns the cache off by default: turned on
 * here, as in every user's Chrome.
 */
import { chromiumArgs, chromiumExecutable } from '../scripts/chromium.mjs';
import { expect, expectAllConnected, test } from './fixtures.ts';

test.use({
  launchOptions: {
    executablePath: chromiumExecutable,
    args: chromiumArgs,
    ignoreDefaultArgs: ['--disable-back-forward-cache'],
  },
});

test('navigating away mid-call and back: the others see the user leave, and the restored page can take calls', async ({
  people,
}) => {
  const [alice, bob] = await people.openAll(['alice', 'bob'], { disconnectTimeout: 5_000, dialingInterval: 1_000 });
  await expect(alice.byTestId('contact-bob')).toHaveAttribute('data-online', 'true');
  await alice.byTestId('call-video-bob').click();
  await bob.byTestId('accept-call').click();
  await expectAllConnected([alice, bob]);

  await bob.page.evaluate(() => {
    const w = window as unknown as { __shown: boolean[] };
    w.__shown = [];
    addEventListener('pageshow', (event) => w.__shown.push(event.persisted));
  });
  const origin = new URL(bob.page.url()).origin;
  await bob.page.goto(`${origin}/elsewhere`);
  // Alice sees Bob leave at once (the engine hangs up on pagehide).
  await expect(alice.byTestId('call-ended')).toBeVisible({ timeout: 3_000 });

  await bob.page.goBack({ waitUntil: 'commit' });
  // Restored from the back/forward cache: the same document, not a new load.
  await expect
    .poll(() => bob.page.evaluate(() => (window as unknown as { __shown?: boolean[] }).__shown))
    .toEqual([true]);
  // What Bob sees now must work: online again (or the sign-in page). Not a workspace whose engine was destroyed
  // on pagehide, "offline" for good.
  await expect
    .poll(
      async () => {
        if (await bob.byTestId('workspace').isVisible()) {
          return `workspace, status ${await bob.byTestId('connection-status').getAttribute('data-status')}`;
        }
        return 'no workspace (sign-in page)';
      },
      { timeout: 15_000, message: 'the restored page is usable' },
    )
    .toMatch(/status online|sign-in/);
  // And if it shows the workspace, a call reaches it.
  if (await bob.byTestId('workspace').isVisible()) {
    if (await alice.byTestId('ended-close').isVisible()) await alice.byTestId('ended-close').click();
    await expect(alice.byTestId('contact-bob')).toHaveAttribute('data-online', 'true');
    await alice.byTestId('call-video-bob').click();
    await expect(bob.byTestId('incoming-call')).toHaveAttribute('data-caller', 'alice@localhost');
  }
});
