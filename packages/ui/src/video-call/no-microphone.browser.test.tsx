/**
 * A video call on a machine with no microphone goes on muted (the engine's choice). <VideoCall> says why: the app
 * hears of it through `onActionError` when the call starts and again when the user presses the pressed "Mute"
 * button to speak and still no microphone opens, and screen readers hear it. Real engine, real Chromium.
 */
import { CallClient, MemoryNetwork, type UserId } from '@meshcall/core';
import { createSyntheticStream, type SyntheticStream } from '@meshcall/core/testing';
import { CallProvider } from '@meshcall/hooks';
import { cleanup, render, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
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

describe('<VideoCall> with no microphone (the engine forces mute)', () => {
  it('tells the app when the user presses the pressed "Mute" button and no microphone opens', async () => {
    // This machine has a camera but no microphone.
    vi.spyOn(navigator.mediaDevices, 'getUserMedia').mockImplementation(async (constraints) => {
      if (constraints?.audio) throw new DOMException('Requested device not found', 'NotFoundError');
      return new MediaStream(synthetic(ALICE).getVideoTracks());
    });
    const network = new MemoryNetwork({ latencyMs: 2 });
    const alice = new CallClient({ transport: network.createTransport(ALICE) });
    const bob = new CallClient({ transport: network.createTransport(BOB) });
    clients.push(alice, bob);
    const engineErrors: string[] = [];
    alice.on('error', ({ error }) => engineErrors.push(error.code));
    const aliceErrors: unknown[] = [];
    const { container: a } = render(
      <div style={{ width: 900, height: 560 }}>
        <CallProvider client={alice}>
          <VideoCall onActionError={(error) => aliceErrors.push(error)} />
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
    const said: string[] = [];
    const record = new MutationObserver(() => {
      for (const region of a.querySelectorAll('[role="status"], [role="alert"]')) {
        const text = region.textContent?.trim();
        if (text && said[said.length - 1] !== text) said.push(text);
      }
    });
    record.observe(a, { childList: true, subtree: true, characterData: true });
    const bobView = within(b);

    // Bob calls; Alice accepts in her <VideoCall>: the engine opens her devices (camera only).
    await bob.createSession([ALICE], 'video').start({}, { stream: synthetic(BOB) });
    const dialog = await aliceView.findByRole('alertdialog', {}, { timeout: 10_000 });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Accept' }));
    await aliceView.findByRole('group', { name: 'Bob' }, { timeout: 15_000 });
    await bobView.findByRole('group', { name: 'Alice' }, { timeout: 15_000 });

    const mic = aliceView.getByRole('button', { name: 'Mute' });
    await expect.poll(() => mic.getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => [...alice.sessions.values()].map((s) => s.state), { timeout: 10_000 }).toContain('active');
    expect(engineErrors).toContain('media-no-device');
    // Told once the call started without a microphone.
    await expect.poll(() => aliceErrors.map((e) => (e as { code?: string }).code)).toEqual(['media-no-device']);

    // She wants to talk: she presses it. Nothing can open; the button goes back to pressed.
    await userEvent.click(mic);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(mic.getAttribute('aria-pressed')).toBe('true');

    record.disconnect();
    // As when the camera will not turn on: the control failed, and the app is told (once more: a new failure);
    // and the user hears why the microphone is off, rather than a button that silently flips back.
    expect({
      onActionError: aliceErrors.map((e) => (e as { code?: string }).code),
      announcedAboutMicrophone: said.some((text) => /microphone/i.test(text)),
    }).toEqual({ onActionError: ['media-no-device', 'media-no-device'], announcedAboutMicrophone: true });
  });
});
