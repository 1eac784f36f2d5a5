/**
 * <VideoCall>'s control bar keeps its buttons where they are when sharing starts: the "Share screen" button the
 * user just pressed does not slide from under the pointer (a second click at the same place stops sharing), as
 * in Meet, Zoom and Daily. "Switch camera" stays (it switches the camera shown beside the screen).
 * Real engine, real Chromium, two clients on a MemoryNetwork (as VideoCall.browser.test.tsx), with two cameras
 * listed and a canvas stream as the shared screen.
 */
import { CallClient, MemoryNetwork, type UserId } from '@meshcall/core';
import { createSyntheticStream, type SyntheticStream } from '@meshcall/core/testing';
import { CallProvider } from '@meshcall/hooks';
import { cleanup, render, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { page } from 'vitest/browser';
import '../styles.css';
import { VideoCall } from './VideoCall.js';

const ALICE = 'alice@example.test';
const BOB = 'bob@example.test';

let clients: CallClient[] = [];
let streams: SyntheticStream[] = [];

afterEach(async () => {
  cleanup();
  await page.viewport(414, 896);
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
    vi.spyOn(navigator.mediaDevices, 'getDisplayMedia').mockImplementation(async () => synthetic(ALICE));

    const network = new MemoryNetwork({ latencyMs: 2 });
    const alice = new CallClient({ transport: network.createTransport(ALICE) });
    const bob = new CallClient({ transport: network.createTransport(BOB) });
    clients.push(alice, bob);
    const mount = (c: CallClient) => {
      const user = c.localUser;
      const { container } = render(
        <div style={{ width: 900, height: 560 }} data-user={user}>
          <CallProvider client={c}>
            <VideoCall getLocalStream={({ video }) => synthetic(user, video)} />
          </CallProvider>
        </div>,
      );
      return within(container.querySelector<HTMLElement>(`[data-user="${user}"]`)!);
    };
    const aliceView = mount(alice);
    const bobView = mount(bob);

    await alice.createSession([BOB], 'video').start({}, { stream: synthetic(ALICE) });
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
