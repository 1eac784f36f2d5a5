/**
 * While you share your screen, your own tile shows your camera (or your avatar with the camera off) with a
 * "You are presenting" badge, as Meet does, not the screen you share: a whole screen shown inside itself repeats
 * endlessly. The person you call still gets the screen. Real engines in real Chromium.
 */
import { within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, expect, it, vi } from 'vitest';
import { ALICE, BOB, callPair } from '../test-support/call-pair.js';

let pair: ReturnType<typeof callPair>;

afterEach(async () => {
  await pair.cleanUp();
  vi.restoreAllMocks();
});

/** The tracks a tile's main picture plays. */
function playedBy(tile: HTMLElement): MediaStreamTrack[] {
  const video = tile.querySelector<HTMLVideoElement>('.meshcall-tile__video video');
  return (video?.srcObject as MediaStream | null)?.getTracks() ?? [];
}

it('the sharer’s own tile shows their camera, then their avatar, with "You are presenting"; the other sees the screen', async () => {
  pair = callPair();
  let screen: MediaStreamTrack | undefined;
  vi.spyOn(navigator.mediaDevices, 'getDisplayMedia').mockImplementation(async () => {
    const stream = new MediaStream(pair.synthetic(ALICE).getVideoTracks());
    screen = stream.getVideoTracks()[0];
    return stream;
  });
  const alice = pair.mount(pair.alice);
  const bob = pair.mount(pair.bob);
  const call = pair.alice.createSession([BOB], 'video');
  await call.start({}, { stream: pair.synthetic(ALICE) });
  const dialog = await bob.view.findByRole('alertdialog', {}, { timeout: 10_000 });
  await userEvent.click(within(dialog).getByRole('button', { name: 'Accept' }));
  await alice.view.findByRole('group', { name: 'Bob' }, { timeout: 15_000 });
  await bob.view.findByRole('group', { name: 'Alice' }, { timeout: 15_000 });

  const share = alice.view.getByRole('button', { name: 'Share screen' });
  await userEvent.click(share);
  await expect.poll(() => share.getAttribute('aria-pressed'), { timeout: 10_000 }).toBe('true');
  const own = alice.view.getByRole('group', { name: /\(you\)/ });
  const camera = call.localSideCamera;
  await expect
    .poll(() => ({
      playsTheScreen: playedBy(own).includes(screen!),
      playsTheCamera: camera !== null && playedBy(own).includes(camera),
      badge: own.querySelector('.meshcall-tile__presenting')?.textContent,
    }))
    .toEqual({ playsTheScreen: false, playsTheCamera: true, badge: 'You are presenting' });
  // Bob gets the screen, told as a presentation.
  const alicesTile = bob.view.getByRole('group', { name: 'Alice' });
  await expect
    .poll(() => alicesTile.querySelector('.meshcall-tile__presenting')?.textContent, { timeout: 10_000 })
    .toBe('Presenting');

  await userEvent.click(alice.view.getByRole('button', { name: 'Turn off camera' }));
  await expect
    .poll(() => ({
      playsSomething: playedBy(own).length > 0,
      avatar: own.querySelector('.meshcall-tile__avatar') !== null,
      badge: own.querySelector('.meshcall-tile__presenting')?.textContent,
    }))
    .toEqual({ playsSomething: false, avatar: true, badge: 'You are presenting' });
});
