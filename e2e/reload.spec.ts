/** A participant's page reloads mid-call: the others drop them in time, and nothing stale remains. */
import { closeEndScreen, expect, expectAllConnected, expectVideoFlowing, type Person, test } from './fixtures.ts';

/** Short, so the test is quick; the demo passes it to the engine of every page. */
const DISCONNECT_TIMEOUT_MS = 5_000;
/**
 * When a page vanishes without a word, Chromium notices the dead link by ICE consent checks (about 5-7 s here),
 * then the engine waits the disconnect timeout; the rest is slack for a busy machine.
 */
const LEAVE_DEADLINE_MS = 8_000 + DISCONNECT_TIMEOUT_MS + 7_000;

/** `other`'s link state as `person`'s tile shows it, or `gone` when there is no tile. */
async function peerStateOf(person: Person, other: string): Promise<string> {
  const tile = person.byTestId(`remote-tile-${other}`);
  if ((await tile.count()) === 0) return 'gone';
  return (await tile.getAttribute('data-peer-state')) ?? 'unknown';
}

test('reload mid-call: the others see that person leave and can call them again', async ({ people }) => {
  const options = { disconnectTimeout: DISCONNECT_TIMEOUT_MS };
  const [alice, bob, carol] = await people.openAll(['alice', 'bob', 'carol'], options);
  for (const other of ['bob', 'carol']) {
    await expect(alice.byTestId(`contact-${other}`)).toHaveAttribute('data-online', 'true');
    await alice.byTestId(`select-${other}`).check();
  }
  await alice.byTestId('group-call-video').click();
  await bob.byTestId('accept-call').click();
  await carol.byTestId('accept-call').click();
  await expectAllConnected([alice, bob, carol]);
  await Promise.all([expectVideoFlowing(alice, 'carol'), expectVideoFlowing(bob, 'carol')]);

  const reloaded = Date.now();
  await carol.page.reload();
  // Carol's tile goes away on both other pages, watched together from the moment of the reload. The poll
  // reads the tile's link state, so a failure says what the page still shows (e.g. `disconnectTimeout`).
  await Promise.all(
    [alice, bob].map((person) =>
      expect
        .poll(async () => peerStateOf(person, 'carol'), {
          message: `${person.name} drops carol's tile`,
          timeout: LEAVE_DEADLINE_MS - (Date.now() - reloaded),
        })
        .toBe('gone'),
    ),
  );
  // The new page is a fresh sign-in with no call: not a leftover call screen, not a ringing dialog.
  await expect(carol.byTestId('workspace')).toBeVisible();
  await expect(carol.byTestId('stage')).toBeVisible();
  await expect(carol.byTestId('incoming-call')).toHaveCount(0);
  // Alice and Bob carry on between themselves.
  await expect(alice.byTestId('call-view')).toBeVisible();
  await expect(bob.byTestId('call-view')).toBeVisible();
  await Promise.all([expectVideoFlowing(alice, 'bob'), expectVideoFlowing(bob, 'alice')]);

  // Nothing stale about Carol: once Alice and Bob are done, Bob calls her fresh page and it works.
  await alice.byTestId('hang-up').click();
  await expect(bob.byTestId('call-ended')).toHaveAttribute('data-reason', 'remoteEnded');
  await closeEndScreen(bob);
  await expect(bob.byTestId('contact-carol')).toHaveAttribute('data-online', 'true');
  await bob.byTestId('call-video-carol').click();
  await expect(carol.byTestId('incoming-call')).toHaveAttribute('data-caller', 'bob@localhost');
  await carol.byTestId('accept-call').click();
  await expectAllConnected([bob, carol]);
  await expect(carol.page.locator('[data-testid^="remote-tile-"]')).toHaveCount(1);
  await Promise.all([expectVideoFlowing(bob, 'carol'), expectVideoFlowing(carol, 'bob')]);
});
