/**
 * `<VideoCall className="meshcall-edge-to-edge">` filling a phone's screen edge to edge: every screen of the call,
 * not only the live one, keeps clear of the notch and the home indicator (insets emulated through Chromium's
 * DevTools protocol).
 */
import { CallClient, MemoryNetwork } from '@meshcall/core';
import { createSyntheticStream, type SyntheticStream } from '@meshcall/core/testing';
import { CallProvider } from '@meshcall/hooks';
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, expect, it } from 'vitest';
import { commands, page } from 'vitest/browser';
import '../styles.css';
import { VideoCall } from './VideoCall.js';

const clients: CallClient[] = [];
const streams: SyntheticStream[] = [];
afterEach(async () => {
  cleanup();
  await commands.emulateSafeArea(null);
  await page.viewport(414, 896);
  for (const c of clients.splice(0)) await c.destroy();
  for (const s of streams.splice(0)) s.stop();
});

it('keeps the "Calling…" screen (its camera preview) clear of the home indicator with meshcall-edge-to-edge', async () => {
  await page.viewport(390, 844);
  await commands.emulateSafeArea({ top: 47, right: 0, bottom: 34, left: 0 });
  const network = new MemoryNetwork({ latencyMs: 2 });
  const alice = new CallClient({ transport: network.createTransport('alice@example.test') });
  const bob = new CallClient({ transport: network.createTransport('bob@example.test') });
  clients.push(alice, bob);
  render(
    <CallProvider client={alice}>
      <div style={{ position: 'fixed', inset: 0, height: '100dvh' }}>
        <VideoCall className="meshcall-edge-to-edge" />
      </div>
    </CallProvider>,
  );
  const source = createSyntheticStream({ label: 'alice', video: true, volume: 0 });
  streams.push(source);
  const call = alice.createSession(['bob@example.test'], 'video');
  await call.start({}, { stream: source.stream });
  await expect.poll(() => screen.queryByRole('heading', { name: 'Calling Bob…' })).not.toBeNull();
  const preview = document.querySelector('.meshcall-video-call__preview')!.getBoundingClientRect();
  // The home indicator takes the bottom 34 px.
  expect(preview.bottom, `preview ${preview.top}..${preview.bottom} of ${innerHeight}`).toBeLessThanOrEqual(
    innerHeight - 34,
  );
});
