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
import { CallLayout } from '../call-layout/CallLayout.js';
import { ReconnectingScreen } from '../call-status/CallStatusScreen.js';
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

it('the "Reconnecting…" overlay inside an edge-to-edge layout is not padded by the safe area a second time', async () => {
  // A phone held sideways: notch on one side, home indicator at the bottom.
  await page.viewport(844, 390);
  await commands.emulateSafeArea({ top: 0, right: 47, bottom: 21, left: 47 });
  render(
    <div className="meshcall-edge-to-edge" style={{ position: 'fixed', inset: 0 }}>
      <CallLayout
        header={<span>Alice</span>}
        controls={<button type="button">End</button>}
        overlay={<ReconnectingScreen />}
      >
        <div style={{ height: '100%' }} />
      </CallLayout>
    </div>,
  );
  const stage = document.querySelector('.meshcall-layout__stage')!.getBoundingClientRect();
  // The layout has already put the stage clear of the insets.
  expect(stage.left).toBeGreaterThanOrEqual(47);
  expect(innerWidth - stage.right).toBeGreaterThanOrEqual(47);
  const status = getComputedStyle(document.querySelector('.meshcall-status--overlay')!);
  const padding = [status.paddingTop, status.paddingRight, status.paddingBottom, status.paddingLeft].join(' ');
  // Its own spacing (32 px 24 px), as without meshcall-edge-to-edge: the overlay is nowhere near the screen's edges.
  expect(padding, 'the overlay pads the notch again inside the already padded stage').toBe('32px 24px 32px 24px');
});
