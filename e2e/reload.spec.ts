/**
 * Someone leaves a group call abruptly (their page reloads) or signs out mid-call: the others must see them
 * go at once, and nothing stale may remain. The page hangs up as it goes: the demo signs out on `pagehide`,
 * which hangs up (the engine's own `hangUpOnPageHide` is covered by core's tests, since the demo's sign-out
 * would hide it here). A page that vanishes without a word is dropped at the disconnect timeout: the core
 * Chromium tests cover that.
 */
import {
  closeEndScreen,
  expect,
  expectAbsentFor,
  expectAllConnected,
  expectVideoFlowing,
  type People,
  type Person,
  test,
} from './fixtures.ts';

/** Short, so the test is quick; the demo passes them to the engine of every page. */
const DISCONNECT_TIMEOUT_MS = 5_000;
const DIALING_INTERVAL_MS = 1_000;
/** Someone who hangs up, signs out or leaves the page tells the others: their tile should go at once. */
const HANGUP_DEADLINE_MS = 3_000;

/** `other`'s link state as `person`'s tile shows it, or `gone` when there is no tile. */
async function peerStateOf(person: Person, other: string): Promise<string> {
  const tile = person.byTestId(`remote-tile-${other}`);
  if ((await tile.count()) === 0) return 'gone';
  return (await tile.getAttribute('data-peer-state')) ?? 'unknown';
}

/**
 * Waits until every one of `watchers` has dropped `leaver`'s tile, `deadline` ms after `since`. The poll reads
 * the tile's link state, so a failure says what the page still shows (e.g. `disconnectTimeout`).
 */
async function expectTileGone(watchers: readonly Person[], leaver: string, since: number, deadline: number) {
  await Promise.all(
    watchers.map((person) =>
      expect
        .poll(async () => peerStateOf(person, leaver), {
          message: `${person.name} drops ${leaver}'s tile`,
          timeout: Math.max(1, deadline - (Date.now() - since)),
        })
        .toBe('gone'),
    ),
  );
}

/** Signs alice, bob and carol in and puts them in a group video call, every link connected. */
async function groupCallOfThree(people: People) {
  const [alice, bob, carol] = await people.openAll(['alice', 'bob', 'carol'], {
    disconnectTimeout: DISCONNECT_TIMEOUT_MS,
    dialingInterval: DIALING_INTERVAL_MS,
  });
  for (const other of ['bob', 'carol']) {
    await expect(alice.byTestId(`contact-${other}`)).toHaveAttribute('data-online', 'true');
    await alice.byTestId(`select-${other}`).check();
  }
  await alice.byTestId('group-call-video').click();
  await bob.byTestId('accept-call').click();
  await carol.byTestId('accept-call').click();
  await expectAllConnected([alice, bob, carol]);
  await Promise.all([expectVideoFlowing(alice, 'carol'), expectVideoFlowing(bob, 'carol')]);
  return { alice, bob, carol };
}

test('reload mid-call: the reloaded page starts clean, the others go on and can call that person again', async ({
  people,
}) => {
  const { alice, bob, carol } = await groupCallOfThree(people);

  await carol.page.reload();
  // The new page is a fresh sign-in with no call: not a leftover call screen, not a ringing dialog.
  await expect(carol.byTestId('workspace')).toBeVisible();
  await expect(carol.byTestId('connection-status')).toHaveAttribute('data-status', 'online');
  await expect(carol.byTestId('stage')).toBeVisible();
  // Not even at the next dialing interval, when a caller who still took her for a callee would ring again.
  await expectAbsentFor(carol.byTestId('incoming-call'), DIALING_INTERVAL_MS + 500, 'the fresh page does not ring');
  // Alice and Bob carry on between themselves.
  await expect(alice.byTestId('call-view')).toBeVisible();
  await expect(bob.byTestId('call-view')).toBeVisible();
  await Promise.all([expectVideoFlowing(alice, 'bob'), expectVideoFlowing(bob, 'alice')]);

  // Nothing stale about Carol: once Alice and Bob are done, Bob calls her fresh page and it works.
  await bob.byTestId('hang-up').click();
  await expect(bob.byTestId('call-ended')).toHaveAttribute('data-reason', 'hungUp');
  await expect(alice.byTestId('call-ended')).toHaveAttribute('data-reason', 'remoteEnded');
  await closeEndScreen(bob);
  await expect(bob.byTestId('contact-carol')).toHaveAttribute('data-online', 'true');
  await bob.byTestId('call-video-carol').click();
  await expect(carol.byTestId('incoming-call')).toHaveAttribute('data-caller', 'bob@localhost');
  await carol.byTestId('accept-call').click();
  await expectAllConnected([bob, carol]);
  await expect(carol.page.locator('[data-testid^="remote-tile-"]')).toHaveCount(1);
  await expect(bob.page.locator('[data-testid^="remote-tile-"]')).toHaveCount(1);
  await Promise.all([expectVideoFlowing(bob, 'carol'), expectVideoFlowing(carol, 'bob')]);
});

test('reload mid-call: every other page drops that person at once (the page hangs up as it goes)', async ({
  people,
}) => {
  const { alice, bob, carol } = await groupCallOfThree(people);
  const reloaded = Date.now();
  await carol.page.reload();
  await expectTileGone([alice, bob], 'carol', reloaded, HANGUP_DEADLINE_MS);
  await Promise.all([expectVideoFlowing(alice, 'bob'), expectVideoFlowing(bob, 'alice')]);
});

test('sign out mid-call: every other participant sees that person leave at once', async ({ people }) => {
  const { alice, bob, carol } = await groupCallOfThree(people);
  const signedOut = Date.now();
  await carol.byTestId('sign-out').click();
  await expectTileGone([alice, bob], 'carol', signedOut, HANGUP_DEADLINE_MS);
});
