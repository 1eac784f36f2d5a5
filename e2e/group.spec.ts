/** A full mesh of four real Chromium pages through Prosody: six links, twelve video streams. */
import { expect, expectAllConnected, expectEveryoneSeesEveryone, test } from './fixtures.ts';

test('group call of four: all six links carry video; when one leaves the other three go on', async ({ people }) => {
  // Four Chromium pages and twelve video streams on two cores: it takes over a minute alone, and more beside
  // other work; three times the usual timeout (the steps keep their own waits).
  test.slow();
  const [alice, bob, carol, dave] = await test.step('four people sign in', () =>
    people.openAll(['alice', 'bob', 'carol', 'dave']));
  const everyone = [alice, bob, carol, dave];
  await test.step('alice calls bob, carol and dave; all accept', async () => {
    for (const other of ['bob', 'carol', 'dave']) {
      await expect(alice.byTestId(`contact-${other}`)).toHaveAttribute('data-online', 'true');
      await alice.byTestId(`select-${other}`).check();
    }
    await alice.byTestId('group-call-video').click();
    for (const callee of [bob, carol, dave]) {
      await expect(callee.byTestId('incoming-call')).toHaveAttribute('data-caller', 'alice@localhost');
      await callee.byTestId('accept-call').click();
    }
  });

  await test.step('all six links connected', async () => {
    await expectAllConnected(everyone);
    for (const person of everyone) {
      // Three remote tiles, no more (no stale or duplicate participant).
      await expect(person.page.locator('[data-testid^="remote-tile-"]')).toHaveCount(3);
    }
  });
  await test.step('twelve videos play', () => expectEveryoneSeesEveryone(everyone));

  await test.step('alice shares her screen: it takes the stage for the others, her camera beside it; stopped, the grid is back', async () => {
    await alice.byTestId('toggle-screen').click();
    for (const person of [bob, carol, dave]) {
      await expect(person.byTestId('spotlight').getByTestId('remote-tile-alice')).toBeVisible();
      const sideCamera = person.byTestId('remote-tile-alice').locator('.meshcall-tile__side-camera video');
      await expect(sideCamera).toBeVisible();
      await expect.poll(() => sideCamera.evaluate((video: HTMLVideoElement) => video.videoWidth)).toBeGreaterThan(0);
    }
    await expect(alice.byTestId('call-grid')).toHaveAttribute('data-layout', 'grid'); // not her own screen
    await alice.byTestId('toggle-screen').click();
    for (const person of [bob, carol, dave]) {
      await expect(person.byTestId('call-grid')).toHaveAttribute('data-layout', 'grid');
    }
  });

  const stayed = [alice, bob, carol];
  await test.step('dave leaves; his tile goes everywhere, and his figures from the call details', async () => {
    await alice.byTestId('toggle-details').click();
    await expect(alice.byTestId('quality-row-dave')).toBeVisible();
    await dave.byTestId('hang-up').click();
    await expect(dave.byTestId('call-ended')).toHaveAttribute('data-reason', 'hungUp');
    for (const person of stayed) {
      await expect(person.byTestId('remote-tile-dave')).toHaveCount(0);
      await expect(person.page.locator('[data-testid^="remote-tile-"]')).toHaveCount(2);
      await expect(person.byTestId('call-view')).toBeVisible();
    }
    await expect(alice.byTestId('quality-row-dave')).toHaveCount(0);
    await expect(alice.byTestId('quality-row-bob')).toBeVisible();
  });
  await test.step('the other three go on', async () => {
    await expectAllConnected(stayed);
    await expectEveryoneSeesEveryone(stayed);
  });
});
