/**
 * On a phone, the call after the browser paused it: iOS Safari pauses every media element of a page sent to the
 * background or interrupted (a phone call, Siri), and `autoplay` does not play them again. Back on the page, the
 * call's sound and the other person's picture play again, or "Turn on call sound" / "Tap to play" is offered.
 *
 * The browser's pause is reproduced as the UA does it (HTMLMediaElement.pause(), which fires `pause`), while the
 * page is hidden.
 */
import { CallClient, MemoryNetwork } from '@meshcall/core';
import { createSyntheticStream, type SyntheticStream } from '@meshcall/core/testing';
import { CallProvider } from '@meshcall/hooks';
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import '../styles.css';
import { VideoCall } from './VideoCall.js';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  cleanup();
  for (const undo of cleanups.splice(0)) await undo();
  Reflect.deleteProperty(document, 'visibilityState');
  Reflect.deleteProperty(document, 'hidden');
});

function setVisibility(state: 'hidden' | 'visible') {
  Object.defineProperty(document, 'visibilityState', { value: state, configurable: true });
  Object.defineProperty(document, 'hidden', { value: state === 'hidden', configurable: true });
  document.dispatchEvent(new Event('visibilitychange'));
}

it('plays the call again, or offers to, after the browser paused it in the background', async () => {
  const network = new MemoryNetwork({ latencyMs: 2 });
  const alice = new CallClient({ transport: network.createTransport('alice@example.test') });
  const bob = new CallClient({ transport: network.createTransport('bob@example.test') });
  const streams: SyntheticStream[] = [
    createSyntheticStream({ label: 'alice', volume: 0.01 }),
    createSyntheticStream({ label: 'bob', volume: 0.01 }),
  ];
  cleanups.push(
    () => alice.destroy(),
    () => bob.destroy(),
    () => {
      for (const stream of streams) stream.stop();
    },
  );
  render(
    <div style={{ position: 'fixed', inset: 0 }}>
      <CallProvider client={alice}>
        <VideoCall statsInterval={0} getLocalStream={() => streams[0]!.stream} />
      </CallProvider>
    </div>,
  );
  await bob.createSession(['alice@example.test'], 'video').start({}, { stream: streams[1]!.stream });
  await userEvent.click(await screen.findByRole('button', { name: 'Accept' }));
  const bobTile = await screen.findByRole('group', { name: 'Bob' });
  const audio = () => document.querySelector<HTMLAudioElement>('audio[data-track-id]');
  await expect.poll(() => audio()?.paused, { timeout: 15_000 }).toBe(false);
  await expect.poll(() => bobTile.querySelector('video')?.paused).toBe(false);
  const sound = audio()!;
  const video = bobTile.querySelector('video')!;

  // The user switches to another app; the browser pauses the page's media. Then back to the call.
  setVisibility('hidden');
  sound.pause();
  video.pause();
  setVisibility('visible');

  const state = () => ({
    soundPlaysOrOffered: !sound.paused || screen.queryByRole('button', { name: 'Turn on call sound' }) !== null,
    videoPlaysOrOffered: !video.paused || screen.queryByRole('button', { name: 'Tap to play' }) !== null,
  });
  await expect.poll(state, { timeout: 5_000 }).toEqual({ soundPlaysOrOffered: true, videoPlaysOrOffered: true });
});
