/**
 * What `<VideoCall>` tells the app (`onActionError`) and screen readers when one's own devices fail during a call,
 * real engine, real Chromium. A machine with no microphone: the call goes on muted, and the app hears why when the
 * call starts and again when the user presses the pressed "Mute" button to speak and still no microphone opens.
 * The camera button that cannot turn the camera on says so too. A screen share that cannot start is the share
 * button's failure, reported once, and not said to be the camera's or microphone's.
 */

import { within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ALICE, BOB, callPair } from '../test-support/call-pair.js';

let pair: ReturnType<typeof callPair>;

afterEach(async () => {
  await pair.cleanUp();
  vi.restoreAllMocks();
});

describe('<VideoCall> when one’s own devices fail', () => {
  it('a machine with no microphone: the call goes on muted, and pressing "Mute" to speak says why', async () => {
    pair = callPair();
    vi.spyOn(navigator.mediaDevices, 'getUserMedia').mockImplementation(async (constraints) => {
      if (constraints?.audio) throw new DOMException('Requested device not found', 'NotFoundError');
      return new MediaStream(pair.synthetic(ALICE).getVideoTracks());
    });
    // Alice's engine opens her devices itself (no app stream): the camera only.
    const alice = pair.mount(pair.alice, { getLocalStream: undefined });
    const bob = pair.mount(pair.bob);
    await pair.bob.createSession([ALICE], 'video').start({}, { stream: pair.synthetic(BOB) });
    const dialog = await alice.view.findByRole('alertdialog', {}, { timeout: 10_000 });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Accept' }));
    await alice.view.findByRole('group', { name: 'Bob' }, { timeout: 15_000 });
    await bob.view.findByRole('group', { name: 'Alice' }, { timeout: 15_000 });

    const mic = alice.view.getByRole('button', { name: 'Mute' });
    await expect.poll(() => mic.getAttribute('aria-pressed')).toBe('true');
    // Told once the call started without a microphone.
    await expect.poll(() => alice.errors).toEqual(['media-no-device']);
    // She wants to talk: she presses it. Nothing can open; the button goes back to pressed, and she is told.
    await userEvent.click(mic);
    await expect.poll(() => alice.errors, { timeout: 5_000 }).toEqual(['media-no-device', 'media-no-device']);
    expect(mic.getAttribute('aria-pressed')).toBe('true');
    expect(alice.said().some((text) => /microphone/i.test(text))).toBe(true);
  });

  it('a screen share that cannot start is reported once, not announced as the camera or microphone', async () => {
    pair = callPair();
    vi.spyOn(navigator.mediaDevices, 'getDisplayMedia').mockImplementation(async () => {
      throw new DOMException('Could not start video source', 'NotReadableError');
    });
    const alice = pair.mount(pair.alice);
    const bob = pair.mount(pair.bob);
    await pair.alice.createSession([BOB], 'video').start({}, { stream: pair.synthetic(ALICE) });
    const dialog = await bob.view.findByRole('alertdialog', {}, { timeout: 10_000 });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Accept' }));
    await alice.view.findByRole('group', { name: 'Bob' }, { timeout: 15_000 });

    await userEvent.click(alice.view.getByRole('button', { name: 'Share screen' }));
    await expect.poll(() => alice.errors.length, { timeout: 5_000 }).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // time for a wrong announcement to come
    expect({
      onActionError: alice.errors,
      saidAboutCameraOrMicrophone: alice.said().filter((text) => /camera or microphone/i.test(text)),
    }).toEqual({ onActionError: ['media-device-busy'], saidAboutCameraOrMicrophone: [] });
  });

  it('pressing the camera button when no camera can open says why, as the microphone button does', async () => {
    pair = callPair();
    vi.spyOn(navigator.mediaDevices, 'getUserMedia').mockImplementation(async (constraints) => {
      if (constraints?.video) throw new DOMException('Requested device not found', 'NotFoundError');
      return new MediaStream(pair.synthetic(ALICE, false).getAudioTracks());
    });
    // Alice's engine opens her devices itself (no app stream); she answers a video call without video.
    const alice = pair.mount(pair.alice, { getLocalStream: undefined });
    const bob = pair.mount(pair.bob);
    await pair.bob.createSession([ALICE], 'video').start({}, { stream: pair.synthetic(BOB) });
    const dialog = await alice.view.findByRole('alertdialog', {}, { timeout: 10_000 });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Accept without video' }));
    await alice.view.findByRole('group', { name: 'Bob' }, { timeout: 15_000 });
    await bob.view.findByRole('group', { name: 'Alice' }, { timeout: 15_000 });

    const camera = alice.view.getByRole('button', { name: 'Turn off camera' });
    expect(camera.getAttribute('aria-pressed')).toBe('true');
    // She wants to be seen: she presses it. No camera can open; the app hears why.
    await userEvent.click(camera);
    await expect.poll(() => alice.errors, { timeout: 5_000 }).toContain('media-no-device');
    expect(camera.getAttribute('aria-pressed')).toBe('true');
    // Screen readers hear it too: the button staying pressed says nothing by itself.
    await expect.poll(() => alice.said().filter((text) => /camera/i.test(text))).not.toEqual([]);
  });
});
