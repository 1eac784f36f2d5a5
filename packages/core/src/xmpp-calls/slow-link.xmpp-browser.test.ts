/**
 * Real calls in Chromium over a poor signaling path: each page logs in to the run's Prosody through its own
 * delaying TCP proxy (`commands.openSlowLink`, scripts/test-support/slow-link.ts), so offers, answers and
 * trickled ICE candidates arrive late and bunched, while media goes peer to peer over loopback as usual.
 * The Node tests of the same links (slow-link.xmpp.test.ts) use the fake RTC; these check real ICE and media.
 */

import { afterEach, beforeEach, expect, it } from 'vitest';
import { commands } from 'vitest/browser';
import type { CallClient } from '../client/call-client.js';
import type { CallSession } from '../session/call-session.js';
import type { PeerState } from '../session/types.js';
import { framesDecodedAbove, trackResources, waitFor } from '../testing/harness.js';
import { callClient, expectVideoFlowing, incoming, jidOf, releaseAll, xmppServer } from './helpers.js';

const ALICE = jidOf('alice');
const BOB = jidOf('bob');

let resources: ReturnType<typeof trackResources>;

beforeEach(() => {
  resources = trackResources();
});

afterEach(async () => {
  await releaseAll();
  await commands.closeSlowLinks();
  resources.restore();
});

/** Link states that mean the link broke (rather than rang, connected or ended by someone's hang-up). */
const LINK_TROUBLE: ReadonlySet<PeerState> = new Set(['disconnected', 'disconnectTimeout', 'failed', 'error']);

interface SlowUser {
  readonly client: CallClient;
  /** The local port of the user's link: the handle for `setSlowLinkLatency` and `stallSlowLink`. */
  readonly link: number;
  /** Everything that went wrong, as the app would hear it: client and session errors, links that dropped. */
  readonly trouble: string[];
  /** Records a session's errors and dropped links into `trouble`. */
  readonly watch: (session: CallSession) => void;
}

/** `username` logged in through a link of its own (without latency while logging in). */
async function slowUser(username: string): Promise<SlowUser> {
  const server = new URL(xmppServer().wsUrl);
  const link = await commands.openSlowLink(Number(server.port));
  const client = await callClient(
    username,
    { speakingInterval: 0 },
    { service: `ws://127.0.0.1:${link}${server.pathname}` },
  );
  const trouble: string[] = [];
  client.on('error', ({ error }) => trouble.push(`client ${error.code}`));
  const watch = (session: CallSession) => {
    session.on('error', ({ error }) => trouble.push(`session ${error.code}`));
    session.on('peerStateChanged', ({ userId, state }) => {
      if (LINK_TROUBLE.has(state)) trouble.push(`${userId} ${state}`);
    });
  };
  client.on('incomingCall', ({ session }) => watch(session));
  return { client, link, trouble, watch };
}

/** A video call from `caller` to `callee`, accepted; resolves once both sessions are active. */
async function slowCall(caller: SlowUser, callee: SlowUser): Promise<[CallSession, CallSession]> {
  const outgoing = caller.client.createSession([callee.client.localUser], 'video');
  caller.watch(outgoing);
  const ringing = incoming(callee.client);
  await outgoing.start();
  const call = await ringing;
  await call.accept();
  await waitFor(() => outgoing.state === 'active' && call.state === 'active', 'both sessions active', 30_000);
  return [outgoing, call];
}

it('1:1 video with 400–800 ms each way on both sides: it connects, video flows both ways, the hang-up ends both', async () => {
  const alice = await slowUser('alice');
  const bob = await slowUser('bob');
  await commands.setSlowLinkLatency(alice.link, 400, 800);
  await commands.setSlowLinkLatency(bob.link, 400, 800);

  const [outgoing, call] = await slowCall(alice, bob);
  await expectVideoFlowing(outgoing, BOB);
  await expectVideoFlowing(call, ALICE);

  outgoing.hangUp();
  await waitFor(() => call.state === 'closed', 'the hang-up reached Bob', 15_000);
  expect([outgoing.closeReason, call.closeReason]).toEqual(['hungUp', 'remoteEnded']);
  expect([...alice.trouble, ...bob.trouble]).toEqual([]);
  await waitFor(() => resources.openPeerConnections() === 0, 'no open peer connection');
}, 60_000);

it('an 8 s stall of one side’s signaling mid-call: media goes on, the call stays up, and ends normally after', async () => {
  const alice = await slowUser('alice');
  const bob = await slowUser('bob');
  const [outgoing, call] = await slowCall(alice, bob);
  await expectVideoFlowing(call, ALICE);

  await commands.stallSlowLink(alice.link, 'up', 8_000);
  await commands.stallSlowLink(alice.link, 'down', 8_000);
  const stalledAt = Date.now();
  // Frames keep being decoded on both sides while Alice's chat connection hears and says nothing.
  let bobSees = await framesDecodedAbove(call, ALICE, 0);
  let aliceSees = await framesDecodedAbove(outgoing, BOB, 0);
  while (Date.now() - stalledAt < 7_000) {
    bobSees = await framesDecodedAbove(call, ALICE, bobSees, 3_000);
    aliceSees = await framesDecodedAbove(outgoing, BOB, aliceSees, 3_000);
    expect([outgoing.state, call.state]).toEqual(['active', 'active']);
  }

  await new Promise((resolve) => setTimeout(resolve, 1_500)); // the stall is over
  call.hangUp();
  await waitFor(() => outgoing.state === 'closed', 'the hang-up reached Alice after the stall', 20_000);
  expect([outgoing.closeReason, call.closeReason]).toEqual(['remoteEnded', 'hungUp']);
  expect([...alice.trouble, ...bob.trouble]).toEqual([]);
}, 60_000);
