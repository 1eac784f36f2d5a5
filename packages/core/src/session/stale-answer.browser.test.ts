/**
 * An answer that comes in while a newer offer is being made, with two real PeerLinks in Chromium wired by a
 * signaling path whose answers can be held: it is checked against, and applied to, the offer it answers, not the
 * one being made (Chromium refuses an answer with other sections than the offer, and the link would end). A drop
 * is made by making `connectionState` look `failed` to one link (the impolite side restarts at once).
 */
import { afterEach, expect, it } from 'vitest';
import type { SignalDescription } from '../protocol/signal.js';
import { waitFor } from '../testing/harness.js';
import { systemClock } from '../util/clock.js';
import { type OutgoingMedia, PeerLink, type PeerOutgoing } from './peer-link.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

const created: RTCPeerConnection[] = [];
const Original = RTCPeerConnection;
function captureConnections(): void {
  (globalThis as { RTCPeerConnection: typeof RTCPeerConnection }).RTCPeerConnection = class extends Original {
    constructor(config?: RTCConfiguration) {
      super(config);
      created.push(this);
    }
  } as typeof RTCPeerConnection;
  cleanups.push(() => {
    (globalThis as { RTCPeerConnection: typeof RTCPeerConnection }).RTCPeerConnection = Original;
    created.length = 0;
  });
}

const stream = new MediaStream();
const media = (): OutgoingMedia => ({ audio: null, video: null, sideCamera: null, screenAudio: null, stream });

interface Side {
  link: PeerLink;
  pc: () => RTCPeerConnection;
  /** Descriptions this side sent, held until released (when `hold` is on). */
  held: SignalDescription[];
  hold: boolean;
  errors: string[];
}

function side(userId: string, polite: boolean, deliver: (s: PeerOutgoing) => void, index: number): Side {
  const s: Side = {
    link: null as unknown as PeerLink,
    pc: () => created[index]!,
    held: [],
    hold: false,
    errors: [],
  };
  s.link = new PeerLink({
    userId,
    polite,
    video: true,
    iceServers: [],
    iceTransportPolicy: 'all',
    clock: systemClock,
    disconnectTimeout: 60_000,
    iceRestartDelay: 300,
    candidateBatchMs: 20,
    send: (signal) => {
      if (signal.kind === 'description' && signal.description.type === 'answer' && s.hold)
        s.held.push(signal.description);
      else setTimeout(() => deliver(signal), 2);
    },
  });
  s.link.on('error', (e) => s.errors.push(e.message));
  cleanups.push(() => s.link.close());
  return s;
}

/** Alice (impolite, first offer) and bob (polite), connected. */
async function pair(): Promise<{ alice: Side; bob: Side }> {
  captureConnections();
  let alice!: Side;
  let bob!: Side;
  const to = (target: () => Side) => (signal: PeerOutgoing) => {
    const t = target();
    if (signal.kind === 'candidates') void t.link.handleCandidates(signal.candidates);
    else void t.link.handleDescription(signal.description, media);
  };
  alice = side(
    'bob@example.test',
    false,
    to(() => bob),
    0,
  ); // alice's link to bob
  const offer = await alice.link.createOffer(media());
  bob = side(
    'alice@example.test',
    true,
    to(() => alice),
    1,
  );
  const answer = await bob.link.answerOffer(offer, media);
  await alice.link.acceptAnswer(answer);
  alice.link.enableSignaling();
  bob.link.enableSignaling();
  await waitFor(() => alice.link.state === 'connected' && bob.link.state === 'connected', 'connected', 15_000);
  alice.link.takeShareSections(media);
  bob.link.takeShareSections(media);
  return { alice, bob };
}

/** Makes `pc` look `state` to its link (the real connection is untouched). */
function spoof(pc: RTCPeerConnection, state: RTCPeerConnectionState | null): void {
  if (state === null) delete (pc as { connectionState?: unknown }).connectionState;
  else Object.defineProperty(pc, 'connectionState', { get: () => state, configurable: true });
  pc.onconnectionstatechange?.(new Event('connectionstatechange'));
}

function release(from: Side, to: Side): Promise<void> {
  const all = from.held.splice(0);
  return all.reduce((p, d) => p.then(() => to.link.handleDescription(d, media)), Promise.resolve());
}

it('an answer that comes in while the restart is offered again is not applied to the new offer', async () => {
  const { alice, bob } = await pair();
  const apc = alice.pc();
  bob.hold = true; // bob's answers are slow to come back
  spoof(apc, 'failed'); // alice restarts at once: offer O1 (2 sections, new ufrag)
  await waitFor(() => bob.held.length === 1, 'bob answered O1', 5_000);
  alice.link.needShareSections(); // sharing starts meanwhile: the share sections wait for stable
  // When the next restart re-offers (have-local-offer), bob's answer to O1 comes in right then.
  const originalSld = apc.setLocalDescription.bind(apc);
  let raced = false;
  apc.setLocalDescription = (d?: RTCLocalSessionDescriptionInit) => {
    const result = originalSld(d);
    if (!raced && apc.signalingState === 'have-local-offer') {
      raced = true;
      bob.hold = false;
      void release(bob, alice);
    }
    return result;
  };
  await waitFor(() => raced, 'the restart re-offer (after ~5 s)', 10_000);
  await new Promise((r) => setTimeout(r, 1_500));
  expect(alice.errors).toEqual([]);
  expect(alice.link.state).not.toBe('error');
  spoof(apc, null);
}, 30_000);
