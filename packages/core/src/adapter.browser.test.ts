/**
 * The opt-in shims (`@meshcall/core/adapter`) in real Chromium: once applied, a real 1:1 video call over a
 * MemoryNetwork still connects, carries decoded video both ways and releases everything. (Every other browser
 * test runs without the shims, which is the default.) Vitest runs each browser test file in its own frame, so
 * the shims stay confined to this file.
 */

import { afterEach, expect, it } from 'vitest';
import adapter from 'webrtc-adapter';
import './adapter.js';
import { CallClient } from './client/call-client.js';
import { nextEvent, trackResources, waitFor } from './testing/harness.js';
import { MemoryNetwork } from './transport/memory-network.js';

const ALICE = 'alice@example.test';
const BOB = 'bob@example.test';

const clients: CallClient[] = [];
const resources = trackResources();

afterEach(async () => {
  for (const client of clients.splice(0)) await client.destroy();
  resources.restore();
});

it('with the shims applied, a 1:1 video call connects, decodes video both ways and closes cleanly', async () => {
  expect(adapter.browserDetails.browser).toBe('chrome');
  const network = new MemoryNetwork({ latencyMs: 2 });
  const alice = new CallClient({ transport: network.createTransport(ALICE) });
  const bob = new CallClient({ transport: network.createTransport(BOB) });
  clients.push(alice, bob);

  const outgoing = alice.createSession([BOB], 'video');
  const ringing = nextEvent(bob, 'incomingCall');
  await outgoing.start();
  const { session: call } = await ringing;
  await call.accept();
  await waitFor(
    () => outgoing.getPeerState(BOB) === 'connected' && call.getPeerState(ALICE) === 'connected',
    'connected',
  );

  const decoded = async () => {
    const [a, b] = await Promise.all([outgoing.getStats(), call.getStats()]);
    return Math.min(a.get(BOB)?.framesDecoded ?? 0, b.get(ALICE)?.framesDecoded ?? 0);
  };
  let frames = 0;
  await waitFor(
    () => {
      void decoded().then((n) => {
        frames = n;
      });
      return frames > 0;
    },
    'video decoded on both sides',
    15_000,
  );

  outgoing.hangUp();
  await waitFor(() => call.state === 'closed' && outgoing.state === 'closed', 'both closed');
  expect(resources.openPeerConnections()).toBe(0);
  expect(resources.liveCaptureTracks()).toBe(0);
});
