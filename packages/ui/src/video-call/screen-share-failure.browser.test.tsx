/**
 * A screen share that cannot start (getDisplayMedia → NotReadableError, `media-device-busy`) is the share
 * button's failure, reported once to `onActionError`: it is not told to screen readers as the camera or
 * microphone being unavailable while both work. Real engine, real Chromium (as no-microphone.browser.test.tsx).
 */
import { CallClient, MemoryNetwork, type UserId } from '@meshcall/core';
import { createSyntheticStream, type SyntheticStream } from '@meshcall/core/testing';
import { CallProvider } from '@meshcall/hooks';
import { cleanup, render, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, expect, it, vi } from 'vitest';
import '../styles.css';
import { VideoCall } from './VideoCall.js';

const ALICE = 'alice@example.test';
const BOB = 'bob@example.test';

let clients: CallClient[] = [];
let streams: SyntheticStream[] = [];

afterEach(async () => {
  cleanup();
  for (const c of clients) await c.destroy();
  for (const s of streams) s.stop();
  clients = [];
  streams = [];
  vi.restoreAllMocks();
});

function synthetic(user: UserId, video = true): MediaStream {
  const source = createSyntheticStream({ label: user.split('@')[0] ?? user, video, volume: 0.01 });
  streams.push(source);
  return source.stream;
}

it('a screen share that cannot start is not announced as the camera or microphone being unavailable', async () => {
  vi.spyOn(navigator.mediaDevices, 'getDisplayMedia').mockImplementation(async () => {
    throw new DOMException('Could not start video source', 'NotReadableError');
  });
  const network = new MemoryNetwork({ latencyMs: 2 });
  const alice = new CallClient({ transport: network.createTransport(ALICE) });
  const bob = new CallClient({ transport: network.createTransport(BOB) });
  clients.push(alice, bob);
  const aliceErrors: unknown[] = [];
  const { container: a } = render(
    <div style={{ width: 900, height: 560 }}>
      <CallProvider client={alice}>
        <VideoCall
          getLocalStream={({ video }) => synthetic(ALICE, video)}
          onActionError={(error) => aliceErrors.push(error)}
        />
      </CallProvider>
    </div>,
  );
  const { container: b } = render(
    <div style={{ width: 900, height: 560 }}>
      <CallProvider client={bob}>
        <VideoCall getLocalStream={({ video }) => synthetic(BOB, video)} />
      </CallProvider>
    </div>,
  );
  const aliceView = within(a);
  const bobView = within(b);
  const said: string[] = [];
  const recorder = new MutationObserver(() => {
    for (const region of a.querySelectorAll('[role="status"], [role="alert"]')) {
      const text = region.textContent?.trim();
      if (text && said[said.length - 1] !== text) said.push(text);
    }
  });
  recorder.observe(a, { childList: true, subtree: true, characterData: true });

  await alice.createSession([BOB], 'video').start({}, { stream: synthetic(ALICE) });
  const dialog = await bobView.findByRole('alertdialog', {}, { timeout: 10_000 });
  await userEvent.click(within(dialog).getByRole('button', { name: 'Accept' }));
  await aliceView.findByRole('group', { name: 'Bob' }, { timeout: 15_000 });

  await userEvent.click(aliceView.getByRole('button', { name: 'Share screen' }));
  await expect.poll(() => aliceErrors.length, { timeout: 5_000 }).toBeGreaterThan(0);
  await new Promise((resolve) => setTimeout(resolve, 1500));
  recorder.disconnect();

  expect({
    onActionError: aliceErrors.map((e) => (e as { code?: string }).code),
    saidAboutCameraOrMicrophone: said.filter((text) => /camera or microphone/i.test(text)),
  }).toEqual({ onActionError: ['media-device-busy'], saidAboutCameraOrMicrophone: [] });
});
