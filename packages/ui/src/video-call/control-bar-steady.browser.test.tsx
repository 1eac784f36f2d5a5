/**
 * <VideoCall>'s control bar keeps its buttons where they are when sharing starts: the "Share screen" button the
 * user just pressed does not slide from under the pointer (a second click at the same place stops sharing), as
 * in Meet, Zoom and Daily. "Switch camera" stays (it switches the camera shown beside the screen).
 * Real engine, real Chromium, two clients on a MemoryNetwork (as VideoCall.browser.test.tsx), with two cameras
 * listed and a canvas stream as the shared screen.
 */
import { within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { page } from 'vitest/browser';
import { ALICE, BOB, callPair } from '../test-support/call-pair.js';

let pair: ReturnType<typeof callPair>;

afterEach(async () => {
  await pair.cleanUp();
  await page.viewport(414, 896);
  vi.restoreAllMocks();
});

const device = (kind: MediaDeviceKind, deviceId: string, label: string) =>
  ({ kind, deviceId, label, groupId: 'g', toJSON: () => ({}) }) as MediaDeviceInfo;

describe('<VideoCall> control bar while sharing the screen', () => {
  it('keeps the "Share screen" button where the user pressed it', async () => {
    await page.viewport(1280, 800);
    vi.spyOn(navigator.mediaDevices, 'enumerateDevices').mockResolvedValue([
      device('audioinput', 'mic1', 'Microphone'),
      device('videoinput', 'front', 'Front camera'),
      device('videoinput', 'back', 'Back camera'),
    ]);
    vi.spyOn(navigator.mediaDevices, 'getDisplayMedia').mockImplementation(async () => pair.synthetic(ALICE));

    pair = callPair();
    const aliceView = pair.mount(pair.alice).view;
    const bobView = pair.mount(pair.bob).view;

    await pair.alice.createSession([BOB], 'video').start({}, { stream: pair.synthetic(ALICE) });
    const dialog = await bobView.findByRole('alertdialog', {}, { timeout: 10_000 });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Accept' }));
    await aliceView.findByRole('group', { name: 'Bob' }, { timeout: 15_000 });

    // Two cameras: the bar offers "Switch camera" next to "Share screen".
    await aliceView.findByRole('button', { name: 'Switch camera' }, { timeout: 10_000 });
    const share = aliceView.getByRole('button', { name: 'Share screen' });
    const bar = () =>
      [...(share.closest('.meshcall-controls')?.children ?? [])].map((b) => {
        const r = b.getBoundingClientRect();
        return `${b.querySelector('button')?.getAttribute('aria-label') ?? b.getAttribute('aria-label') ?? b.textContent}@${Math.round(r.left)}`;
      });
    const barBefore = bar();
    const before = share.getBoundingClientRect();
    await userEvent.click(share);
    await expect.poll(() => share.getAttribute('aria-pressed'), { timeout: 10_000 }).toBe('true');
    const after = aliceView.getByRole('button', { name: 'Share screen' }).getBoundingClientRect();

    const barAfter = bar();
    expect(
      Math.round(after.left - before.left),
      `bar before: ${barBefore.join(' ')}; after: ${barAfter.join(' ')}`,
    ).toBe(0);
  });
});
