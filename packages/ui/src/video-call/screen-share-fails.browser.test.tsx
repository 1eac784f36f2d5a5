/**
 * <VideoCall> when sharing the screen cannot start, real engines in real Chromium (getDisplayMedia stubbed, as
 * no picker can be answered headless): a failure is told as the screen's, never as the camera's or microphone's;
 * a cancelled picker says nothing; and a double click on "Share screen" opens one picker.
 */
import { within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultLabels } from '../labels.js';
import { ALICE, BOB, callPair } from '../test-support/call-pair.js';
import type { VideoCallProps } from './VideoCall.js';

let pair: ReturnType<typeof callPair>;

afterEach(async () => {
  await pair.cleanUp();
  vi.restoreAllMocks();
});

/** Alice calls Bob, who accepts: both see the other. Alice's `<VideoCall>` gets `props`. */
async function liveCall(props: Partial<VideoCallProps> = {}) {
  const alice = pair.mount(pair.alice, props);
  const bob = pair.mount(pair.bob);
  await pair.alice.createSession([BOB], 'video').start({}, { stream: pair.synthetic(ALICE) });
  const dialog = await bob.view.findByRole('alertdialog', {}, { timeout: 10_000 });
  await userEvent.click(within(dialog).getByRole('button', { name: 'Accept' }));
  await alice.view.findByRole('group', { name: 'Bob' }, { timeout: 15_000 });
  await bob.view.findByRole('group', { name: 'Alice' }, { timeout: 15_000 });
  await new Promise((resolve) => setTimeout(resolve, 1_000)); // "Bob joined the call." said first
  return alice;
}

/** The sentences in the live regions now (each a node of its own; the regions keep the last few). */
function sentences(alice: { box: HTMLElement }): string[] {
  return [...alice.box.querySelectorAll('[role="status"] p, [role="alert"] p')].map((p) => p.textContent ?? '');
}

/** The sentences said after `before` (what `sentences` gave then: fewer than the regions keep, none gone since). */
function saidSince(alice: { box: HTMLElement }, before: string[]): string[] {
  return sentences(alice).slice(before.length);
}

/** The browser could not capture the screen (as Chromium says when the capture fails to start). */
function captureFails() {
  vi.spyOn(navigator.mediaDevices, 'getDisplayMedia').mockImplementation(async () => {
    throw new DOMException('Could not start video source', 'NotReadableError');
  });
}

describe('<VideoCall> when the screen cannot be shared', () => {
  it('says so from its own button, with default props', async () => {
    pair = callPair();
    captureFails();
    // No onActionError: what <VideoCall> itself says is all the user gets.
    const alice = await liveCall({ onActionError: undefined });
    const before = sentences(alice);
    const share = alice.view.getByRole('button', { name: 'Share screen' });
    await userEvent.click(share);
    await expect.poll(() => saidSince(alice, before), { timeout: 5_000 }).toEqual([defaultLabels.screenShareFailed]);
    expect(share.getAttribute('aria-pressed')).toBe('false');
  });

  it('gives the failure to onActionError and says it once', async () => {
    pair = callPair();
    captureFails();
    const alice = await liveCall();
    const before = sentences(alice);
    await userEvent.click(alice.view.getByRole('button', { name: 'Share screen' }));
    await expect.poll(() => alice.errors, { timeout: 5_000 }).toEqual(['media-device-busy']);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(saidSince(alice, before)).toEqual([defaultLabels.screenShareFailed]);
  });

  it('tells a share the app started itself as the screen’s, not the camera’s or microphone’s', async () => {
    pair = callPair();
    captureFails();
    const alice = await liveCall();
    const before = sentences(alice);
    const session = [...pair.alice.sessions.values()][0]!;
    // The app's own "Present" button (useCallSession().startScreenShare), beside <VideoCall>.
    await session.startScreenShare().catch(() => {});
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect({ onActionError: alice.errors, said: saidSince(alice, before) }).toEqual({
      onActionError: ['media-device-busy'],
      said: [defaultLabels.screenShareFailed],
    });
  });

  it('says nothing of a cancelled picker', async () => {
    pair = callPair();
    vi.spyOn(navigator.mediaDevices, 'getDisplayMedia').mockImplementation(async () => {
      throw new DOMException('Permission denied', 'NotAllowedError');
    });
    const alice = await liveCall();
    const before = sentences(alice);
    await userEvent.click(alice.view.getByRole('button', { name: 'Share screen' }));
    await expect.poll(() => alice.errors, { timeout: 5_000 }).toEqual(['media-permission-denied']);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(saidSince(alice, before)).toEqual([]);
  });

  it('opens one picker for a double click, cancelled: it does not come back', async () => {
    pair = callPair();
    let pickers = 0;
    vi.spyOn(navigator.mediaDevices, 'getDisplayMedia').mockImplementation(async () => {
      pickers++;
      await new Promise((resolve) => setTimeout(resolve, 300)); // the user looks at the picker, then cancels
      throw new DOMException('Permission denied', 'NotAllowedError');
    });
    const alice = await liveCall();
    const share = alice.view.getByRole('button', { name: 'Share screen' });
    await userEvent.dblClick(share);
    expect(share.getAttribute('aria-busy')).toBe('true');
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect({ pickers, busy: share.getAttribute('aria-busy') }).toEqual({ pickers: 1, busy: null });
  });
});
